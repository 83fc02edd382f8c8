import { describe, expect, it } from 'vitest';
import { Bool, DateDay, Field, Float64, Int32, Int64, Schema, Table, Utf8, makeData, RecordBatch, Struct, tableToIPC, vectorFromArray } from 'apache-arrow';
import { decodeArrow, rowObject } from './arrow';

/** A table built in memory the way the server builds one: typed columns, nulls, DuckDB type metadata. */
function ipc(columns: { name: string; type: Int32 | Float64 | Utf8 | Bool | Int64 | DateDay; values: unknown[]; duckdb?: string }[]): Uint8Array {
  const fields = columns.map((c) => new Field(c.name, c.type, true, c.duckdb ? new Map([['duckdb_type', c.duckdb]]) : undefined));
  const schema = new Schema(fields);
  const length = columns[0]?.values.length ?? 0;
  const children = columns.map((c) => vectorFromArray(c.values as never[], c.type).data[0]!);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  return tableToIPC(new Table([batch]), 'stream');
}

describe('decodeArrow — round trip of tables built in memory', () => {
  it('numbers, text, booleans and nulls come back as plain values, with the DuckDB type', () => {
    const bytes = ipc([
      { name: 'certificate', type: new Utf8(), values: ['智能财税', '网店运营推广', null], duckdb: 'VARCHAR' },
      { name: 'candidates', type: new Int32(), values: [335, 120, null], duckdb: 'INTEGER' },
      { name: 'pass_rate', type: new Float64(), values: [0.9402985, 0.5, null], duckdb: 'DOUBLE' },
      { name: 'split', type: new Bool(), values: [true, false, null], duckdb: 'BOOLEAN' },
    ]);
    const t = decodeArrow(bytes);
    expect(t.numRows).toBe(3);
    expect(t.columns.map((c) => [c.name, c.type, c.kind])).toEqual([
      ['certificate', 'VARCHAR', 'text'],
      ['candidates', 'INTEGER', 'number'],
      ['pass_rate', 'DOUBLE', 'number'],
      ['split', 'BOOLEAN', 'boolean'],
    ]);
    expect(rowObject(t, 0)).toEqual({ certificate: '智能财税', candidates: 335, pass_rate: 0.9402985, split: true });
    expect(rowObject(t, 2)).toEqual({ certificate: null, candidates: null, pass_rate: null, split: null });
  });

  it('a column without nulls takes the typed-array path and keeps every value', () => {
    const values = Array.from({ length: 5000 }, (_, i) => i * 1.5);
    const t = decodeArrow(ipc([{ name: 'x', type: new Float64(), values }]));
    expect(t.columns[0]!.values).toEqual(values);
    expect(t.columns[0]!.type).toBe('Float64');
  });

  it('Int64 becomes a number when safe, text beyond 2^53 (as the JSON API does)', () => {
    const t = decodeArrow(ipc([{ name: 'big', type: new Int64(), values: [42n, 9007199254740993n, null] }]));
    expect(t.columns[0]!.values).toEqual([42, '9007199254740993', null]);
  });

  it('dates become ISO text', () => {
    const t = decodeArrow(ipc([{ name: 'd', type: new DateDay(), values: [new Date(Date.UTC(2020, 11, 31)), null] }]));
    expect(t.columns[0]!.values).toEqual(['2020-12-31T00:00:00.000Z', null]);
  });

  it('an empty table keeps its columns', () => {
    const t = decodeArrow(ipc([{ name: 'a', type: new Int32(), values: [] }]));
    expect(t.numRows).toBe(0);
    expect(t.columns.map((c) => [c.name, c.type, c.kind, c.length, c.values])).toEqual([['a', 'Int32', 'number', 0, []]]);
  });

  it('cells are read lazily and agree with the materialized column', () => {
    const t = decodeArrow(ipc([
      { name: 's', type: new Utf8(), values: ['甲', null, '丙'] },
      { name: 'n', type: new Float64(), values: [1.5, null, 3] },
    ]));
    for (const c of t.columns) expect([0, 1, 2].map((i) => c.get(i))).toEqual(c.values);
    expect(t.columns[0]!.get(2)).toBe('丙');
  });

  it('accepts an ArrayBuffer as fetch gives it', () => {
    const bytes = ipc([{ name: 'a', type: new Int32(), values: [1, 2] }]);
    const copy = bytes.slice().buffer;
    expect(decodeArrow(copy).columns[0]!.values).toEqual([1, 2]);
  });

  it('the SQL console\'s types read as JSON sends them: Int64 across batches with nulls, HUGEINT digits, Infinity and NaN', () => {
    const fields = [
      new Field('big', new Int64(), true, new Map([['duckdb_type', 'BIGINT']])),
      new Field('huge', new Utf8(), true, new Map([['duckdb_type', 'HUGEINT']])),
      new Field('d', new Float64(), true, new Map([['duckdb_type', 'DOUBLE']])),
    ];
    const batch = (big: (bigint | null)[], huge: (string | null)[], d: (number | null)[]) =>
      new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: big.length, nullCount: 0, children: [vectorFromArray(big, new Int64()).data[0]!, vectorFromArray(huge, new Utf8()).data[0]!, vectorFromArray(d, new Float64()).data[0]!] }));
    const bytes = tableToIPC(new Table([
      batch([1n, null, -9223372036854775808n], ['42', null, '170141183460469231731687303715884105727'], [Infinity, NaN, 1.5]),
      batch([9007199254740993n, -9007199254740991n], ['-9007199254740991', 'x'], [-Infinity, null]),
    ]), 'stream');
    const t = decodeArrow(bytes);
    const [big, huge, d] = t.columns;
    const bigWant = [1, null, '-9223372036854775808', '9007199254740993', -9007199254740991];
    expect(big!.values).toEqual(bigWant);
    expect([0, 1, 2, 3, 4].map((i) => big!.get(i))).toEqual(bigWant);
    const hugeWant = [42, null, '170141183460469231731687303715884105727', -9007199254740991, 'x'];
    expect(huge!.values).toEqual(hugeWant);
    expect([0, 1, 2, 3, 4].map((i) => huge!.get(i))).toEqual(hugeWant);
    expect(d!.values).toEqual(['Infinity', 'NaN', 1.5, '-Infinity', null]);
    expect(d!.get(0)).toBe('Infinity');
    // sum() of INTEGER is a HUGEINT: digits on the wire, a number to the grid and the quick chart.
    expect([big!.kind, huge!.kind, d!.kind]).toEqual(['number', 'number', 'number']);
  });
});
