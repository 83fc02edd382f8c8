/** /api/tokens: script tokens for the signed-in user (Authorization: Bearer …). */
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../lib/errors.js';
import { audit } from '../lib/audit.js';
import { sqlFile } from '../lib/sql-files.js';
import { newToken } from '../lib/tokens.js';
import { signInRequired } from '../plugins/app/principal.js';
import { createTokenSchema, listTokensSchema, revokeTokenSchema, type CreateTokenBody, type TokenParams } from '../schemas/tokens.js';

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const toView = (r: Record<string, unknown>) => ({ id: Number(r.id), name: String(r.name), createdAt: String(r.created_at), lastUsed: str(r.last_used), revokedAt: str(r.revoked_at) });

const tokens: FastifyPluginAsync = async (app) => {
  const userOf = (p: { user: string | null }) => {
    if (!p.user) throw signInRequired();
    return p.user;
  };

  app.post<{ Body: CreateTokenBody }>('/tokens', { schema: createTokenSchema }, async (request, reply) => {
    const username = userOf(request.principal);
    const { token, hash } = newToken('xpt_');
    const row = (await app.db.query(sqlFile('token_insert'), { token_hash: hash, username, name: request.body.name.trim() })).rows[0]!;
    await audit(request, { action: 'token_create', outcome: 'ok', target: Number(row.id), detail: { name: request.body.name.trim() } });
    return reply.status(201).send({ token, item: toView({ ...row, last_used: null, revoked_at: null }) });
  });

  app.get('/tokens', { schema: listTokensSchema }, async (request) => ({
    items: (await app.db.query(sqlFile('tokens_list'), { username: userOf(request.principal) })).rows.map(toView),
  }));

  app.delete<{ Params: TokenParams }>('/tokens/:id', { schema: revokeTokenSchema }, async (request, reply) => {
    const username = userOf(request.principal);
    const id = Number(request.params.id);
    const revoked = (await app.db.query(sqlFile('token_revoke'), { id, username })).rows.length > 0;
    if (!revoked) throw new AppError(404, 'token_not_found', `You have no live token ${id}`, `您没有编号为 ${id} 的有效令牌。`);
    await audit(request, { action: 'token_revoke', outcome: 'ok', target: id });
    return reply.status(204).send();
  });
};
export default tokens;
