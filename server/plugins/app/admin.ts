/**
 * The administrator: the one account that may change the data (commit and
 * undo imports). Reading — dashboards, named queries, previews, the SQL
 * console — stays open to whoever reaches the port, as before.
 *
 * The password comes from XPILOT_ADMIN_PASSWORD (which always wins, so an
 * operator can reset it by restarting with a new one); without it, a start
 * generates one and hands it to `onGenerated` to print — the first start, and
 * every later start until someone has signed in with a generated password.
 * So a first start that dies after storing the hash but before printing the
 * password (or whose output nobody saw) costs nothing: the next start prints
 * a new one. `npm run user -- reset admin` prints a new one any time the
 * server is stopped. Only scrypt hashes are stored (admin_account, outside the
 * SQL sandbox).
 *
 * Two ways to prove it: a session cookie from POST /api/session (the web app),
 * or HTTP Basic `admin:<password>` on the request itself (curl, scripts).
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../lib/errors.js';
import { generatePassword, hashPassword, verifyPassword } from '../../lib/password.js';
import { sqlFile } from '../../lib/sql-files.js';
import type { Db } from './duckdb.js';

export const ADMIN_NAME = 'admin';
export const SESSION_COOKIE = 'xpilot_admin';
const SESSION_HOURS = 12;
/** Failed sign-ins allowed per client address in a window before it must wait. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

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

export interface Admin {
  /** Whether the request carries a live session or valid Basic credentials. */
  isAdmin(request: FastifyRequest): Promise<boolean>;
  /** Throws 401 admin_required unless isAdmin. */
  require(request: FastifyRequest): Promise<void>;
  /** Checks a password (rate-limited per client address); on success sets the session cookie. */
  signIn(request: FastifyRequest, reply: FastifyReply, password: string): Promise<void>;
  signOut(request: FastifyRequest, reply: FastifyReply): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    admin: Admin;
  }
}

/** Stores a new password hash for `name`, and whether a start generated it (nobody has signed in with it yet). */
export async function storeAdminPassword(db: Db, name: string, hash: string, generated: boolean): Promise<void> {
  await db.transaction(async (conn) => {
    await conn.run(sqlFile('admin_set'), { name, hash });
    await conn.run(sqlFile('admin_state_set'), { name, generated });
  });
}

export const adminRequired = () =>
  new AppError(401, 'admin_required', 'Sign in as the administrator to change data (commit or undo an import)', '提交或撤销导入需要管理员登录。');

/** One cookie's value from a Cookie header (names are ours and plain; values are base64url). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function basicPassword(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (!auth?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(0, colon) !== ADMIN_NAME) return undefined;
  return decoded.slice(colon + 1);
}

export default fp(
  async (app, opts: AdminOptions) => {
    const account = (await app.db.query(sqlFile('admin_get'), { name: ADMIN_NAME })).rows[0];
    const stored = account?.password_hash as string | undefined;
    let hash = stored;
    let signedIn = account?.signed_in === true;
    if (opts.password) {
      if (!stored || !(await verifyPassword(opts.password, stored))) {
        hash = await hashPassword(opts.password);
        await storeAdminPassword(app.db, ADMIN_NAME, hash, false);
        signedIn = false;
      }
    } else if (!stored || (account?.generated === true && !signedIn)) {
      const generated = generatePassword();
      hash = await hashPassword(generated);
      await storeAdminPassword(app.db, ADMIN_NAME, hash, true);
      opts.onGenerated?.(generated, stored !== undefined);
    }
    const passwordHash = hash!;
    /** Records the first sign-in with this password: from then on a start keeps a generated one. */
    const noteSignIn = async () => {
      if (signedIn) return;
      signedIn = true;
      await app.db.query(sqlFile('admin_signed_in'), { name: ADMIN_NAME });
    };

    const sessions = new Map<string, number>(); // token -> expiry (ms)
    const failures = new Map<string, { count: number; since: number }>();

    const sessionOf = (request: FastifyRequest) => {
      const token = cookieValue(request.headers.cookie, SESSION_COOKIE);
      if (!token) return undefined;
      const expires = sessions.get(token);
      if (expires === undefined) return undefined;
      if (expires < Date.now()) {
        sessions.delete(token);
        return undefined;
      }
      return token;
    };

    const throttle = (ip: string) => {
      const f = failures.get(ip);
      if (f && Date.now() - f.since < FAILURE_WINDOW_MS && f.count >= MAX_FAILURES) {
        const minutes = Math.ceil((f.since + FAILURE_WINDOW_MS - Date.now()) / 60_000);
        throw new AppError(429, 'too_many_attempts', `Too many wrong passwords; try again in ${minutes} min`, `密码错误次数过多，请 ${minutes} 分钟后再试。`);
      }
    };
    const failed = (ip: string) => {
      const f = failures.get(ip);
      if (!f || Date.now() - f.since >= FAILURE_WINDOW_MS) failures.set(ip, { count: 1, since: Date.now() });
      else f.count += 1;
    };

    const admin: Admin = {
      async isAdmin(request) {
        if (sessionOf(request)) return true;
        const password = basicPassword(request);
        if (password === undefined) return false;
        throttle(request.ip);
        if (await verifyPassword(password, passwordHash)) {
          await noteSignIn();
          return true;
        }
        failed(request.ip);
        return false;
      },
      async require(request) {
        if (!(await admin.isAdmin(request))) throw adminRequired();
      },
      async signIn(request, reply, password) {
        throttle(request.ip);
        if (!(await verifyPassword(password, passwordHash))) {
          failed(request.ip);
          throw new AppError(401, 'wrong_password', 'Wrong administrator password', '管理员密码不正确。');
        }
        failures.delete(request.ip);
        await noteSignIn();
        const now = Date.now();
        for (const [t, expires] of sessions) if (expires < now) sessions.delete(t);
        const token = randomBytes(32).toString('base64url');
        sessions.set(token, Date.now() + SESSION_HOURS * 3600_000);
        // Secure only over https: the default deployment is plain http on 127.0.0.1, where a Secure cookie would never come back.
        const secure = request.protocol === 'https' ? '; Secure' : '';
        reply.header('set-cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}${secure}`);
      },
      signOut(request, reply) {
        const token = sessionOf(request);
        if (token) sessions.delete(token);
        reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
      },
    };
    app.decorate('admin', admin);
  },
  { name: 'admin', dependencies: ['duckdb'] },
);
