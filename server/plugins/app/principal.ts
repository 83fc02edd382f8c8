/**
 * Gives every request its principal (server/lib/principal.ts) before any
 * handler runs: the administrator (session cookie or HTTP Basic admin:…),
 * a user from the `users` table by HTTP Basic, or an anonymous visitor.
 * Routes and the data layer read request.principal and nothing else; the
 * X-User header is not trusted.
 */
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { ADMIN, ANONYMOUS, type Principal, type Role } from '../../lib/principal.js';
import { sqlFile } from '../../lib/sql-files.js';
import { verifyPassword } from '../../lib/password.js';
import { ADMIN_NAME } from './admin.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

function basicCredentials(request: FastifyRequest): { username: string; password: string } | undefined {
  const auth = request.headers.authorization;
  if (!auth?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export default fp(
  async (app) => {
    const userByBasic = async (request: FastifyRequest): Promise<Principal | undefined> => {
      const basic = basicCredentials(request);
      if (!basic || basic.username === ADMIN_NAME) return undefined;
      const row = (await app.db.query(sqlFile('user_get'), { username: basic.username })).rows[0];
      if (!row || row.disabled === true) return undefined;
      if (!(await verifyPassword(basic.password, String(row.password_hash)))) return undefined;
      return {
        user: String(row.username),
        role: String(row.role) as Role,
        provinces: (row.provinces as string[] | null) ?? [],
        schoolIds: ((row.school_ids as number[] | null) ?? []).map(Number),
      };
    };

    app.decorateRequest('principal', null as unknown as Principal);
    app.addHook('onRequest', async (request) => {
      request.principal = ANONYMOUS;
      if (await app.admin.isAdmin(request)) request.principal = ADMIN(ADMIN_NAME);
      else request.principal = (await userByBasic(request)) ?? ANONYMOUS;
    });
  },
  { name: 'principal', dependencies: ['duckdb', 'admin'] },
);
