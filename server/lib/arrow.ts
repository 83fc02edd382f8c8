/**
 * Results to Arrow IPC streams. A result read from DuckDB (the SQL console)
 * goes through duckChunksToArrow, whose columns are copied from DuckDB's own
 * buffers with the mapping of server/lib/arrow-duck.ts (BIGINT as exact
 * Int64). A table of JSON values (named queries) goes through the builders
 * below, with this mapping, which matches what JSON sends (server/lib/values.ts):
 * - integers up to 32 bits → Int32;
 * - BIGINT/HUGEINT/UBIGINT, DOUBLE/FLOAT, DECIMAL → Float64 — except a 64/128-bit
 *   integer column holding a value beyond ±2^53, which goes as Utf8 (JSON sends
 *   such a value as a string too), so no figure silently changes;
 * - BOOLEAN → Bool;
 * - everything else (text, dates as ISO text, lists and structs as JSON) → Utf8.
 *   Dates and timestamps go as text because DuckDB's range is far wider than
 *   Arrow's Date32/Timestamp(µs) in JS and it has sentinels: `infinity`,
 *   `-infinity`, `5881580-07-10` and BC dates go as DuckDB prints them, the
 *   rest as ISO text (values.ts decides both);
 * - Float64 keeps Infinity, -Infinity and NaN as they are (Arrow holds them).
 * Each field carries its DuckDB type in the metadata key `duckdb_type`.
 */
import { Readable } from 'node:stream';
import {
  AsyncByteQueue,
  Bool,
  Field,
  Float64,
  Int32,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Table as ArrowTable,
  Utf8,
  makeData,
  tableToIPC,
  vectorFromArray,
  type Data,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { DuckDBDataChunk, DuckDBType } from '@duckdb/node-api';
import { jsonCell, type Column, type Table } from './values.js';
import type { ResultSet } from './result-set.js';
import { arrowTypeOf, duckColumn } from './arrow-duck.js';

const INT32 = /^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/;
const WIDE_INT = /^(BIGINT|HUGEINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const FLOAT = /^(DOUBLE|FLOAT|REAL)$/;

function arrowType(duckType: string): DataType {
  const t = duckType.toUpperCase();
  if (INT32.test(t)) return new Int32();
  if (WIDE_INT.test(t) || FLOAT.test(t) || t.startsWith('DECIMAL')) return new Float64();
  if (t === 'BOOLEAN') return new Bool();
  return new Utf8();
}

function textOf(v: unknown, duckType: string): string {
  const j = jsonCell(v, duckType);
  return typeof j === 'string' ? j : JSON.stringify(j);
}

export function tableToArrow(table: Table): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const col of table.columns) {
    const type = arrowType(col.type);
    const values = table.rows.map((r) => {
      const v = r[col.name];
      if (v === null || v === undefined) return null;
      if (type instanceof Utf8) return typeof v === 'string' ? v : JSON.stringify(v);
      if (type instanceof Bool) return Boolean(v);
      return Number(v);
    });
    vectors[col.name] = vectorFromArray(values as never[], type);
  }
  return tableToIPC(new ArrowTable(vectors), 'stream');
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Whether every value of a 64/128-bit integer column fits a double exactly. */
function fitsDouble(result: ResultSet, column: number): boolean {
  for (const values of result.columnValues(column)) {
    for (const v of values) {
      if (typeof v === 'bigint' && (v > SAFE || v < -SAFE)) return false;
    }
  }
  return true;
}

/** The Arrow schema of a result (see the mapping above). */
export function arrowSchema(result: ResultSet): Schema {
  const fields = result.columns.map((col, i) => {
    let type = arrowType(col.type);
    if (WIDE_INT.test(col.type.toUpperCase()) && result.rowCount > 0 && !fitsDouble(result, i)) type = new Utf8();
    return new Field(col.name, type, true, new Map([['duckdb_type', col.type]]));
  });
  return new Schema(fields);
}

/** Accumulates one column's values for a record batch, then hands its Arrow data over. */
interface ColumnBuilder {
  add(values: unknown[], length: number): void;
  finish(): Data;
}

const bitmapOf = (capacity: number) => new Uint8Array((capacity + 7) >> 3);

function numberBuilder(type: Float64 | Int32, capacity: number): ColumnBuilder {
  const isFloat = type instanceof Float64;
  const make = () => (isFloat ? new Float64Array(capacity) : new Int32Array(capacity));
  let data = make();
  let bitmap = bitmapOf(capacity);
  let n = 0;
  let nulls = 0;
  return {
    add(values, length) {
      for (let i = 0; i < length; i++, n++) {
        const v = values[i];
        if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v) && !isFloat)) {
          nulls++;
          continue;
        }
        data[n] = typeof v === 'number' ? v : Number(v);
        bitmap[n >> 3]! |= 1 << (n & 7);
      }
    },
    finish() {
      const out = makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls ? bitmap.subarray(0, (n + 7) >> 3) : null, data: data.subarray(0, n) } as never) as Data;
      data = make();
      bitmap = bitmapOf(capacity);
      n = 0;
      nulls = 0;
      return out;
    },
  };
}

