/**
 * Saved SQL queries: name, description, owner, SQL and parameter values.
 * Open without sign-in, so each owner may keep at most XPILOT_SAVED_QUERIES_MAX
 * and the list is paged.
 */
import type { FastifyPluginAsync } from 'fastify';
import { createSavedQuerySchema, deleteSavedQuerySchema, getSavedQuerySchema, listSavedQueriesSchema, type SavedQueryBody, type SavedQueryListQuerystring, type SavedQueryParams } from '../schemas/sql.js';
import { AppError } from '../lib/errors.js';
import { positiveIntEnv } from '../lib/env.js';
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

const tooMany = (owner: string, max: number) =>
  new AppError(
    409,
    'saved_queries_limit',
    `${owner} already has ${max} saved queries, the most one owner may keep (XPILOT_SAVED_QUERIES_MAX); delete some first`,
    `“${owner}”已保存 ${max} 条查询，已达每人上限（XPILOT_SAVED_QUERIES_MAX）；请先删除不用的查询`,
    { max },
  );

export const DEFAULT_PAGE = 50;

const savedQueries: FastifyPluginAsync = async (app) => {
  const maxPerOwner = positiveIntEnv(process.env, 'XPILOT_SAVED_QUERIES_MAX', 200);

  // Saved queries belong to their owner: each caller lists, opens and deletes only their own.
  app.get<{ Querystring: SavedQueryListQuerystring }>('/saved-queries', { schema: listSavedQueriesSchema }, async (request) => {
    const owner = ownerOf(request.principal, request.ip);
    const limit = Number(request.query.limit ?? DEFAULT_PAGE);
    const offset = Number(request.query.offset ?? 0);
    const rows = (await app.db.query(sqlFile('saved_query_list'), { owner, limit, offset })).rows;
    const total = Number((await app.db.query(sqlFile('saved_query_count'), { owner })).rows[0]!.total);
    return { items: rows.map(toSaved), total, limit, offset };
  });

  app.get<{ Params: SavedQueryParams }>('/saved-queries/:id', { schema: getSavedQuerySchema }, async (request) => {
    const row = (await app.db.query(sqlFile('saved_query_get'), { id: Number(request.params.id) })).rows[0];
    // Someone else's query answers like a missing one: its SQL is theirs.
    if (!row || String(row.owner) !== ownerOf(request.principal, request.ip)) throw notFound(request.params.id);
    return toSaved(row);
  });

  app.post<{ Body: SavedQueryBody }>('/saved-queries', { schema: createSavedQuerySchema }, async (request, reply) => {
    const { name, description, sql, params } = request.body;
    const owner = ownerOf(request.principal, request.ip);
    const row = (
      await app.db.query(sqlFile('saved_query_insert'), {
        name: name.trim(),
        description: description?.trim() || null,
        owner,
        sql,
        params: JSON.stringify(params ?? {}),
        max: maxPerOwner,
      })
    ).rows[0];
    if (!row) throw tooMany(owner, maxPerOwner);
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
