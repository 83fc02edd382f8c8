/**
 * The one place the web app decodes Arrow IPC streams (the server encodes
 * them in server/lib/arrow.ts). A decoded table is column-major: each column
 * keeps its name, its DuckDB type (from the field metadata `duckdb_type`,
 * else the Arrow type) and its values as plain JS values with nulls, the
 * same values the JSON API sends: numbers stay numbers (Int64, and HUGEINT
 * digits, become a number when safe, text otherwise; Infinity and NaN become
 * the text "Infinity", "NaN"), dates become ISO text.
 *
 * Decoding is lazy: a column reads cells straight from the Arrow buffers
 * (`get`), so a 100 000-row result is ready as soon as it arrives; `values`
 * materializes a whole column only when something needs all of it.
 *
 * @example
 *   const t = decodeArrow(new Uint8Array(await response.arrayBuffer()));
 *   t.columns[0].values[0] // first cell
 */
import { DataType, tableFromIPC, type Vector } from 'apache-arrow';

export type Cell = number | string | boolean | null;
export type ColumnKind = 'number' | 'text' | 'boolean';

export interface DecodedColumn {
  name: string;
  /** DuckDB's type name when the server sent it (`INTEGER`, `DECIMAL(10,2)`), else the Arrow type (`Float64`). */
  type: string;
  kind: ColumnKind;
  length: number;
  /** One cell, read straight from the Arrow data (no copy of the column). */
  get(row: number): Cell;
  /** Every cell as a JS value: made on first use (sorting, charts), then kept. */
  readonly values: Cell[];
}

export interface DecodedTable {
  columns: DecodedColumn[];
  numRows: number;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  // As JSON sends them: a non-finite double is its name, never a silent null.
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value <= SAFE && value >= -SAFE ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && 'toJSON' in value && typeof (value as { toJSON: unknown }).toJSON === 'function') {
    return JSON.stringify((value as { toJSON: () => unknown }).toJSON(), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  }
  return String(value);
}

function kindOf(type: DataType, duckType: string): ColumnKind {
  // 128-bit integers travel as digits (Utf8) but are numbers to people: formatted, charted, summed.
  if (WIDE_TEXT.test(duckType)) return 'number';
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  if (DataType.isBool(type)) return 'boolean';
  return 'text';
}

/** 128-bit integers travel as their digits; JSON sends a safe one as a number. */
const WIDE_TEXT = /^(HUGEINT|UHUGEINT|BIGNUM|VARINT)$/;

function wideCell(v: Cell): Cell {
  if (typeof v !== 'string' || !/^-?\d{1,16}$/.test(v)) return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

/** A 64-bit integer column without bigints: each value from its two 32-bit halves (exact within ±2^53). */
function int64Values(vector: Vector, signed: boolean, out: Cell[]): void {
  let at = 0;
  for (const data of vector.data) {
    const words = new Int32Array(data.values.buffer, data.values.byteOffset, data.length * 2);
    for (let i = 0; i < data.length; i++, at++) {
      if (data.nullCount && !data.getValid(i)) {
        out[at] = null;
        continue;
      }
      const lo = words[2 * i]! >>> 0;
      const hi = words[2 * i + 1]!;
      const big = signed ? hi < -0x200000 || hi >= 0x200000 : hi >>> 0 >= 0x200000;
      out[at] = big ? cellOf(vector.get(at)) : (signed ? hi : hi >>> 0) * 4294967296 + lo;
    }
  }
}

function valuesOf(vector: Vector, type: DataType, duckType: string): Cell[] {
  const n = vector.length;
  const out = new Array<Cell>(n);
  if (DataType.isInt(type) && type.bitWidth === 64) {
    int64Values(vector, type.isSigned, out);
    return out;
  }
  if (DataType.isUtf8(type) && WIDE_TEXT.test(duckType)) {
    for (let i = 0; i < n; i++) out[i] = wideCell(cellOf(vector.get(i)));
    return out;
  }
  if (DataType.isDate(type) || DataType.isTimestamp(type)) {
    for (let i = 0; i < n; i++) {
      const v = vector.get(i) as number | Date | null;
      out[i] = v === null ? null : new Date(typeof v === 'number' ? v : v.getTime()).toISOString();
    }
    return out;
  }
  if ((DataType.isFloat(type) || (DataType.isInt(type) && type.bitWidth <= 32)) && vector.nullCount === 0) {
    const array = vector.toArray() as ArrayLike<number>;
    for (let i = 0; i < n; i++) {
      const v = array[i]!;
      out[i] = Number.isFinite(v) ? v : String(v);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = cellOf(vector.get(i));
  return out;
}

class ArrowColumn implements DecodedColumn {
  private cache: Cell[] | undefined;
  private readonly direct: ArrayLike<number> | undefined;

  constructor(
    readonly name: string,
    readonly type: string,
    readonly kind: ColumnKind,
    private readonly vector: Vector,
    private readonly arrowType: DataType,
  ) {
    // Plain numbers without NULLs: one typed array, read as is.
    if ((DataType.isFloat(arrowType) || (DataType.isInt(arrowType) && arrowType.bitWidth <= 32)) && vector.nullCount === 0) {
      this.direct = vector.toArray() as ArrayLike<number>;
    }
  }

  get length(): number {
    return this.vector.length;
  }

  get(row: number): Cell {
    if (this.direct) {
      const v = this.direct[row];
      return v === undefined ? null : Number.isFinite(v) ? v : String(v);
    }
    if (this.cache) return this.cache[row] ?? null;
    const v = this.vector.get(row) as unknown;
    if (v !== null && (DataType.isDate(this.arrowType) || DataType.isTimestamp(this.arrowType))) {
      return new Date(typeof v === 'number' ? v : (v as Date).getTime()).toISOString();
    }
    return WIDE_TEXT.test(this.type) ? wideCell(cellOf(v)) : cellOf(v);
  }

  get values(): Cell[] {
    if (!this.cache) {
      if (this.direct) {
        const out = new Array<Cell>(this.direct.length);
        for (let i = 0; i < out.length; i++) {
          const v = this.direct[i]!;
          out[i] = Number.isFinite(v) ? v : String(v);
        }
        this.cache = out;
      } else {
        this.cache = valuesOf(this.vector, this.arrowType, this.type);
      }
    }
    return this.cache;
  }
}

/** Decodes an Arrow IPC stream (or file); columns read their cells lazily. */
export function decodeArrow(bytes: Uint8Array | ArrayBuffer): DecodedTable {
  const table = tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const columns = table.schema.fields.map((field, i) => {
    const duckType = field.metadata.get('duckdb_type') ?? String(field.type);
    return new ArrowColumn(field.name, duckType, kindOf(field.type, duckType), table.getChildAt(i)!, field.type);
  });
  return { columns, numRows: table.numRows };
}

/** A column from plain values (tables made in the page or in tests). */
export function columnOf(name: string, type: string, kind: ColumnKind, values: Cell[]): DecodedColumn {
  return { name, type, kind, length: values.length, values, get: (row) => values[row] ?? null };
}

/** One row as an object (for tests and small tables; the grid reads columns directly). */
export function rowObject(table: DecodedTable, row: number): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const c of table.columns) out[c.name] = c.get(row);
  return out;
}
