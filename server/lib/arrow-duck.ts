/**
 * Arrow columns built straight from DuckDB's vectors: numbers, booleans,
 * validity and short strings are copied from the chunk's own buffers, so a
 * million-row answer makes no JS value per cell (the old path made one per
 * cell and spent most of its time in GC).
 *
 * The type mapping (the console's Arrow contract; the web decoder reads it):
 * - TINYINT, SMALLINT, INTEGER, UTINYINT, USMALLINT → Int32;
 * - BIGINT → Int64 and UBIGINT → Uint64 (exact; the web decoder makes a
 *   number of a value within ±2^53 and text of one beyond, as JSON does);
 * - UINTEGER, FLOAT, DOUBLE, DECIMAL → Float64 (Infinity and NaN kept);
 * - BOOLEAN → Bool;
 * - everything else → Utf8 with the text JSON sends: DATE as `2020-12-31`,
 *   timestamps as ISO text, DuckDB's own text outside years 1–9999 and for
 *   `infinity`; HUGEINT as its digits; lists and structs as JSON.
 * Values the fast paths cannot hold exactly (a DECIMAL beyond 2^53 units, a
 * timestamp beyond 2^53 µs, a DATE outside years 1–9999) go through
 * server/lib/values.ts like every other format, so they read the same.
 */
import duckdb from '@duckdb/node-bindings';
import { Bool, DataType, Float64, Int32, Int64, Uint64, Utf8, makeData, type Data } from 'apache-arrow';
import { DuckDBDecimalType, DuckDBTypeId, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import { duckValue, jsonCell } from './values.js';

const T = DuckDBTypeId;
const INT32_SOURCES: Partial<Record<number, { new (b: ArrayBufferLike, o: number, n: number): ArrayLike<number> & { BYTES_PER_ELEMENT: number } } & { BYTES_PER_ELEMENT: number }>> = {
  [T.TINYINT]: Int8Array,
  [T.SMALLINT]: Int16Array,
  [T.INTEGER]: Int32Array,
  [T.UTINYINT]: Uint8Array,
  [T.USMALLINT]: Uint16Array,
};
const FLOAT_SOURCES: Partial<Record<number, { new (b: ArrayBufferLike, o: number, n: number): ArrayLike<number> } & { BYTES_PER_ELEMENT: number }>> = {
  [T.UINTEGER]: Uint32Array,
  [T.FLOAT]: Float32Array,
  [T.DOUBLE]: Float64Array,
};

/** The Arrow type a DuckDB column travels as (see the header). */
export function arrowTypeOf(type: DuckDBType): DataType {
  const id = type.typeId;
  if (INT32_SOURCES[id]) return new Int32();
  if (FLOAT_SOURCES[id] || id === T.DECIMAL) return new Float64();
  if (id === T.BIGINT) return new Int64();
  if (id === T.UBIGINT) return new Uint64();
  if (id === T.BOOLEAN) return new Bool();
  return new Utf8();
}

/** One column of a record batch in the making: chunks are appended, then the batch's Arrow data is taken. */
export interface DuckColumn {
  append(chunk: DuckDBDataChunk, column: number, rows: number): void;
  finish(): Data;
}

const bytesFor = (rows: number) => (rows + 7) >> 3;

function rawVector(chunk: DuckDBDataChunk, column: number) {
  return duckdb.data_chunk_get_vector(chunk.chunk, column);
}

/** Validity: DuckDB's bitmap is little-endian 64-bit words, bit i = row i — Arrow's layout, byte for byte. */
class Validity {
  bits: Uint8Array;
  nulls = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array(bytesFor(capacity));
  }
  /** Marks rows [at, at+rows) from the vector; returns the vector's bitmap (or null when every row is valid). */
  append(vector: duckdb.Vector, at: number, rows: number): Uint8Array | null {
    const src = duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8);
    if (!src) {
      this.setRange(at, rows);
      return null;
    }
    for (let i = 0; i < rows; i++) {
      const n = at + i;
      if (src[i >> 3]! & (1 << (i & 7))) this.bits[n >> 3]! |= 1 << (n & 7);
      else this.nulls++;
    }
    return src;
  }
  setRange(at: number, rows: number) {
    let n = at;
    const end = at + rows;
    while (n < end && n & 7) {
      this.bits[n >> 3]! |= 1 << (n & 7);
      n++;
    }
    while (n + 8 <= end) {
      this.bits[n >> 3] = 0xff;
      n += 8;
    }
    for (; n < end; n++) this.bits[n >> 3]! |= 1 << (n & 7);
  }
  take(rows: number): Uint8Array | null {
    return this.nulls ? this.bits.subarray(0, bytesFor(rows)) : null;
  }
}

