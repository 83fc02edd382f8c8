/**
 * A query result on its way to a client, in one shape every format encoder
 * reads: column names and DuckDB types, and the values in column-major
 * batches. A result read from DuckDB keeps its data chunks as they came
 * (a Parquet export appends them as they are, so types survive exactly); a
 * `Table` (rows as JSON values) is wrapped as one batch.
 */
import { type DuckDBDataChunk, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';
import { duckValue, jsonCell, type Column, type JsonValue, type Table } from './values.js';

export interface Batch {
  length: number;
  /** One array per column, `length` values each (JS values: number, bigint, string, Date, …, or null). */
  columns: unknown[][];
}

export interface ResultSet {
  columns: Column[];
  rowCount: number;
  /** More rows existed than `rowLimit`. */
  truncated: boolean;
  /** The row cap that applied to this result. */
  rowLimit: number;
  batches(): Iterable<Batch>;
  /** The values of one column, batch by batch (cheaper than `batches()` when one column is enough). */
  columnValues(column: number): Iterable<unknown[]>;
  /** The DuckDB chunks and types, when the result came straight from DuckDB. */
  duck?: { types: DuckDBType[]; chunks: DuckDBDataChunk[] };
}

/**
 * Reads a streaming DuckDB result chunk by chunk until it ends or holds one
 * row more than `limit` (which marks it truncated); the last chunk is cut to
 * the limit, so every consumer sees exactly `rowCount` rows.
 */
export async function collectResult(result: DuckDBResult, limit: number): Promise<ResultSet> {
  const names = result.deduplicatedColumnNames();
  const types = result.columnTypes();
  const chunks: DuckDBDataChunk[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    if (total + n > limit) {
      truncated = true;
      const keep = limit - total;
      if (keep > 0) {
        chunk.rowCount = keep;
        chunks.push(chunk);
        total += keep;
      }
      break;
    }
    chunks.push(chunk);
    total += n;
  }
  const columns = names.map((name, i) => ({ name, type: types[i]!.toString() }));
  return {
    columns,
    rowCount: total,
    truncated,
    rowLimit: limit,
    duck: { types, chunks },
    *batches() {
      // Column by column: several times faster than chunk.convertColumns.
      for (const chunk of chunks) {
        const columns: unknown[][] = [];
        for (let c = 0; c < chunk.columnCount; c++) columns.push(chunk.convertColumnValues(c, duckValue) as unknown[]);
        yield { length: chunk.rowCount, columns };
      }
    },
    *columnValues(column) {
      for (const chunk of chunks) yield chunk.convertColumnValues(column, duckValue) as unknown[];
    },
  };
}

/** A `Table` (rows of JSON values) as a result set of one batch. */
export function tableResult(table: Table, truncated = false, rowLimit = table.rows.length): ResultSet {
  return {
    columns: table.columns,
    rowCount: table.rows.length,
    truncated,
    rowLimit,
    *batches() {
      if (table.rows.length === 0) return;
      yield { length: table.rows.length, columns: table.columns.map((c) => table.rows.map((r) => r[c.name] ?? null)) };
    },
    *columnValues(column) {
      const name = table.columns[column]!.name;
      yield table.rows.map((r) => r[name] ?? null);
    },
  };
}

/** The rows as JSON objects (what `format=json` sends). */
export function resultRows(result: ResultSet): Record<string, JsonValue>[] {
  const rows: Record<string, JsonValue>[] = [];
  const names = result.columns.map((c) => c.name);
  const types = result.columns.map((c) => c.type);
  for (const batch of result.batches()) {
    for (let r = 0; r < batch.length; r++) {
      const row: Record<string, JsonValue> = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = jsonCell(batch.columns[c]![r], types[c]!);
      rows.push(row);
    }
  }
  return rows;
}

export function resultToTable(result: ResultSet): Table {
  return { columns: result.columns, rows: resultRows(result) };
}
