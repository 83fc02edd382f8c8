/**
 * The named-query registry: loads queries/ at boot (failing the boot on any
 * badly declared query) and runs a query by name with resolved, bound values.
 */
import fp from 'fastify-plugin';
import { loadQueryDirectory, type NamedQuery } from '../../lib/query-registry.js';
import { bindParams } from '../../lib/query-params.js';
import { AppError } from '../../lib/errors.js';
import type { Table } from '../../lib/values.js';

export interface QueryResult extends Table {
  truncated: boolean;
  /** The row cap that applied. */
  rowLimit?: number;
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
    app.decorate('queries', {
      list: () => [...registry.values()],
      get,
      async run(name, raw, { limit = DEFAULT_ROW_LIMIT } = {}) {
        const query = get(name);
        const { values, types } = await bindParams(app.db, query, raw);
        let table: Table;
        try {
          table = await app.db.query(query.sql, values, types);
        } catch (err) {
          app.log.error({ query: name, err }, 'named query failed');
          throw new AppError(500, 'query_failed', `Query "${name}" failed`, `查询“${name}”执行失败`);
        }
        const truncated = table.rows.length > limit;
        return { ...table, rows: truncated ? table.rows.slice(0, limit) : table.rows, truncated, rowLimit: limit };
      },
    } satisfies Queries);
  },
  { name: 'queries', dependencies: ['duckdb'] },
);