const valid = (bitmap: Uint8Array | null, i: number) => bitmap === null || (bitmap[i >> 3]! & (1 << (i & 7))) !== 0;

/** JSON's text of one value, read the slow way (values.ts), for cells the fast paths cannot hold. */
function slowTexts(chunk: DuckDBDataChunk, column: number, duckType: string): (string | null)[] {
  return chunk.convertColumnValues(column, duckValue).map((v) => {
    if (v === null || v === undefined) return null;
    const j = jsonCell(v, duckType);
    return typeof j === 'string' ? j : JSON.stringify(j);
  });
}

class FixedColumn implements DuckColumn {
  private data: Int32Array | Float64Array | BigInt64Array | BigUint64Array;
  private validity: Validity;
  private n = 0;
  constructor(
    private readonly arrow: Int32 | Float64 | Int64 | Uint64,
    private readonly type: DuckDBType,
    private readonly capacity: number,
  ) {
    this.data = this.make();
    this.validity = new Validity(capacity);
  }
  private make() {
    if (this.arrow instanceof Int32) return new Int32Array(this.capacity);
    if (this.arrow instanceof Int64) return new BigInt64Array(this.capacity);
    if (this.arrow instanceof Uint64) return new BigUint64Array(this.capacity);
    return new Float64Array(this.capacity);
  }
  append(chunk: DuckDBDataChunk, column: number, rows: number) {
    const vector = rawVector(chunk, column);
    const id = this.type.typeId;
    const source = INT32_SOURCES[id] ?? FLOAT_SOURCES[id];
    const width = source ? source.BYTES_PER_ELEMENT : id === T.DECIMAL ? decimalBytes(this.type as DuckDBDecimalType) : 8;
    const raw = duckdb.vector_get_data(vector, rows * width);
    const bitmap = this.validity.append(vector, this.n, rows);
    if (source) {
      // A copy that converts (Int8 → Int32, Float32 → Float64) in one native call.
      this.data.set(new source(raw.buffer, raw.byteOffset, rows) as never, this.n);
    } else if (id === T.BIGINT) {
      (this.data as BigInt64Array).set(new BigInt64Array(raw.buffer, raw.byteOffset, rows), this.n);
    } else if (id === T.UBIGINT) {
      (this.data as BigUint64Array).set(new BigUint64Array(raw.buffer, raw.byteOffset, rows), this.n);
    } else {
      this.appendDecimal(chunk, column, raw, rows, bitmap, width);
    }
    this.n += rows;
  }
  /** DECIMAL as DuckDB's own decimal → double: an exact integer divided by 10^scale (the slow path beyond 2^53). */
  private appendDecimal(chunk: DuckDBDataChunk, column: number, raw: Uint8Array, rows: number, bitmap: Uint8Array | null, width: number) {
    const out = this.data as Float64Array;
    const scale = 10 ** (this.type as DuckDBDecimalType).scale;
    let slow: (string | null)[] | unknown[] | undefined;
    const view = width === 2 ? new Int16Array(raw.buffer, raw.byteOffset, rows) : width === 4 ? new Int32Array(raw.buffer, raw.byteOffset, rows) : new Int32Array(raw.buffer, raw.byteOffset, rows * (width / 4));
    for (let i = 0; i < rows; i++) {
      if (!valid(bitmap, i)) continue;
      let units: number;
      if (width <= 4) units = view[i]!;
      else {
        const words = width / 4;
        const lo = view[i * words]! >>> 0;
        const hi = view[i * words + 1]!;
        // A 128-bit value counts only while its upper 64 bits are the sign extension of the lower.
        const fits = width === 8 || (view[i * words + 2] === hi >> 31 && view[i * words + 3] === hi >> 31);
        units = fits && hi >= -0x200000 && hi < 0x200000 ? hi * 4294967296 + lo : NaN;
        if (Number.isNaN(units)) {
          slow ??= chunk.convertColumnValues(column, duckValue);
          out[this.n + i] = slow[i] as number;
          continue;
        }
      }
      out[this.n + i] = units / scale;
    }
  }
  finish(): Data {
    const n = this.n;
    const out = makeData({ type: this.arrow, length: n, nullCount: this.validity.nulls, nullBitmap: this.validity.take(n), data: this.data.subarray(0, n) } as never) as Data;
    this.data = this.make();
    this.validity = new Validity(this.capacity);
    this.n = 0;
    return out;
  }
}

