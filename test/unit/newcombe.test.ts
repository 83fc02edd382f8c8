/**
 * Newcombe's hybrid score interval for a difference of two independent
 * proportions is a SQL macro (server/sql/macros.sql, newcombe_low/high): it is
 * checked here in a real in-memory DuckDB against the published values.
 * Reference: Newcombe RG (1998), "Interval estimation for the difference between
 * independent proportions: comparison of eleven methods", Statistics in Medicine
 * 17:873–890, Table II, method 10 (score interval, no continuity correction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/plugins/app/duckdb.js';
import { sqlFile } from '../../server/lib/sql-files.js';

let db: Db;
let close: () => void;
beforeAll(async () => ({ db, close } = await openDb(':memory:')));
afterAll(() => close());

const interval = async (x1: number, n1: number, x2: number, n2: number) => {
  const { rows } = await db.query(
    'SELECT newcombe_low($x1, $n1, $x2, $n2, 1.959964) AS lo, newcombe_high($x1, $n1, $x2, $n2, 1.959964) AS hi',
    { x1, n1, x2, n2 },
  );
  return rows[0] as { lo: number | null; hi: number | null };
};

describe('newcombe_low / newcombe_high — Newcombe 1998, Table II, method 10', () => {
  it.each([
    ['(a)', 56, 70, 48, 80, 0.0524, 0.3339],
    ['(b)', 9, 10, 3, 10, 0.1705, 0.809],
    ['(c)', 6, 7, 2, 7, 0.0582, 0.8062],
    ['(d)', 5, 56, 0, 29, -0.0381, 0.1926],
    ['(e)', 0, 10, 0, 20, -0.1611, 0.2775],
    ['(f)', 0, 10, 0, 10, -0.2775, 0.2775],
    ['(g)', 10, 10, 0, 20, 0.6791, 1.0],
  ])('%s %i/%i − %i/%i → %f to %f', async (_label, x1, n1, x2, n2, low, high) => {
    const { lo, hi } = await interval(x1, n1, x2, n2);
    expect(lo as number).toBeCloseTo(low, 4);
    expect(hi as number).toBeCloseTo(high, 4);
  });

  it('is asymmetric around the difference and swaps sign with the samples', async () => {
    const ab = await interval(56, 70, 48, 80);
    const ba = await interval(48, 80, 56, 70);
    expect(ba.lo as number).toBeCloseTo(-(ab.hi as number), 12);
    expect(ba.hi as number).toBeCloseTo(-(ab.lo as number), 12);
    expect(0.2 - (ab.lo as number)).not.toBeCloseTo((ab.hi as number) - 0.2, 3);
  });

  it('an empty sample gives NULL, not a division error', async () => {
    expect(await interval(3, 5, 0, 0)).toEqual({ lo: null, hi: null });
    expect(await interval(0, 0, 3, 5)).toEqual({ lo: null, hi: null });
  });

  it('lives in the macros file the server loads', () => {
    expect(sqlFile('macros')).toContain('CREATE OR REPLACE MACRO newcombe_low');
  });
});
