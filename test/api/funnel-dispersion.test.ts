/**
 * Funnel limits adjusted for over-dispersion (Spiegelhalter DJ 2005, "Handling
 * over-dispersion of performance indicators", Qual Saf Health Care 14:347–351),
 * computed in SQL (queries/school_comparison.sql, funnel_limits.sql,
 * funnel_dispersion.sql) and checked here against figures this file works out
 * itself, in plain TypeScript, from the same hand-made counts
 * (test/fixtures/funnel_dispersion.sql, a MADE-UP fixture: invented 广东省
 * schools on 智能财税, one set per year). Nothing here calls the product's code.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
  await app.db.query(readFileSync(new URL('../fixtures/funnel_dispersion.sql', import.meta.url), 'utf8'));
});
afterAll(async () => app.close());

// The counts of the fixture, written out again: [candidates, passed].
const SETS: Record<number, [number, number][]> = {
  2031: [[20, 12], [35, 30], [50, 35], [60, 50], [80, 56], [100, 85], [120, 90], [150, 130], [200, 150], [250, 225], [300, 210], [400, 396]],
  2032: [80, 81, 79, 80, 80, 81, 79, 80, 80, 80].map((p) => [100, p] as [number, number]),
  2033: [70, 90, 74, 86, 78, 82, 80, 80, 76, 84].map((p) => [100, p] as [number, number]),
};
// Upper 95% points of χ² from printed tables (df 11 and 9), not from a formula.
const CHI2_95: Record<number, number> = { 11: 19.675, 9: 16.919 };

/** R's default quantile (type 7): linear between order statistics at h = (I − 1)·q. */
function quantile7(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

/** The paper's recipe, step by step. */
function worked(set: [number, number][]) {
  const I = set.length;
  const p0 = set.reduce((a, [, x]) => a + x, 0) / set.reduce((a, [n]) => a + n, 0);
  const s = set.map(([n]) => Math.sqrt((p0 * (1 - p0)) / n));
  const z = set.map(([n, x], i) => (x / n - p0) / s[i]!);
  const sorted = [...z].sort((a, b) => a - b);
  const lo = quantile7(sorted, 0.1);
  const hi = quantile7(sorted, 0.9);
  const zw = z.map((v) => Math.min(Math.max(v, lo), hi));
  const phi = zw.reduce((a, v) => a + v * v, 0) / I;
  const phiRaw = z.reduce((a, v) => a + v * v, 0) / I;
  const clipped = z.filter((v, i) => v !== zw[i]).length;
  const phiApplied = I * phi > CHI2_95[I - 1]!;
  const w = s.map((v) => 1 / (v * v));
  const sw = w.reduce((a, v) => a + v, 0);
  const sw2 = w.reduce((a, v) => a + v * v, 0);
  const tau2 = Math.max(0, (I * phi - (I - 1)) / (sw - sw2 / sw));
  const sd = (n: number, method: 'plain' | 'phi' | 'tau2') => {
    const b = (p0 * (1 - p0)) / n;
    return method === 'phi' ? Math.sqrt((phiApplied ? phi : 1) * b) : method === 'tau2' ? Math.sqrt(b + tau2) : Math.sqrt(b);
  };
  const limits = (n: number, method: 'plain' | 'phi' | 'tau2', zq: number) => [Math.max(0, p0 - zq * sd(n, method)), Math.min(1, p0 + zq * sd(n, method))] as const;
  const outside = (method: 'plain' | 'phi' | 'tau2', zq: number) => set.filter(([n, x]) => Math.abs(x / n - p0) > zq * sd(n, method)).length;
  return { I, p0, z, phi, phiRaw, clipped, phiApplied, tau2, limits, outside };
}

type Row = Record<string, unknown>;
const METHODS = ['plain', 'phi', 'tau2'] as const;

describe('funnel over-dispersion — hand-made sets (fixture funnel_dispersion.sql, 智能财税)', () => {
  it('2031: winsorising clips two z-scores at each end; φ̂ is significant, so √φ̂ inflates the limits; τ̂² as DerSimonian–Laird', async () => {
    const w = worked(SETS[2031]!);
    // The set is what it claims to be: clipping matters and over-dispersion is beyond chance.
    expect(w.clipped).toBe(4);
    expect(Math.abs(w.phiRaw - w.phi)).toBeGreaterThan(0.5);
    expect(w.phiApplied).toBe(true);
    expect(w.tau2).toBeGreaterThan(0);

    const d = (await query<Row>(app, 'funnel_dispersion', { certificate: 26, year: 2031 })).rows;
    expect(d.map((r) => r.limits)).toEqual(['plain', 'phi', 'tau2']);
    for (const r of d) {
      expect(r.schools).toBe(12);
      expect(r.pooled_rate as number).toBeCloseTo(w.p0, 12);
      expect(r.phi as number).toBeCloseTo(w.phi, 10);
      expect(r.phi_applied).toBe(true);
      expect(r.tau2 as number).toBeCloseTo(w.tau2, 12);
      expect(r.chi2_95 as number).toBeCloseTo(CHI2_95[11]!, 1);
    }
    for (const [i, m] of METHODS.entries()) {
      expect([d[i]!.outside_95, d[i]!.outside_998]).toEqual([w.outside(m, 1.959964), w.outside(m, 3.090232)]);
    }
    // Plain limits flag more schools than either adjusted kind.
    expect(w.outside('plain', 1.959964)).toBeGreaterThan(w.outside('phi', 1.959964));
    expect(w.outside('plain', 1.959964)).toBeGreaterThan(w.outside('tau2', 1.959964));

    for (const m of METHODS) {
      const { rows } = await query<Row>(app, 'school_comparison', { certificate: 26, year: 2031, limits: m });
      expect(rows).toHaveLength(12);
      for (const r of rows) {
        const n = r.candidates as number;
        const [lo95, hi95] = w.limits(n, m, 1.959964);
        const [lo998, hi998] = w.limits(n, m, 3.090232);
        expect([r.limits, r.phi_applied]).toEqual([m, true]);
        expect(r.phi as number).toBeCloseTo(w.phi, 10);
        expect(r.funnel_low as number).toBeCloseTo(lo95, 10);
        expect(r.funnel_high as number).toBeCloseTo(hi95, 10);
        expect(r.funnel_low_998 as number).toBeCloseTo(lo998, 10);
        expect(r.funnel_high_998 as number).toBeCloseTo(hi998, 10);
        const rate = (r.passed as number) / n;
        const expected = rate < lo998 ? 'below_998' : rate < lo95 ? 'below_95' : rate > hi998 ? 'above_998' : rate > hi95 ? 'above_95' : 'within';
        expect(r.position).toBe(expected);
        expect(r.z_score as number).toBeCloseTo(w.z[SETS[2031]!.findIndex(([cn, cx]) => cn === n && cx === r.passed)]!, 10);
      }
      const outside = await query<Row>(app, 'school_comparison', { certificate: 26, year: 2031, limits: m, outside: 'true' });
      expect(outside.rows.length).toBe(w.outside(m, 1.959964));
      expect(outside.rows.every((r) => r.position !== 'within')).toBe(true);

      // The slim points and their names, joined by row, say what school_comparison says.
      const points = (await query<Row>(app, 'funnel_points', { certificate: 26, year: 2031, limits: m })).rows;
      const names = (await query<Row>(app, 'funnel_names', { certificate: 26, year: 2031, limits: m })).rows;
      expect(Object.keys(points[0]!)).toEqual(['candidates', 'passed', 'band']);
      const band = { below_998: -2, below_95: -1, within: 0, above_95: 1, above_998: 2 } as Record<string, number>;
      expect(points.map((r, i) => [names[i]!.school_id, r.candidates, r.passed, r.band]).sort()).toEqual(
        rows.map((r) => [r.school_id, r.candidates, r.passed, band[r.position as string]]).sort(),
      );

      const curve = (await query<Row>(app, 'funnel_limits', { certificate: 26, year: 2031, limits: m })).rows;
      expect(curve.at(-1)!.n).toBe(500); // 1.15 × 400 = 460 → 500
      for (const at of [curve[0]!, curve[75]!, curve.at(-1)!]) {
        const n = at.n as number;
        expect(at.limits).toBe(m);
        expect(at.low_95 as number).toBeCloseTo(w.limits(n, m, 1.959964)[0], 10);
        expect(at.high_95 as number).toBeCloseTo(w.limits(n, m, 1.959964)[1], 10);
        expect(at.low_998 as number).toBeCloseTo(w.limits(n, m, 3.090232)[0], 10);
        expect(at.high_998 as number).toBeCloseTo(w.limits(n, m, 3.090232)[1], 10);
      }
    }
  });

  it('2032: φ̂ < 1 (less spread than chance) — no adjustment: φ and τ² limits are the plain ones', async () => {
    const w = worked(SETS[2032]!);
    expect(w.phi).toBeLessThan(1);
    expect(w.tau2).toBe(0);
    const d = (await query<Row>(app, 'funnel_dispersion', { certificate: 26, year: 2032 })).rows;
    expect(d[0]!.phi as number).toBeCloseTo(w.phi, 10);
    expect(d.map((r) => [r.limits, r.phi_applied, r.tau2])).toEqual([
      ['plain', false, 0],
      ['phi', false, 0],
      ['tau2', false, 0],
    ]);
    const plain = (await query<Row>(app, 'school_comparison', { certificate: 26, year: 2032 })).rows;
    for (const m of ['phi', 'tau2'] as const) {
      const rows = (await query<Row>(app, 'school_comparison', { certificate: 26, year: 2032, limits: m })).rows;
      rows.forEach((r, i) => {
        expect(r.funnel_low as number).toBeCloseTo(plain[i]!.funnel_low as number, 12);
        expect(r.funnel_low as number).toBeCloseTo(w.limits(100, 'plain', 1.959964)[0], 10);
      });
    }
  });

  it('2033: φ̂ > 1 but I·φ̂ under χ²(9)’s 95% point — φ is not applied, τ̂² still adds a little', async () => {
    const w = worked(SETS[2033]!);
    expect(w.phi).toBeCloseTo(1.212, 10); // z = ±2.5, ±1.5, ±1, ±0.5, 0, 0 winsorised at ±1.6: 12.12 / 10
    expect(w.phiApplied).toBe(false);
    expect(w.tau2).toBeCloseTo((12.12 - 9) / (6250 - 625), 12);
    const d = (await query<Row>(app, 'funnel_dispersion', { certificate: 26, year: 2033 })).rows;
    expect(d[1]!.phi as number).toBeCloseTo(w.phi, 10);
    expect(d[1]!.phi_applied).toBe(false);
    expect(d[2]!.tau2 as number).toBeCloseTo(w.tau2, 12);
    const phiRows = (await query<Row>(app, 'school_comparison', { certificate: 26, year: 2033, limits: 'phi' })).rows;
    expect(phiRows[0]!.funnel_high as number).toBeCloseTo(w.limits(100, 'plain', 1.959964)[1], 10);
    const tauRows = (await query<Row>(app, 'school_comparison', { certificate: 26, year: 2033, limits: 'tau2' })).rows;
    expect(tauRows[0]!.funnel_high as number).toBeCloseTo(w.limits(100, 'tau2', 1.959964)[1], 10);
    expect(tauRows[0]!.funnel_high as number).toBeGreaterThan(phiRows[0]!.funnel_high as number);
    expect(d.map((r) => r.outside_95)).toEqual(METHODS.map((m) => w.outside(m, 1.959964)));
  });

  it('an unknown kind of limits is a 400 naming the parameter, in Chinese and English', async () => {
    const res = await app.inject({ url: '/api/queries/school_comparison?certificate=26&limits=wide' });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; message: string; message_zh: string; param: string } };
    expect(body.error.code).toBe('invalid_params');
    expect(body.error.param).toBe('limits');
    expect(body.error.message_zh).toContain('tau2');
  });
});
