/**
 * The Wilson interval and funnel limits are SQL macros (server/sql/macros.sql):
 * checked here in a real in-memory DuckDB against published values.
 * Reference: Newcombe RG (1998), "Two-sided confidence intervals for the single
 * proportion", Statistics in Medicine 17:857–872, Table I, method 3 (Wilson score, no continuity correction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/plugins/app/duckdb.js';
import { sqlFile } from '../../server/lib/sql-files.js';

let db: Db;
let close: () => void;
beforeAll(async () => ({ db, close } = await openDb(':memory:')));
afterAll(() => close());

describe('wilson_low / wilson_high (95%)', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f–%f', async (x, n, low, high) => {
    const { rows } = await db.query('SELECT wilson_low($x, $n, 1.959964) AS lo, wilson_high($x, $n, 1.959964) AS hi', { x, n });
    expect(rows[0]!.lo as number).toBeCloseTo(low, 4);
    expect(rows[0]!.hi as number).toBeCloseTo(high, 4);
  });

  it('a whole province or country: 90,000/100,000 INTEGER candidates, no 32-bit overflow in 4·n² (0.89813–0.90184)', async () => {
    // Worked independently: p = 0.9, z²/n ≈ 3.84e-5, half-width ≈ 1.959964·sqrt(0.09/100000) = 0.001859.
    const { rows } = await db.query('SELECT wilson_low(CAST($x AS INTEGER), CAST($n AS INTEGER), 1.959964) AS lo, wilson_high(CAST($x AS INTEGER), CAST($n AS INTEGER), 1.959964) AS hi', { x: 90_000, n: 100_000 });
    expect(rows[0]!.lo as number).toBeCloseTo(0.89813, 5);
    expect(rows[0]!.hi as number).toBeCloseTo(0.90184, 5);
  });

  it('no candidates → NULL, not a division error', async () => {
    const { rows } = await db.query('SELECT wilson_low(0, 0, 1.959964) AS lo, wilson_high(0, 0, 1.959964) AS hi');
    expect(rows[0]).toEqual({ lo: null, hi: null });
  });
});

describe('funnel_low / funnel_high', () => {
  it('95% limits around p = 0.8 for n = 100 are 0.8 ± 1.96·0.04', async () => {
    const { rows } = await db.query('SELECT funnel_low(0.8, 100, 1.959964) AS lo, funnel_high(0.8, 100, 1.959964) AS hi');
    expect(rows[0]!.lo as number).toBeCloseTo(0.7216, 4);
    expect(rows[0]!.hi as number).toBeCloseTo(0.8784, 4);
  });
  it('limits are clipped to [0, 1] for small n', async () => {
    const { rows } = await db.query('SELECT funnel_low(0.9, 5, 3.090232) AS lo, funnel_high(0.9, 5, 3.090232) AS hi');
    expect(rows[0]!.lo as number).toBeCloseTo(0.4854, 4);
    expect(rows[0]!.hi).toBe(1);
  });
  it('the macros file is the one the server loads', () => {
    expect(sqlFile('macros')).toContain('CREATE OR REPLACE MACRO wilson_low');
  });
});
