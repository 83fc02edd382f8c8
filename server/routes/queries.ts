import type { FastifyPluginAsync } from 'fastify';
import { listQueriesSchema, runQuerySchema, type RunQueryParams, type RunQueryQuerystring } from '../schemas/queries.js';
import { PARAM_TYPES } from '../lib/query-registry.js';
import { createHash } from 'node:crypto';
import { sendTable } from '../lib/send-table.js';
import { scopeKey } from '../lib/principal.js';
import { AppError } from '../lib/errors.js';
import { downloadName } from '../lib/download-name.js';

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
    const result = await app.queries.run(name, request.query, request.principal).catch((err: unknown) => {
      // Overloaded: tell the client when to come back (503 server_busy).
      if (err instanceof AppError && typeof err.details?.retry_after_s === 'number') reply.header('Retry-After', String(err.details.retry_after_s));
      throw err;
    });
    // Same data version + same scope + same URL = same bytes: browsers revalidate and get a 304.
    // The scope is in the tag so a sign-in or sign-out never revalidates someone else's answer.
    const etag = `"${createHash('sha1').update(`${result.version}\0${scopeKey(request.principal)}\0${request.url}\0${request.headers.accept ?? ''}`).digest('base64url')}"`;
    reply.header('ETag', etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Authorization, Cookie').header('X-Cache', result.cached ? 'hit' : 'miss');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    const query = app.queries.get(name);
    const labels = Object.fromEntries(query.columns.map((c) => [c.name, c.label]));
    const headers = request.query.headers === 'zh' ? 'zh' : 'en';
    const forPeople = headers === 'zh' || request.query.format === 'xlsx';
    const file = request.query.filename ?? (forPeople ? downloadName(query.title, query.params.map((p) => request.query[p.name])) : name);
    return sendTable(request, reply, result, file, { labels, headers, sheetName: query.title, page: { total: result.total, offset: result.offset, limit: result.limit } });
  });
};
export default queries;
