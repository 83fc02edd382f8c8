/**
 * The one place that decides who is asking. Before any handler runs, every
 * request gets request.principal (server/lib/principal.ts) from, in order:
 * a script token (`Authorization: Bearer …`), the session cookie the web app
 * got from POST /api/session, HTTP Basic `user:password`, else an anonymous
 * visitor. Routes and the data layer read request.principal and nothing
 * else; the X-User header is not trusted anywhere.
 *
 * Also here, because they hang on how a request was authenticated:
 * - sessions persisted in DuckDB (table sessions, only the token's sha256),
 *   so a restart keeps people signed in; a new id at every sign-in;
 * - CSRF: a state-changing request that rides on the session cookie must
 *   carry the token GET /api/session hands out (@fastify/csrf-protection,
 *   secret in its own HttpOnly cookie); Basic and Bearer requests cannot be
 *   forged by another site and need none;
 * - the brute-force guard (lib/sign-in-guard.ts) around every password check.
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import { ANONYMOUS, type Principal } from '../../lib/principal.js';
import { sqlFile } from '../../lib/sql-files.js';
import { AppError } from '../../lib/errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { DEFAULT_GUARD, SignInGuard, type GuardLimits } from '../../lib/sign-in-guard.js';
import { ADMIN_NAME, checkPassword, passwordHashOf, principalOf } from '../../lib/users.js';
import { audit } from '../../lib/audit.js';
import { SnapshotStore } from '../../lib/rate-limit-store.js';

export const SESSION_COOKIE = 'xpilot_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthOptions {
  /** Session lifetime (XPILOT_SESSION_HOURS, default 12). */
  sessionHours?: number;
  /** Sign-in requests one address may make per minute (XPILOT_SIGNIN_PER_MINUTE, default 30), counted by @fastify/rate-limit. */
  signInPerMinute?: number;
  guard?: Partial<GuardLimits>;
}

export type AuthMethod = 'session' | 'basic' | 'bearer' | null;

