import type { FastifyPluginAsync } from 'fastify';
import { listQueriesSchema, runQuerySchema, type RunQueryParams, type RunQueryQuerystring } from '../schemas/queries.js';
import { PARAM_TYPES } from '../lib/query-registry.js';
import { createHash } from 'node:crypto';
import { sendTable } from '../lib/send-table.js';
import { scopeKey } from '../lib/principal.js';

const queries: FastifyPluginAsync = async (app) => {
  app.get('/queries', { schema: listQueriesSchema }, async () => ({
    queries: app.queries.list().map((q) => ({
      name: q.name,
      title: q.title,
      description: q.description,
      params: q.params.map((p) => ({ ...p, description: PARAM_TYPES[p.type] })),
      columns: q.columns,
      sql: q.sql,
    })),
  }));

  app.get<{ Params: RunQueryParams; Querystring: RunQueryQuerystring }>('/queries/*', { schema: runQuerySchema }, async (request, reply) => {
    const name = request.params['*'];
    const result = await app.queries.run(name, request.query, request.principal);
    // Same data version + same scope + same URL = same bytes: browsers revalidate and get a 304.
    // The scope is in the tag so a sign-in or sign-out never revalidates someone else's answer.
    const etag = `"${createHash('sha1').update(`${result.version}\0${scopeKey(request.principal)}\0${request.url}\0${request.headers.accept ?? ''}`).digest('base64url')}"`;
    reply.header('ETag', etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Authorization, Cookie').header('X-Cache', result.cached ? 'hit' : 'miss');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    const labels = Object.fromEntries(app.queries.get(name).columns.map((c) => [c.name, c.label]));
    return sendTable(request, reply, result, name, { labels, page: { total: result.total, offset: result.offset, limit: result.limit } });
  });
};
export default queries;