function boolBuilder(capacity: number): ColumnBuilder {
  let bits = bitmapOf(capacity);
  let bitmap = bitmapOf(capacity);
  let n = 0;
  let nulls = 0;
  return {
    add(values, length) {
      for (let i = 0; i < length; i++, n++) {
        const v = values[i];
        if (v === null || v === undefined) {
          nulls++;
          continue;
        }
        if (v) bits[n >> 3]! |= 1 << (n & 7);
        bitmap[n >> 3]! |= 1 << (n & 7);
      }
    },
    finish() {
      const bytes = (n + 7) >> 3;
      const out = makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: nulls ? bitmap.subarray(0, bytes) : null, data: bits.subarray(0, bytes) });
      bits = bitmapOf(capacity);
      bitmap = bitmapOf(capacity);
      n = 0;
      nulls = 0;
      return out;
    },
  };
}

const encoder = new TextEncoder();

/** Utf8 built directly (offsets + one byte buffer): several times faster than Arrow's builder. */
function utf8Builder(capacity: number, duckType: string): ColumnBuilder {
  let offsets = new Int32Array(capacity + 1);
  let bitmap = bitmapOf(capacity);
  let bytes = new Uint8Array(capacity * 12 + 64);
  let pos = 0;
  let n = 0;
  let nulls = 0;
  return {
    add(values, length) {
      for (let i = 0; i < length; i++, n++) {
        const v = values[i];
        if (v === null || v === undefined) {
          nulls++;
          offsets[n + 1] = pos;
          continue;
        }
        const text = typeof v === 'string' ? v : textOf(v, duckType);
        const need = pos + text.length * 3;
        if (need > bytes.length) {
          const grown = new Uint8Array(Math.max(need, bytes.length * 2));
          grown.set(bytes.subarray(0, pos));
          bytes = grown;
        }
        pos += encoder.encodeInto(text, bytes.subarray(pos)).written;
        offsets[n + 1] = pos;
        bitmap[n >> 3]! |= 1 << (n & 7);
      }
    },
    finish() {
      const out = makeData({
        type: new Utf8(),
        length: n,
        nullCount: nulls,
        nullBitmap: nulls ? bitmap.subarray(0, (n + 7) >> 3) : null,
        valueOffsets: offsets.subarray(0, n + 1),
        data: bytes.subarray(0, pos),
      });
      offsets = new Int32Array(capacity + 1);
      bitmap = bitmapOf(capacity);
      bytes = new Uint8Array(Math.max(64, pos + 64));
      pos = 0;
      n = 0;
      nulls = 0;
      return out;
    },
  };
}

function builderFor(type: DataType, capacity: number, duckType: string): ColumnBuilder {
  if (type instanceof Float64 || type instanceof Int32) return numberBuilder(type, capacity);
  if (type instanceof Bool) return boolBuilder(capacity);
  return utf8Builder(capacity, duckType);
}

