import type { FastifyPluginAsync } from 'fastify';
import { listQueriesSchema, runQuerySchema, type RunQueryParams, type RunQueryQuerystring } from '../schemas/queries.js';
import { PARAM_TYPES } from '../lib/query-registry.js';
import { sendTable } from '../lib/send-table.js';

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
    const result = await app.queries.run(name, request.query);
    const labels = Object.fromEntries(app.queries.get(name).columns.map((c) => [c.name, c.label]));
    return sendTable(request, reply, result, name, { labels });
  });
};
export default queries;
