/** Saved SQL queries: name, description, owner, SQL and parameter values. */
import type { FastifyPluginAsync } from 'fastify';
import { createSavedQuerySchema, deleteSavedQuerySchema, getSavedQuerySchema, listSavedQueriesSchema, type SavedQueryBody, type SavedQueryParams } from '../schemas/sql.js';
import { AppError } from '../lib/errors.js';
import { ownerOf } from '../lib/principal.js';
import { sqlFile } from '../lib/sql-files.js';
import type { JsonValue } from '../lib/values.js';

function toSaved(r: Record<string, JsonValue>) {
  let params: Record<string, unknown> = {};
  try {
    const v = JSON.parse(String(r.params ?? '{}')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) params = v as Record<string, unknown>;
  } catch {
    /* stored by us; never malformed in practice */
  }
  return {
    id: Number(r.id),
    name: String(r.name),
    description: r.description === null ? null : String(r.description),
    owner: String(r.owner),
    sql: String(r.sql),
    params,
    createdAt: String(r.created_at),
  };
}

const notFound = (id: string) => new AppError(404, 'saved_query_not_found', `No saved query ${id}`, `没有编号为 ${id} 的已保存查询`, { id });

const savedQueries: FastifyPluginAsync = async (app) => {
  // Saved queries belong to their owner: each caller lists, opens and deletes only their own.
  app.get('/saved-queries', { schema: listSavedQueriesSchema }, async (request) => ({
    items: (await app.db.query(sqlFile('saved_query_list'), { owner: ownerOf(request.principal, request.ip) })).rows.map(toSaved),
  }));

  app.get<{ Params: SavedQueryParams }>('/saved-queries/:id', { schema: getSavedQuerySchema }, async (request) => {
    const row = (await app.db.query(sqlFile('saved_query_get'), { id: Number(request.params.id) })).rows[0];
    // Someone else's query answers like a missing one: its SQL is theirs.
    if (!row || String(row.owner) !== ownerOf(request.principal, request.ip)) throw notFound(request.params.id);
    return toSaved(row);
  });

  app.post<{ Body: SavedQueryBody }>('/saved-queries', { schema: createSavedQuerySchema }, async (request, reply) => {
    const { name, description, sql, params } = request.body;
    const row = (
      await app.db.query(sqlFile('saved_query_insert'), {
        name: name.trim(),
        description: description?.trim() || null,
        owner: ownerOf(request.principal, request.ip),
        sql,
        params: JSON.stringify(params ?? {}),
      })
    ).rows[0]!;
    return reply.status(201).send(toSaved(row));
  });

  app.delete<{ Params: SavedQueryParams }>('/saved-queries/:id', { schema: deleteSavedQuerySchema }, async (request, reply) => {
    const id = Number(request.params.id);
    const row = (await app.db.query(sqlFile('saved_query_get'), { id })).rows[0];
    if (!row) throw notFound(request.params.id);
    const user = ownerOf(request.principal, request.ip);
    if (String(row.owner) !== user) {
      throw new AppError(403, 'saved_query_forbidden', `Only its owner (${String(row.owner)}) can delete saved query ${id}`, `只有所有者（${String(row.owner)}）可以删除这条已保存的查询`, { id });
    }
    await app.db.query(sqlFile('saved_query_delete'), { id });
    return reply.status(204).send();
  });
};
export default savedQueries;