/** The writer's sink: keeps what the writer wrote until the stream below takes it. */
class Collected extends AsyncByteQueue {
  pieces: Uint8Array[] = [];
  override write(value: ArrayBufferView | ArrayBufferLike | ArrayLike<number> | Iterable<number>) {
    const bytes = value instanceof Uint8Array ? value : ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value as ArrayBufferLike);
    if (bytes.byteLength > 0) this.pieces.push(bytes);
  }
  take(): Uint8Array[] {
    const out = this.pieces;
    this.pieces = [];
    return out;
  }
}

/** One record batch of the schema's columns, from each column's finished data. */
function batchOf(schema: Schema, children: Data[], rows: number): RecordBatch {
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children }));
}

/**
 * DuckDB chunks as an Arrow IPC stream: columns are built from the chunks'
 * own buffers (server/lib/arrow-duck.ts), about `batchRows` rows per record
 * batch. Pull-driven: the next chunk is read — from a collected result, or
 * straight from a running DuckDB statement — only when the reader has taken
 * the previous batch, so a slow reader holds back DuckDB too.
 */
export async function* duckChunksToArrow(columns: Column[], types: DuckDBType[], chunks: AsyncIterable<DuckDBDataChunk> | Iterable<DuckDBDataChunk>, batchRows = 65_536): AsyncGenerator<Uint8Array> {
  const schema = new Schema(columns.map((col, i) => new Field(col.name, arrowTypeOf(types[i]!), true, new Map([['duckdb_type', col.type]]))));
  const sink = new Collected();
  const writer = new RecordBatchStreamWriter();
  writer.reset(sink as never, schema);
  // DuckDB chunks hold up to 2 048 rows: a batch collects whole chunks, so leave room past batchRows.
  const capacity = batchRows + 2048;
  const builders = types.map((t) => duckColumn(t, capacity));
  let rows = 0;
  let wrote = false;
  const flush = () => {
    writer.write(batchOf(schema, builders.map((b) => b.finish()), rows));
    rows = 0;
    wrote = true;
    return sink.take();
  };
  for await (const chunk of chunks) {
    const n = chunk.rowCount;
    if (n === 0) continue;
    if (rows > 0 && rows + n > capacity) yield* flush();
    for (let c = 0; c < builders.length; c++) builders[c]!.append(chunk, c, n);
    rows += n;
    if (rows >= batchRows) yield* flush();
  }
  // The last rows; an empty result is still a valid stream (schema, one empty batch).
  if (rows > 0 || !wrote) yield* flush();
  writer.finish();
  yield* sink.take();
}

/**
 * The result as an Arrow IPC stream, written batch by batch (about 64k rows
 * each). A result read from DuckDB goes through duckChunksToArrow; a table
 * of JSON values (named queries) through the builders above. Pull-driven:
 * a batch is built only when the reader has taken the previous one.
 */
export function resultToArrowStream(result: ResultSet, batchRows = 65_536): Readable {
  if (result.duck) return Readable.from(duckChunksToArrow(result.columns, result.duck.types, result.duck.chunks, batchRows), { objectMode: false });
  const schema = arrowSchema(result);
  const sink = new Collected();
  const writer = new RecordBatchStreamWriter();
  writer.reset(sink as never, schema);
  // DuckDB chunks hold 2 048 rows: a batch collects whole chunks, so leave room past batchRows.
  const capacity = batchRows + 4096;
  const builders = schema.fields.map((f, c) => builderFor(f.type, capacity, result.columns[c]!.type));
  async function* pieces(): AsyncGenerator<Uint8Array> {
    let rows = 0;
    let wrote = false;
    const flush = () => {
      writer.write(batchOf(schema, builders.map((b) => b.finish()), rows));
      rows = 0;
      wrote = true;
      return sink.take();
    };
    for (const batch of result.batches()) {
      if (rows > 0 && rows + batch.length > capacity) yield* flush();
      builders.forEach((b, c) => b.add(batch.columns[c]!, batch.length));
      rows += batch.length;
      if (rows >= batchRows) yield* flush();
    }
    if (rows > 0 || !wrote) yield* flush();
    writer.finish();
    yield* sink.take();
  }
  return Readable.from(pieces(), { objectMode: false });
}
