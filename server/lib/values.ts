/**
 * How DuckDB values become JSON. Decided once here: integers that fit a double
 * become numbers (larger ones strings), DECIMAL becomes a number, dates and
 * timestamps ISO strings.
 */
import type { DuckDBResultReader } from '@duckdb/node-api';

export interface Column {
  name: string;
  type: string;
}

export interface Table {
  columns: Column[];
  rows: Record<string, JsonValue>[];
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonValue(v);
    return out;
  }
  return String(value);
}

/**
 * `toJsonValue` knowing the column's DuckDB type: a DATE is its calendar
 * day (`2020-12-31`), not a midnight timestamp.
 * @example jsonCell(new Date('2020-12-31T00:00:00Z'), 'DATE') // '2020-12-31'
 */
export function jsonCell(value: unknown, duckType: string): JsonValue {
  if (value instanceof Date && duckType === 'DATE') return value.toISOString().slice(0, 10);
  return toJsonValue(value);
}

export function readTable(reader: DuckDBResultReader): Table {
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  const columns = names.map((name, i) => ({ name, type: types[i]! }));
  const rows = reader.getRowObjectsJS().map((row) => {
    const out: Record<string, JsonValue> = {};
    for (const name of names) out[name] = toJsonValue(row[name]);
    return out;
  });
  return { columns, rows };
}
