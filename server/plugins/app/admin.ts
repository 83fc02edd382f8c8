/**
 * The built-in administrator's password: it comes from XPILOT_ADMIN_PASSWORD
 * (which always wins, so an operator can reset it by restarting with a new
 * one); without it, the first start generates one and hands it to
 * `onGenerated` to print once. Only its scrypt hash is stored (admin_account,
 * outside the SQL sandbox). Signing in — by session, Basic or token, as the
 * administrator or anyone else — is plugins/app/principal.ts's job.
 */
import fp from 'fastify-plugin';
import { generatePassword, hashPassword, verifyPassword } from '../../lib/password.js';
import { sqlFile } from '../../lib/sql-files.js';
import { ADMIN_NAME, endSessions } from '../../lib/users.js';

export { ADMIN_NAME };

export interface AdminOptions {
  /** XPILOT_ADMIN_PASSWORD. */
  password?: string;
  /** Called once when a password was generated (first start without XPILOT_ADMIN_PASSWORD). */
  onGenerated?: (password: string) => void;
}

export default fp(
  async (app, opts: AdminOptions) => {
    const stored = (await app.db.query(sqlFile('admin_get'), { name: ADMIN_NAME })).rows[0]?.password_hash as string | undefined;
    if (opts.password) {
      if (!stored || !(await verifyPassword(opts.password, stored))) {
        const hash = await hashPassword(opts.password);
        await app.db.query(sqlFile('admin_set'), { name: ADMIN_NAME, hash });
        // A new password ends the sessions signed in with the old one.
        await endSessions(app.db, ADMIN_NAME);
      }
    } else if (!stored) {
      const generated = generatePassword();
      const hash = await hashPassword(generated);
      await app.db.query(sqlFile('admin_set'), { name: ADMIN_NAME, hash });
      opts.onGenerated?.(generated);
    }
  },
  { name: 'admin', dependencies: ['duckdb'] },
);
