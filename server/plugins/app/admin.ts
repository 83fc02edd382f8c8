/**
 * The administrator: the one account that may change the data (commit and
 * undo imports). Reading — dashboards, named queries, previews, the SQL
 * console — stays open to whoever reaches the port, as before.
 *
 * The password comes from XPILOT_ADMIN_PASSWORD (which always wins, so an
 * operator can reset it by restarting with a new one); without it, the first
 * start generates one and hands it to `onGenerated` to print once. Only its
 * scrypt hash is stored (admin_account, outside the SQL sandbox).
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

export const ADMIN_NAME = 'admin';
export const SESSION_COOKIE = 'xpilot_admin';
const SESSION_HOURS = 12;
/** Failed sign-ins allowed per client address in a window before it must wait. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

export interface AdminOptions {
  /** XPILOT_ADMIN_PASSWORD. */
  password?: string;
  /** Called once when a password was generated (first start without XPILOT_ADMIN_PASSWORD). */
  onGenerated?: (password: string) => void;
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
    const stored = (await app.db.query(sqlFile('admin_get'), { name: ADMIN_NAME })).rows[0]?.password_hash as string | undefined;
    let hash = stored;
    if (opts.password) {
      if (!stored || !(await verifyPassword(opts.password, stored))) {
        hash = await hashPassword(opts.password);
        await app.db.query(sqlFile('admin_set'), { name: ADMIN_NAME, hash });
      }
    } else if (!stored) {
      const generated = generatePassword();
      hash = await hashPassword(generated);
      await app.db.query(sqlFile('admin_set'), { name: ADMIN_NAME, hash });
      opts.onGenerated?.(generated);
    }
    const passwordHash = hash!;

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
        if (await verifyPassword(password, passwordHash)) return true;
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
