/**
 * How DuckDB values become JS and JSON values — decided once, here, for every
 * format (JSON, CSV, XLSX and Arrow read these values; Parquet copies DuckDB's
 * chunks as they are).
 *
 * `duckValue` converts what a statement can return without ever throwing:
 * - integers: number (TINYINT…UINTEGER) or bigint (BIGINT, HUGEINT, BIGNUM…);
 *   JSON sends a bigint as a number when it fits ±2^53, else as a string;
 * - DECIMAL: a number (double);
 * - DOUBLE/FLOAT: a number; in JSON the non-finite ones travel as the strings
 *   "Infinity", "-Infinity" and "NaN" (JSON has no such numbers, and null
 *   would silently change a figure);
 * - DATE and TIMESTAMP (all precisions, with time zone): a JS Date when the
 *   year is 0001–9999 (JSON: `2020-12-31` for a DATE, an ISO timestamp with
 *   `Z` otherwise); outside that range — `infinity`, `-infinity`, years after
 *   9999 (`5881580-07-10`), BC dates — DuckDB's own text, a string, so a value
 *   JS cannot hold is still shown exactly;
 * - TIME, TIME_NS, TIME WITH TIME ZONE, INTERVAL, UUID, BLOB, BIT, GEOMETRY:
 *   DuckDB's text (`12:34:56`, `3 days`, `\x00a`, `10101`);
 * - ENUM, VARCHAR: a string; LIST, ARRAY, STRUCT, MAP, UNION: arrays and
 *   objects of the above.
 */
import {
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBDateValue,
  type DuckDBResultReader,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';

export interface Column {
  name: string;
  type: string;
}

export interface Table {
  columns: Column[];
  rows: Record<string, JsonValue>[];
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** DuckDB's DATE sentinels (days since the epoch). */
const DATE_INFINITY = 2_147_483_647;

const AS_TEXT = new Set<number>([
  DuckDBTypeId.TIME,
  DuckDBTypeId.TIME_NS,
  DuckDBTypeId.TIME_TZ,
  DuckDBTypeId.INTERVAL,
  DuckDBTypeId.UUID,
  DuckDBTypeId.BLOB,
  DuckDBTypeId.BIT,
  DuckDBTypeId.GEOMETRY,
]);
const DATE_LIKE = new Set<number>([
  DuckDBTypeId.DATE,
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

/** Whether a JS Date lies in the years every format (ISO text, Excel's calendar aside) writes plainly. */
export function inPlainYears(d: Date): boolean {
  const y = d.getUTCFullYear();
  return Number.isFinite(y) && y >= 1 && y <= 9999;
}

/**
 * The value converter every result goes through (see the header).
 * @example duckValue(DATE 'infinity') // 'infinity'; duckValue(DATE '2020-12-31') // Date 2020-12-31T00:00:00Z
 */
export const duckValue: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null || value === undefined) return null;
  const id = type.typeId;
  if (AS_TEXT.has(id)) return String(value);
  if (DATE_LIKE.has(id)) {
    if (id === DuckDBTypeId.DATE) {
      const days = (value as DuckDBDateValue).days;
      if (days === DATE_INFINITY) return 'infinity';
      if (days === -DATE_INFINITY) return '-infinity';
    }
    try {
      const d = JSDuckDBValueConverter(value, type, converter as DuckDBValueConverter<JS>) as Date;
      if (d instanceof Date && inPlainYears(d)) return d;
    } catch {
      // Beyond what a JS Date holds: DuckDB's own text below.
    }
    return String(value);
  }
  return JSDuckDBValueConverter(value, type, converter as DuckDBValueConverter<JS>);
};

/** duckValue, then toJsonValue, per cell (nested values are converted through it too). */
const jsonValueConverter: DuckDBValueConverter<JsonValue> = (value, type, converter) => toJsonValue(duckValue(value, type, converter as DuckDBValueConverter<unknown>));

export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
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
  // One pass, one object per row: each cell becomes its JSON value as it is read (a second
  // pass building new row objects was a third of a large named query's time, most of it GC).
  const rows = reader.convertRowObjects(jsonValueConverter) as Record<string, JsonValue>[];
  return { columns, rows };
}
