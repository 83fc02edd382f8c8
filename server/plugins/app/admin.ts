/**
 * The built-in administrator's password: it comes from XPILOT_ADMIN_PASSWORD
 * (which always wins, so an operator can reset it by restarting with a new
 * one); without it, a start generates one and hands it to `onGenerated` to
 * print — the first start, and every later start until someone has signed in
 * with a generated password. So a first start that dies after storing the
 * hash but before printing the password (or whose output nobody saw) costs
 * nothing: the next start prints a new one. `npm run user -- reset admin`
 * prints a new one any time the server is stopped. Only scrypt hashes are
 * stored (admin_account, outside the SQL sandbox). Signing in — by session,
 * Basic or token, as the administrator or anyone else — is
 * plugins/app/principal.ts's job; it tells this plugin when the administrator
 * signed in (noteSignIn).
 */
import fp from 'fastify-plugin';
import { generatePassword, hashPassword, verifyPassword } from '../../lib/password.js';
import { sqlFile } from '../../lib/sql-files.js';
import { ADMIN_NAME, endSessions } from '../../lib/users.js';
import type { Db } from './duckdb.js';

export { ADMIN_NAME };

export interface AdminOptions {
  /** XPILOT_ADMIN_PASSWORD. */
  password?: string;
  /**
   * Called when a start generated a password (no XPILOT_ADMIN_PASSWORD, and no
   * one has signed in with a generated one yet); `again` when it replaces an
   * earlier generated password nobody used.
   */
  onGenerated?: (password: string, again: boolean) => void;
}

export interface AdminAccount {
  /** Records the first sign-in with the current password: from then on a start keeps a generated one. */
  noteSignIn(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    adminAccount: AdminAccount;
  }
}

/** Stores a new password hash for `name`, and whether a start generated it (nobody has signed in with it yet). */
export async function storeAdminPassword(db: Db, name: string, hash: string, generated: boolean): Promise<void> {
  await db.transaction(async (conn) => {
    await conn.run(sqlFile('admin_set'), { name, hash });
    await conn.run(sqlFile('admin_state_set'), { name, generated });
  });
}

export default fp(
  async (app, opts: AdminOptions) => {
    const account = (await app.db.query(sqlFile('admin_get'), { name: ADMIN_NAME })).rows[0];
    const stored = account?.password_hash as string | undefined;
    let signedIn = account?.signed_in === true;
    if (opts.password) {
      if (!stored || !(await verifyPassword(opts.password, stored))) {
        await storeAdminPassword(app.db, ADMIN_NAME, await hashPassword(opts.password), false);
        signedIn = false;
        // A new password ends the sessions signed in with the old one.
        await endSessions(app.db, ADMIN_NAME);
      }
    } else if (!stored || (account?.generated === true && !signedIn)) {
      const generated = generatePassword();
      await storeAdminPassword(app.db, ADMIN_NAME, await hashPassword(generated), true);
      if (stored) await endSessions(app.db, ADMIN_NAME);
      opts.onGenerated?.(generated, stored !== undefined);
    }
    app.decorate('adminAccount', {
      async noteSignIn() {
        if (signedIn) return;
        signedIn = true;
        await app.db.query(sqlFile('admin_signed_in'), { name: ADMIN_NAME });
      },
    } satisfies AdminAccount);
  },
  { name: 'admin', dependencies: ['duckdb'] },
);
