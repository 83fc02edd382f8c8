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
 * Reads a streaming DuckDB result chunk by chunk until it ends or has given
 * `limit` rows and seen one more (which marks it truncated); the last chunk
 * is cut to the limit, so every consumer sees at most `limit` rows.
 */
export class ChunkReader {
  rowCount = 0;
  truncated = false;
  done = false;
  readonly columns: Column[];
  readonly types: DuckDBType[];

  constructor(
    private readonly result: DuckDBResult,
    readonly limit: number,
  ) {
    const names = result.deduplicatedColumnNames();
    this.types = result.columnTypes();
    this.columns = names.map((name, i) => ({ name, type: this.types[i]!.toString() }));
  }

  async next(): Promise<DuckDBDataChunk | null> {
    if (this.done) return null;
    const chunk = await this.result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) {
      this.done = true;
      return null;
    }
    const n = chunk.rowCount;
    if (this.rowCount + n > this.limit) {
      this.truncated = true;
      this.done = true;
      const keep = this.limit - this.rowCount;
      if (keep <= 0) return null;
      chunk.rowCount = keep;
      this.rowCount += keep;
      return chunk;
    }
    this.rowCount += n;
    return chunk;
  }
}

/** Reads the whole result (up to `limit` rows) into memory: JSON, CSV, XLSX and Parquet answers. */
export async function collectResult(result: DuckDBResult, limit: number): Promise<ResultSet> {
  const reader = new ChunkReader(result, limit);
  const chunks: DuckDBDataChunk[] = [];
  for (let chunk = await reader.next(); chunk; chunk = await reader.next()) chunks.push(chunk);
  const { columns, types, rowCount: total, truncated } = reader;
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
