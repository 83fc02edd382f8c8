/**
 * The named-query registry: loads queries/ at boot (failing the boot on any
 * badly declared query) and runs a query by name with resolved, bound values,
 * narrowed to what the principal may see: `$scope` is bound from the
 * principal on every run (server/lib/scope.ts, server/sql/scopes.sql), the
 * cache is keyed by scopeKey, and benchmark queries get their peers
 * anonymised here — before caching, so no format can see a real name.
 */
import { randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import { loadQueryDirectory, type NamedQuery } from '../../lib/query-registry.js';
import { bindParams } from '../../lib/query-params.js';
import { AppError } from '../../lib/errors.js';
import type { Table } from '../../lib/values.js';
import { ResultCache } from '../../lib/result-cache.js';
import { sqlFile } from '../../lib/sql-files.js';
import { scopeKey, type Principal } from '../../lib/principal.js';
import { anonymisePeers, SCOPE_TYPE, scopeValue } from '../../lib/scope.js';
import { SCOPE_PARAM } from '../../lib/query-registry.js';
import { LIMIT_PARAM, MAX_PAGE_ROWS, OFFSET_PARAM, pagedSql, readPage, takeTotal } from '../../lib/paging.js';
import { INTEGER } from '@duckdb/node-api';

export interface QueryResult extends Table {
  truncated: boolean;
  /** The row cap that applied. */
  rowLimit?: number;
  /** The data version the result was computed at (for ETags and caches). */
  version?: string;
  cached?: boolean;
  /** Rows of the whole result before paging, and the page this answer is. */
  total: number;
  offset: number;
  limit: number;
}

export interface Queries {
  list(): NamedQuery[];
  get(name: string): NamedQuery;
  /**
   * Runs a query as `principal` sees the data: there is no unscoped run.
   * `raw.limit` / `raw.offset` page it inside DuckDB (server/lib/paging.ts).
   */
  run(name: string, raw: Record<string, unknown>, principal: Principal): Promise<QueryResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    queries: Queries;
  }
}

/** Rows a named query returns at most; above it the result says truncated. */
export const DEFAULT_ROW_LIMIT = MAX_PAGE_ROWS;

export default fp(
  async (app, opts: { dir: string }) => {
    const registry = loadQueryDirectory(opts.dir);
    const get = (name: string) => {
      const q = registry.get(name);
      if (!q) throw new AppError(404, 'query_not_found', `Unknown query "${name}"`, `没有名为“${name}”的查询`, { query: name });
      return q;
    };
    const cache = new ResultCache<QueryResult>();
    const dataVersion = async () => String((await app.db.query(sqlFile('data_version'))).rows[0]?.version ?? '');
    // The secret that orders 院校 A, B … (scope.ts): per database, so labels survive a restart.
    let salt = String((await app.db.query(sqlFile('meta_get'), { key: 'peer_salt' })).rows[0]?.value ?? '');
    if (!salt) {
      salt = randomBytes(16).toString('hex');
      await app.db.query(sqlFile('meta_set'), { key: 'peer_salt', value: salt });
    }
    const slice = (r: QueryResult, page: { limit: number; offset: number }): QueryResult => {
      const rows = r.rows.slice(page.offset, page.offset + page.limit);
      return { ...r, rows, offset: page.offset, limit: page.limit, rowLimit: page.limit, truncated: page.offset + rows.length < r.total };
    };
    app.decorate('queries', {
      list: () => [...registry.values()],
      get,
      async run(name, raw, principal) {
        const query = get(name);
        const page = readPage(raw);
        const { values, types } = await bindParams(app.db, query, raw);
        const version = await dataVersion();
        // Peer labels (院校 A, B …) are numbered over the whole result, so a page of a
        // benchmark query is cut from the whole anonymised result, never paged alone.
        const whole = query.peers !== null;
        const key = JSON.stringify([name, values, whole ? null : page, scopeKey(principal)]);
        const hit = cache.get(version, key);
        if (hit) return { ...(whole ? slice(hit, page) : hit), cached: true };
        const bound = query.scope === 'none' ? values : { ...values, [SCOPE_PARAM]: scopeValue(principal) };
        const boundTypes = query.scope === 'none' ? types : { ...types, [SCOPE_PARAM]: SCOPE_TYPE };
        let table: Table;
        let total: number;
        try {
          const sql = pagedSql(query.sql);
          const limits = whole ? { limit: MAX_PAGE_ROWS, offset: 0 } : page;
          const read = takeTotal(await app.db.query(sql.page, { ...bound, [LIMIT_PARAM]: limits.limit, [OFFSET_PARAM]: limits.offset }, { ...boundTypes, [LIMIT_PARAM]: INTEGER, [OFFSET_PARAM]: INTEGER }));
          table = read.table;
          total = read.total ?? (limits.offset === 0 ? 0 : Number((await app.db.query(sql.count, bound, boundTypes)).rows[0]?.total ?? 0));
        } catch (err) {
          app.log.error({ query: name, err }, 'named query failed');
          throw new AppError(500, 'query_failed', `Query "${name}" failed`, `查询“${name}”执行失败`);
        }
        if (query.peers) table = { ...table, rows: anonymisePeers(table.rows, query.peers, principal, `${name}\0${JSON.stringify(values)}\0${version}`, salt) };
        const offset = whole ? 0 : page.offset;
        const limit = whole ? MAX_PAGE_ROWS : page.limit;
        const result: QueryResult = { ...table, truncated: offset + table.rows.length < total, rowLimit: limit, version, total, offset, limit };
        cache.set(version, key, result);
        return { ...(whole ? slice(result, page) : result), cached: false };
      },
    } satisfies Queries);
  },
  { name: 'queries', dependencies: ['duckdb'] },
);
