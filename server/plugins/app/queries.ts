/**
 * The named-query registry: loads queries/ at boot (failing the boot on any
 * badly declared query) and runs a query by name with resolved, bound values.
 */
import fp from 'fastify-plugin';
import { loadQueryDirectory, type NamedQuery } from '../../lib/query-registry.js';
import { bindParams } from '../../lib/query-params.js';
import { AppError } from '../../lib/errors.js';
import type { Table } from '../../lib/values.js';
import { ResultCache } from '../../lib/result-cache.js';
import { sqlFile } from '../../lib/sql-files.js';

export interface QueryResult extends Table {
  truncated: boolean;
  /** The row cap that applied. */
  rowLimit?: number;
  /** The data version the result was computed at (for ETags and caches). */
  version?: string;
  cached?: boolean;
}

export interface Queries {
  list(): NamedQuery[];
  get(name: string): NamedQuery;
  run(name: string, raw: Record<string, unknown>, opts?: { limit?: number }): Promise<QueryResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    queries: Queries;
  }
}

/** Rows a named query returns at most; above it the result says truncated. */
export const DEFAULT_ROW_LIMIT = 100_000;

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
    app.decorate('queries', {
      list: () => [...registry.values()],
      get,
      async run(name, raw, { limit = DEFAULT_ROW_LIMIT } = {}) {
        const query = get(name);
        const { values, types } = await bindParams(app.db, query, raw);
        const version = await dataVersion();
        const key = JSON.stringify([name, values, limit]);
        const hit = cache.get(version, key);
        if (hit) return { ...hit, cached: true };
        let table: Table;
        try {
          table = await app.db.query(query.sql, values, types);
        } catch (err) {
          app.log.error({ query: name, err }, 'named query failed');
          throw new AppError(500, 'query_failed', `Query "${name}" failed`, `查询“${name}”执行失败`);
        }
        const truncated = table.rows.length > limit;
        const result = { ...table, rows: truncated ? table.rows.slice(0, limit) : table.rows, truncated, rowLimit: limit, version };
        cache.set(version, key, result);
        return { ...result, cached: false };
      },
    } satisfies Queries);
  },
  { name: 'queries', dependencies: ['duckdb'] },
);
