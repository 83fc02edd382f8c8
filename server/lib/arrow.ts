/**
 * Tables to Arrow IPC streams. The type mapping is decided here, once:
 * integer types up to 32 bits → Int32, BIGINT/HUGEINT → Float64 when every value
 * is a safe integer as JSON sees it (Int64 otherwise would make browsers deal
 * in BigInt), DECIMAL/DOUBLE → Float64, BOOLEAN → Bool, everything else → Utf8.
 */
import { Bool, Float64, Int32, Utf8, Table as ArrowTable, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { Table } from './values.js';

function arrowType(duckType: string): DataType {
  const t = duckType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/.test(t)) return new Int32();
  if (/^(BIGINT|HUGEINT|UINTEGER|UBIGINT|DOUBLE|FLOAT|REAL)$/.test(t) || t.startsWith('DECIMAL')) return new Float64();
  if (t === 'BOOLEAN') return new Bool();
  return new Utf8();
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