function decimalBytes(type: DuckDBDecimalType): number {
  return type.width <= 4 ? 2 : type.width <= 9 ? 4 : type.width <= 18 ? 8 : 16;
}

class BoolColumn implements DuckColumn {
  private bits: Uint8Array;
  private validity: Validity;
  private n = 0;
  constructor(private readonly capacity: number) {
    this.bits = new Uint8Array(bytesFor(capacity));
    this.validity = new Validity(capacity);
  }
  append(chunk: DuckDBDataChunk, column: number, rows: number) {
    const vector = rawVector(chunk, column);
    const raw = duckdb.vector_get_data(vector, rows);
    this.validity.append(vector, this.n, rows);
    for (let i = 0; i < rows; i++) {
      const n = this.n + i;
      if (raw[i]) this.bits[n >> 3]! |= 1 << (n & 7);
    }
    this.n += rows;
  }
  finish(): Data {
    const n = this.n;
    const out = makeData({ type: new Bool(), length: n, nullCount: this.validity.nulls, nullBitmap: this.validity.take(n), data: this.bits.subarray(0, bytesFor(n)) });
    this.bits = new Uint8Array(bytesFor(this.capacity));
    this.validity = new Validity(this.capacity);
    this.n = 0;
    return out;
  }
}

const encoder = new TextEncoder();
const MS_PER_DAY = 86_400_000;
const PLAIN_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
// Date.UTC maps years 0–99 to 1900–1999: set year 1 explicitly.
const YEAR_ONE_MS = (() => {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  return d.getTime();
})();