export interface Auth {
  readonly guard: SignInGuard;
  readonly sessionHours: number;
  readonly signInPerMinute: number;
  /** Checks a password behind the guard (429 when locked); audits a failure. */
  checkPassword(request: FastifyRequest, username: string, password: string): Promise<boolean>;
  /** A fresh session for `username` (the old one, if any, is ended: no fixation); returns the CSRF token for it. */
  startSession(request: FastifyRequest, reply: FastifyReply, username: string): Promise<string>;
  endSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** A CSRF token for a cookie-signed-in page (null otherwise). */
  csrfToken(request: FastifyRequest, reply: FastifyReply): string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** How the principal was proven, and which session or token it was (their hash / id). */
    authMethod: AuthMethod;
    sessionHash: string | null;
    tokenId: number | null;
  }
  interface FastifyInstance {
    auth: Auth;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Signing in starts a session: nothing of the old one is there to forge. */
const CSRF_EXEMPT = new Set(['POST /api/session']);
const TOUCH_EVERY_MS = 60_000;
const BASIC_CACHE_MS = 5 * 60_000;

function basicCredentials(request: FastifyRequest): { username: string; password: string } | undefined {
  const auth = request.headers.authorization;
  if (!auth?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  return auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
}

export const signInRequired = () =>
  new AppError(401, 'sign_in_required', 'Sign in first (session, HTTP Basic or a Bearer token)', '请先登录。');

const invalidToken = () => new AppError(401, 'invalid_token', 'The Bearer token is unknown, revoked, or its account is disabled', '令牌无效、已撤销，或其账号已停用。');

const csrfFailed = () =>
  new AppError(403, 'csrf_invalid', `Missing or wrong CSRF token: send the csrfToken from GET /api/session in the ${CSRF_HEADER} header`, '缺少或错误的 CSRF 令牌：请刷新页面后重试。');

export default fp(
  async (app, opts: AuthOptions) => {
    const sessionHours = opts.sessionHours ?? 12;
    const signInPerMinute = opts.signInPerMinute ?? 30;
    const guard = new SignInGuard({ ...DEFAULT_GUARD, ...opts.guard });

    await app.register(cookie, { hook: 'onRequest' });
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'xpilot_csrf',
      cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true },
      getToken: (req) => req.headers[CSRF_HEADER] as string | undefined,
    });
    // Counts sign-in requests per address (routes opt in with config.rateLimit); the guard counts wrong passwords.
    await app.register(rateLimit, {
      global: false,
      store: SnapshotStore,
      errorResponseBuilder: (_req, ctx) =>
        new AppError(429, 'too_many_requests', `Too many sign-in attempts from this address; try again in ${ctx.after}`, `此地址登录尝试过于频繁，请稍后再试（${Math.ceil(ctx.ttl / 1000)} 秒）。`),
    });

    await app.db.query(sqlFile('sessions_prune'));
    const touched = new Map<string, number>();
    // Successful Basic checks, so a script's every request does not pay for scrypt; keyed by user, password and stored hash.
    const basicOk = new Map<string, number>();

    const auth: Auth = {
      guard,
      sessionHours,
      signInPerMinute,
      async checkPassword(request, username, password) {
        let release: (ok: boolean) => void;
        try {
          release = guard.begin(username, request.ip);
        } catch (err) {
          await audit(request, { action: 'sign_in', outcome: 'denied', actor: username, detail: { reason: 'too_many_attempts' } });
          throw err;
        }
        let ok = false;
        try {
          ok = await checkPassword(app.db, username, password);
        } finally {
          release(ok);
        }
        // A generated administrator password stops being reprinted at start once someone has used it.
        if (ok && username === ADMIN_NAME) await app.adminAccount.noteSignIn();
        if (!ok) await audit(request, { action: 'sign_in', outcome: 'failed', actor: username, detail: { method: request.authMethod ?? 'password' } });
        return ok;
      },
      async startSession(request, reply, username) {
        if (request.sessionHash) await app.db.query(sqlFile('session_delete'), { token_hash: request.sessionHash });
        await app.db.query(sqlFile('sessions_prune'));
        const { token, hash } = newToken();
        const ua = request.headers['user-agent'];
        await app.db.query(sqlFile('session_insert'), { token_hash: hash, username, hours: sessionHours, address: request.ip, user_agent: ua ? String(ua).slice(0, 300) : null });
        const secure = request.protocol === 'https';
        reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: sessionHours * 3600 });
        // A new CSRF secret with the new session: a token seen before sign-in is worth nothing after it.
        delete request.cookies.xpilot_csrf;
        request.sessionHash = hash;
        request.authMethod = 'session';
        return reply.generateCsrf({ secure });
      },
      async endSession(request, reply) {
        if (request.sessionHash) await app.db.query(sqlFile('session_delete'), { token_hash: request.sessionHash });
        reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
        reply.clearCookie('xpilot_csrf', { path: '/', httpOnly: true, sameSite: 'strict' });
      },
      csrfToken(request, reply) {
        return request.authMethod === 'session' ? reply.generateCsrf({ secure: request.protocol === 'https' }) : null;
      },
    };
    app.decorate('auth', auth);

    const fromToken = async (request: FastifyRequest, token: string): Promise<Principal> => {
      const row = (await app.db.query(sqlFile('token_get'), { token_hash: hashToken(token) })).rows[0];
      const principal = row ? await principalOf(app.db, String(row.username)) : undefined;
      if (!row || !principal) throw invalidToken();
      request.authMethod = 'bearer';
      request.tokenId = Number(row.id);
      const now = Date.now();
      if ((touched.get(`t${row.id}`) ?? 0) < now - TOUCH_EVERY_MS) {
        touched.set(`t${row.id}`, now);
        await app.db.query(sqlFile('token_touch'), { id: Number(row.id) });
      }
      return principal;
    };

    const fromSession = async (request: FastifyRequest, token: string): Promise<Principal | undefined> => {
      const hash = hashToken(token);
      const row = (await app.db.query(sqlFile('session_get'), { token_hash: hash })).rows[0];
      if (!row) return undefined;
      const principal = await principalOf(app.db, String(row.username));
      if (!principal) return undefined;
      request.authMethod = 'session';
      request.sessionHash = hash;
      const now = Date.now();
      if ((touched.get(hash) ?? 0) < now - TOUCH_EVERY_MS) {
        touched.set(hash, now);
        if (touched.size > 10_000) touched.clear();
        await app.db.query(sqlFile('session_touch'), { token_hash: hash, address: request.ip });
      }
      return principal;
    };

    const fromBasic = async (request: FastifyRequest, basic: { username: string; password: string }): Promise<Principal | undefined> => {
      const stored = await passwordHashOf(app.db, basic.username);
      const key = createHash('sha256').update(`${basic.username}\u0000${basic.password}\u0000${stored ?? ''}`).digest('hex');
      const now = Date.now();
      let ok = stored !== undefined && (basicOk.get(key) ?? 0) > now;
      if (!ok) {
        request.authMethod = 'basic';
        ok = await auth.checkPassword(request, basic.username, basic.password);
        request.authMethod = null;
        if (ok) {
          if (basicOk.size > 1000) basicOk.clear();
          basicOk.set(key, now + BASIC_CACHE_MS);
        }
      }
      if (!ok) return undefined;
      const principal = await principalOf(app.db, basic.username);
      if (principal) request.authMethod = 'basic';
      return principal;
    };

    app.decorateRequest('principal', null as unknown as Principal);
    app.decorateRequest('authMethod', null);
    app.decorateRequest('sessionHash', null);
    app.decorateRequest('tokenId', null);
    app.addHook('onRequest', async (request, reply) => {
      request.principal = ANONYMOUS;
      const bearer = bearerToken(request);
      const basic = bearer === undefined ? basicCredentials(request) : undefined;
      const cookieToken = request.cookies[SESSION_COOKIE];
      request.principal =
        (bearer !== undefined ? await fromToken(request, bearer) : undefined) ??
        (cookieToken ? await fromSession(request, cookieToken) : undefined) ??
        (basic ? await fromBasic(request, basic) : undefined) ??
        ANONYMOUS;

      if (request.authMethod === 'session' && !SAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
        // The plugin answers through reply.send(error); catch that to answer in our error envelope instead.
        await new Promise<void>((resolve, reject) => {
          // Our cookies are not signed, so the plugin uses nothing of the reply but send().
          const capture = { send: () => reject(csrfFailed()) } as unknown as FastifyReply;
          app.csrfProtection.call(app, request, capture, () => resolve());
        });
      }
    });
  },
  { name: 'principal', dependencies: ['duckdb', 'admin'] },
);
