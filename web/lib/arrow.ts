/**
 * The one place the web app decodes Arrow IPC streams (the server encodes
 * them in server/lib/arrow.ts). A decoded table is column-major: each column
 * keeps its name, its DuckDB type (from the field metadata `duckdb_type`,
 * else the Arrow type) and its values as plain JS values with nulls —
 * numbers stay numbers (Int64 becomes a number when it is a safe integer,
 * text otherwise, as the JSON API does), dates become ISO text.
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
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value <= SAFE && value >= -SAFE ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && 'toJSON' in value && typeof (value as { toJSON: unknown }).toJSON === 'function') {
    return JSON.stringify((value as { toJSON: () => unknown }).toJSON(), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  }
  return String(value);
}

function kindOf(type: DataType): ColumnKind {
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  if (DataType.isBool(type)) return 'boolean';
  return 'text';
}

function valuesOf(vector: Vector, type: DataType): Cell[] {
  const n = vector.length;
  const out = new Array<Cell>(n);
  if (DataType.isDate(type) || DataType.isTimestamp(type)) {
    for (let i = 0; i < n; i++) {
      const v = vector.get(i) as number | Date | null;
      out[i] = v === null ? null : new Date(typeof v === 'number' ? v : v.getTime()).toISOString();
    }
    return out;
  }
  if ((DataType.isFloat(type) || (DataType.isInt(type) && type.bitWidth <= 32)) && vector.nullCount === 0) {
    const array = vector.toArray() as ArrayLike<number>;
    for (let i = 0; i < n; i++) out[i] = array[i]!;
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
    if (this.direct) return this.direct[row] ?? null;
    if (this.cache) return this.cache[row] ?? null;
    const v = this.vector.get(row) as unknown;
    if (v !== null && (DataType.isDate(this.arrowType) || DataType.isTimestamp(this.arrowType))) {
      return new Date(typeof v === 'number' ? v : (v as Date).getTime()).toISOString();
    }
    return cellOf(v);
  }

  get values(): Cell[] {
    if (!this.cache) {
      if (this.direct) {
        const out = new Array<Cell>(this.direct.length);
        for (let i = 0; i < out.length; i++) out[i] = this.direct[i]!;
        this.cache = out;
      } else {
        this.cache = valuesOf(this.vector, this.arrowType);
      }
    }
    return this.cache;
  }
}

/** Decodes an Arrow IPC stream (or file); columns read their cells lazily. */
export function decodeArrow(bytes: Uint8Array | ArrayBuffer): DecodedTable {
  const table = tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const columns = table.schema.fields.map((field, i) => new ArrowColumn(field.name, field.metadata.get('duckdb_type') ?? String(field.type), kindOf(field.type), table.getChildAt(i)!, field.type));
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