/** Utf8 from DuckDB's 16-byte string headers (length, then 12 inline bytes or a pointer), or from JSON's text. */
class TextColumn implements DuckColumn {
  private offsets: Int32Array;
  private bytes: Uint8Array;
  private validity: Validity;
  private pos = 0;
  private n = 0;
  /** DATE text by day number: a column holds few distinct days. */
  private readonly days = new Map<number, string>();
  constructor(
    private readonly type: DuckDBType,
    private readonly capacity: number,
  ) {
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(capacity * 16 + 64);
    this.validity = new Validity(capacity);
  }
  private room(extra: number) {
    if (this.pos + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.pos + extra, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }
  private text(s: string) {
    this.room(s.length * 3);
    this.pos += encoder.encodeInto(s, this.bytes.subarray(this.pos)).written;
  }
  append(chunk: DuckDBDataChunk, column: number, rows: number) {
    const vector = rawVector(chunk, column);
    const id = this.type.typeId;
    const at = this.n;
    const bitmap = this.validity.append(vector, at, rows);
    if (id === T.VARCHAR) this.appendVarchar(vector, rows, bitmap);
    else if (id === T.DATE || id === T.TIMESTAMP || id === T.TIMESTAMP_TZ) this.appendTemporal(chunk, column, vector, rows, bitmap);
    else {
      const texts = slowTexts(chunk, column, this.type.toString());
      for (let i = 0; i < rows; i++) {
        const s = texts[i];
        if (s !== null && s !== undefined) this.text(s);
        this.offsets[at + i + 1] = this.pos;
      }
    }
    this.n += rows;
  }
  private appendVarchar(vector: duckdb.Vector, rows: number, bitmap: Uint8Array | null) {
    const raw = duckdb.vector_get_data(vector, rows * 16);
    const view = new DataView(raw.buffer, raw.byteOffset, rows * 16);
    for (let i = 0; i < rows; i++) {
      if (valid(bitmap, i)) {
        const len = view.getUint32(i * 16, true);
        this.room(len);
        if (len <= 12) this.bytes.set(raw.subarray(i * 16 + 4, i * 16 + 4 + len), this.pos);
        else this.bytes.set(duckdb.get_data_from_pointer(raw.buffer as ArrayBuffer, raw.byteOffset + i * 16 + 8, len), this.pos);
        this.pos += len;
      }
      this.offsets[this.n + i + 1] = this.pos;
    }
  }
  private appendTemporal(chunk: DuckDBDataChunk, column: number, vector: duckdb.Vector, rows: number, bitmap: Uint8Array | null) {
    const id = this.type.typeId;
    const isDate = id === T.DATE;
    const raw = duckdb.vector_get_data(vector, rows * (isDate ? 4 : 8));
    const words = new Int32Array(raw.buffer, raw.byteOffset, rows * (isDate ? 1 : 2));
    let slow: (string | null)[] | undefined;
    for (let i = 0; i < rows; i++) {
      if (valid(bitmap, i)) {
        let s: string | undefined;
        if (isDate) {
          const day = words[i]!;
          s = this.days.get(day);
          if (s === undefined) {
            const ms = day * MS_PER_DAY;
            s = ms >= YEAR_ONE_MS && ms <= PLAIN_MAX_MS ? new Date(ms).toISOString().slice(0, 10) : (slow ??= slowTexts(chunk, column, 'DATE'))[i]!;
            this.days.set(day, s);
          }
        } else {
          const lo = words[2 * i]! >>> 0;
          const hi = words[2 * i + 1]!;
          if (hi >= -0x200000 && hi < 0x200000) {
            const micros = hi * 4294967296 + lo;
            // Truncated toward zero, as the JSON path's bigint division does.
            const ms = (micros - (micros % 1000)) / 1000;
            if (ms >= YEAR_ONE_MS && ms <= PLAIN_MAX_MS) s = new Date(ms).toISOString();
          }
          s ??= (slow ??= slowTexts(chunk, column, this.type.toString()))[i]!;
        }
        this.text(s);
      }
      this.offsets[this.n + i + 1] = this.pos;
    }
  }
  finish(): Data {
    const n = this.n;
    const out = makeData({
      type: new Utf8(),
      length: n,
      nullCount: this.validity.nulls,
      nullBitmap: this.validity.take(n),
      valueOffsets: this.offsets.subarray(0, n + 1),
      data: this.bytes.subarray(0, this.pos),
    });
    this.offsets = new Int32Array(this.capacity + 1);
    this.bytes = new Uint8Array(Math.max(64, this.pos + 64));
    this.validity = new Validity(this.capacity);
    this.pos = 0;
    this.n = 0;
    return out;
  }
}

/** A column builder for one DuckDB column, holding up to `capacity` rows per batch. */
export function duckColumn(type: DuckDBType, capacity: number): DuckColumn {
  const arrow = arrowTypeOf(type);
  if (arrow instanceof Bool) return new BoolColumn(capacity);
  if (arrow instanceof Utf8) return new TextColumn(type, capacity);
  return new FixedColumn(arrow as Int32 | Float64 | Int64 | Uint64, type, capacity);
}
