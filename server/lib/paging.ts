/**
 * Paging of named queries: reads `limit`/`offset` from the query string and
 * wraps a query's SQL so DuckDB does the LIMIT/OFFSET and counts the whole
 * result in the same statement (server/sql/page_wrap.sql). Kept apart from the
 * registry and the route so the request path can change around it.
 */
import { invalidParam } from './errors.js';
import { fillSql, splitStatements } from './sql-text.js';
import { sqlFile } from './sql-files.js';
import type { JsonValue, Table } from './values.js';
import { MAX_PAGE_ROWS } from '../schemas/paging.js';

export { MAX_PAGE_ROWS };

/** Query-string keys that page an answer (never bound to the query). */
export const PAGE_KEYS = ['limit', 'offset'] as const;

/** Bound beside the query's own parameters; named so no query can collide. */
export const LIMIT_PARAM = '__xp_limit';
export const OFFSET_PARAM = '__xp_offset';
const TOTAL_COLUMN = '__xp_total';

export interface Page {
  limit: number;
  offset: number;
}

function single(raw: unknown, key: string): string | undefined {
  if (Array.isArray(raw)) {
    if (raw.length > 1) throw invalidParam(key, 'given more than once', '只能给一个值');
    raw = raw[0];
  }
  if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
  return String(raw).trim();
}

/**
 * The page a request asks for; no `limit` means the whole result up to
 * MAX_PAGE_ROWS.
 * @example readPage({ limit: '20', offset: '40' }) // { limit: 20, offset: 40 }
 */
export function readPage(raw: Record<string, unknown>): Page {
  const limit = single(raw.limit, 'limit');
  const offset = single(raw.offset, 'offset');
  const page = { limit: MAX_PAGE_ROWS, offset: 0 };
  if (limit !== undefined) {
    if (!/^\d{1,9}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE_ROWS) {
      throw invalidParam('limit', `expected a whole number from 1 to ${MAX_PAGE_ROWS}, got "${limit}"`, `应为 1 至 ${MAX_PAGE_ROWS} 的整数，收到“${limit}”`);
    }
    page.limit = Number(limit);
  }
  if (offset !== undefined) {
    if (!/^\d{1,9}$/.test(offset)) throw invalidParam('offset', `expected a whole number from 0, got "${offset}"`, `应为不小于 0 的整数，收到“${offset}”`);
    page.offset = Number(offset);
  }
  return page;
}

/** A named query's one statement, without its trailing semicolon. */
function statement(sql: string): string {
  const parts = splitStatements(sql);
  return parts.length === 1 ? parts[0]! : sql;
}

const wrapped = new Map<string, { page: string; count: string }>();

/** The query's SQL wrapped to return one page plus the total (and to count it alone). */
export function pagedSql(sql: string): { page: string; count: string } {
  let hit = wrapped.get(sql);
  if (!hit) {
    const query = statement(sql);
    hit = { page: fillSql(sqlFile('page_wrap'), { query }), count: fillSql(sqlFile('page_count'), { query }) };
    wrapped.set(sql, hit);
  }
  return hit;
}

/** Splits the window-count column off a page read through `pagedSql`; null when the page is empty. */
export function takeTotal(table: Table): { table: Table; total: number | null } {
  const total = table.rows.length > 0 ? Number(table.rows[0]![TOTAL_COLUMN]) : null;
  const rows = table.rows.map((row) => {
    const { [TOTAL_COLUMN]: _, ...rest } = row;
    return rest as Record<string, JsonValue>;
  });
  return { table: { ...table, columns: table.columns.filter((c) => c.name !== TOTAL_COLUMN), rows }, total };
}
