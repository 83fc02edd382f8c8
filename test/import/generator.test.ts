/**
 * npm run generate (server/dataset/generate): the synthetic dataset is
 * deterministic, holds what issue 13 lists, passes the start-up integrity
 * check, and the named queries answer on it with figures recomputed here from
 * its rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, readConfig } from '../../server/config.js';
import { openDb, type Db } from '../../server/plugins/app/duckdb.js';
import { checkIntegrity } from '../../server/dataset/integrity.js';
import { generateDataset } from '../../server/dataset/generate/generate.js';
import { mainlandProvinces, makeSchools } from '../../server/dataset/generate/names.js';
import { loadRegions } from '../../server/domain/regions.js';
import { copyGeneratedDb, generatedDb, generatedDbPath } from '../helpers/generated.js';
import { buildTestApp, query } from '../helpers/app.js';

const FINGERPRINT = readFileSync(new URL('./fingerprint.sql', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'xpilot-generator-'));
let path: string;
let db: Db;
let close: () => void;

beforeAll(async () => {
  path = await copyGeneratedDb('small', dir);
  ({ db, close } = await openDb(path));
}, 180_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async (sql: string) => (await db.query(sql)).rows;
async function fingerprintOf(file: string): Promise<string[]> {
  const opened = await openDb(file);
  try {
    return (await opened.db.query(FINGERPRINT)).rows.map((r) => `${r.table_name} ${r.rows} ${r.hash}`);
  } finally {
    opened.close();
  }
}

describe('npm run generate: deterministic', () => {
  it('the same seed gives the same fingerprint, another seed another', async () => {
    const again = join(dir, 'again.duckdb');
    const other = join(dir, 'other.duckdb');
    await generateDataset({ scale: 'small', seed: 1, out: again });
    await generateDataset({ scale: 'small', seed: 2, out: other });
    // A copy of the cached file (the original is open in this process).
    const a = await fingerprintOf(await copyGeneratedDb('small', dir, 1, 'copy.duckdb'));
    const b = await fingerprintOf(again);
    expect(b).toEqual(a);
    expect(a.find((l) => l.startsWith('exam_records '))).toMatch(/^exam_records [1-9]\d{3,} /);
    const c = await fingerprintOf(other);
    expect(c.find((l) => l.startsWith('exam_results '))).not.toEqual(a.find((l) => l.startsWith('exam_results ')));
  }, 180_000);
});

describe('npm run generate: contents (issue 13)', () => {
  it('national names: 31 provinces, only their real prefecture cities, unique names of both types, shared city names in several provinces', () => {
    const schools = makeSchools(mainlandProvinces(), 9000, 1);
    const regions = loadRegions();
    const real = new Set(regions.filter((r) => r.city).map((r) => `${r.province}/${r.city}`));
    expect(schools).toHaveLength(9000);
    expect(new Set(schools.map((s) => s.province)).size).toBe(31);
    expect(schools.filter((s) => !real.has(`${s.province}/${s.city}`))).toEqual([]);
    expect(new Set(schools.map((s) => s.name)).size).toBe(9000);
    expect(new Set(schools.map((s) => s.type))).toEqual(new Set(['高职', '中职']));
    const shared = new Set(schools.filter((s) => s.city === '省直辖县级行政区划').map((s) => s.province));
    expect([...shared].sort()).toEqual(['河南省', '海南省', '湖北省']);
    // Named after a county there, not after the level's name.
    expect(schools.filter((s) => s.name.includes('直辖'))).toEqual([]);
    // Most cities hold schools: the provinces' real prefecture cities, not a handful.
    expect(new Set(schools.map((s) => `${s.province}/${s.city}`)).size).toBeGreaterThan(300);
  });

  it('small: three provinces, real cities, both school types, 省直辖县级行政区划 under two provinces', async () => {
    const provinces = await rows('SELECT DISTINCT province FROM schools ORDER BY province');
    expect(provinces.map((r) => r.province)).toEqual(['广东省', '河南省', '湖北省']);
    const unknownCities = await rows('SELECT s.name, s.city FROM schools s LEFT JOIN regions r ON r.province = s.province AND r.city = s.city WHERE r.city IS NULL');
    expect(unknownCities).toEqual([]);
    const types = await rows('SELECT type, count(*) AS n FROM schools GROUP BY type ORDER BY type');
    expect(types.map((r) => r.type)).toEqual(['中职', '高职']);
    const shared = await rows("SELECT DISTINCT province FROM schools WHERE city = '省直辖县级行政区划' ORDER BY province");
    expect(shared.map((r) => r.province)).toEqual(['河南省', '湖北省']);
    const levels = await rows('SELECT DISTINCT level FROM exam_results ORDER BY level');
    expect(levels.map((r) => r.level)).toEqual(['中级', '初级', '高级']);
    const years = await rows('SELECT count(DISTINCT year) AS n FROM exam_results');
    expect(Number(years[0]!.n)).toBeGreaterThanOrEqual(4);
    for (const t of ['pilot_applications', 'teacher_training', 'training_quotas', 'training_programmes', 'training_offers', 'stated_totals']) {
      expect(Number((await rows(`SELECT count(*) AS n FROM ${t}`))[0]!.n), t).toBeGreaterThan(0);
    }
  });

  it('marked synthetic: every import has kind synthetic, meta says synthetic=small', async () => {
    expect(await rows('SELECT DISTINCT kind, status, visibility FROM imports')).toEqual([{ kind: 'synthetic', status: 'committed', visibility: 'public' }]);
    expect(await rows("SELECT value FROM meta WHERE key = 'synthetic'")).toEqual([{ value: 'small' }]);
  });

  it('carries the findings an importer finds, each pointing at a figure that is really inconsistent', async () => {
    const codes = await rows('SELECT code, count(*) AS n FROM findings GROUP BY code ORDER BY code');
    expect(codes.map((r) => r.code)).toEqual(['approved_exceeds_requested', 'passed_exceeds_candidates', 'stated_rate_mismatch', 'total_mismatch']);
    const passed = await rows(`SELECT f.source_row, r.passed, r.candidates FROM findings f
      JOIN exam_results r ON r.import_id = f.import_id AND r.source_row = f.source_row WHERE f.code = 'passed_exceeds_candidates'`);
    expect(passed.length).toBeGreaterThan(0);
    for (const r of passed) expect(Number(r.passed)).toBeGreaterThan(Number(r.candidates));
    const totals = await rows(`SELECT t.value, (SELECT sum(candidates) FROM exam_results r WHERE r.import_id = t.import_id) AS computed
      FROM stated_totals t WHERE t.metric = 'candidates'`);
    const off = totals.filter((t) => Number(t.value) !== Number(t.computed));
    expect(off.length).toBe(Number((await rows("SELECT count(*) AS n FROM findings WHERE code = 'total_mismatch' AND source_column = '考证人数'"))[0]!.n));
    expect(off.length).toBeGreaterThan(0);
  });

  it('pass rates vary between schools beyond binomial chance (over-dispersion): plain 95% limits flag far more than 5%', async () => {
    // z of each school's rate on a certificate level and year against the pooled rate of all schools there.
    const cells = await rows(`SELECT certificate_id, level, year, candidates AS n, passed FROM exam_results WHERE passed <= candidates`);
    const pooled = new Map<string, { n: number; x: number }>();
    const key = (r: Record<string, unknown>) => `${r.certificate_id}/${r.level}/${r.year}`;
    for (const r of cells) {
      const p = pooled.get(key(r)) ?? { n: 0, x: 0 };
      p.n += Number(r.n);
      p.x += Number(r.passed);
      pooled.set(key(r), p);
    }
    const z: number[] = [];
    for (const r of cells) {
      const p = pooled.get(key(r))!;
      const rate = p.x / p.n;
      const n = Number(r.n);
      if (n < 20 || p.n - n < 100 || rate <= 0 || rate >= 1) continue;
      z.push((Number(r.passed) / n - rate) / Math.sqrt((rate * (1 - rate)) / n));
    }
    expect(z.length).toBeGreaterThan(100);
    const outside = z.filter((v) => Math.abs(v) > 1.96).length / z.length;
    const phi = z.reduce((s, v) => s + v * v, 0) / z.length;
    expect(outside).toBeGreaterThan(0.2);
    expect(phi).toBeGreaterThan(2);
  });

  it('school sizes are skewed: many small samples, a long tail', async () => {
    const [r] = await rows('SELECT median(candidates) AS med, max(candidates) AS top, avg(CASE WHEN candidates < 10 THEN 1 ELSE 0 END) AS small FROM exam_results');
    expect(Number(r!.small)).toBeGreaterThan(0.25);
    expect(Number(r!.top)).toBeGreaterThan(10 * Number(r!.med));
  });

  it('candidate records agree with the results they stand behind, with salted 64-hex keys', async () => {
    const mismatch = await rows(`SELECT x.* FROM (
        SELECT school_id, year, certificate_id, level, count(*) AS n, count(*) FILTER (WHERE passed) AS p FROM exam_records GROUP BY ALL) x
      JOIN exam_results r USING (school_id, year, certificate_id, level)
      WHERE r.candidates <> x.n OR r.passed <> x.p`);
    expect(mismatch).toEqual([]);
    expect(Number((await rows("SELECT count(*) AS n FROM exam_records WHERE NOT regexp_full_match(student_key, '[0-9a-f]{64}')"))[0]!.n)).toBe(0);
    expect((await rows("SELECT value FROM meta WHERE key = 'student_key_salt'"))[0]!.value).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('npm run generate: the server accepts it', () => {
  it('the start-up integrity check passes: committed imports hold the rows they recorded', async () => {
    const report = await checkIntegrity(db);
    expect(report).toEqual({ removed: [], pending: [], message: null });
    expect(Number((await rows("SELECT count(*) AS n FROM imports WHERE status = 'committed'"))[0]!.n)).toBeGreaterThan(10);
  });

  it('overview_totals answers the figures recomputed here from the rows; /api/health says synthetic; the seeds stay out', async () => {
    const file = await copyGeneratedDb('small', dir, 1, 'served.duckdb');
    const direct = await openDb(file);
    let expected;
    try {
      const results = (await direct.db.query('SELECT school_id, certificate_id, year, candidates, passed FROM exam_results')).rows;
      const apps = (await direct.db.query('SELECT requested, approved FROM pilot_applications')).rows;
      const teachers = (await direct.db.query('SELECT teachers_trained FROM teacher_training')).rows;
      const sum = (xs: Record<string, unknown>[], k: string) => xs.reduce((s, r) => s + Number(r[k] ?? 0), 0);
      expected = {
        candidates: sum(results, 'candidates'),
        passed: sum(results, 'passed'),
        certificates: new Set(results.map((r) => r.certificate_id)).size,
        schools: new Set(results.map((r) => r.school_id)).size,
        requested: sum(apps, 'requested'),
        approved: sum(apps, 'approved'),
        teachers_trained: sum(teachers, 'teachers_trained'),
        // The years the exam figures cover, as the headline tile names them.
        exam_years: [...new Set(results.map((r) => Number(r.year)))].sort().join('、'),
      };
    } finally {
      direct.close();
    }
    const app = await buildTestApp({ dbPath: file, dataDir: readConfig().dataDir });
    try {
      const got = (await query(app, 'overview_totals')).rows[0]!;
      const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, got[k]]));
      expect(picked).toEqual(expected);
      expect(got.pass_rate).toBeCloseTo(expected.passed / expected.candidates, 12);
      const health = (await app.inject({ method: 'GET', url: '/api/health' })).json();
      expect(health).toMatchObject({ status: 'ok', dataset: 'synthetic-small-1', synthetic: { scale: 'small', seed: 1 } });
      const seedSchool = (await app.db.query("SELECT count(*) AS n FROM schools WHERE name = '广州城市职业学院'")).rows[0]!;
      expect(Number(seedSchool.n)).toBe(0);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('the seeds report no synthetic data on /api/health', async () => {
    const app = await buildTestApp();
    try {
      expect((await app.inject({ method: 'GET', url: '/api/health' })).json().synthetic).toBeNull();
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('generatedDb (test/helpers/generated.ts)', () => {
  it('parallel callers get one file; a lock left by a dead process is taken over', async () => {
    const seed = 4000 + (process.pid % 1000);
    const path = generatedDbPath('small', seed);
    // A lock as a killed run leaves it: the process that wrote its pid is gone.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(`${path}.lock`, { recursive: true });
    writeFileSync(join(`${path}.lock`, 'pid'), dead.stdout);
    try {
      const [a, b] = await Promise.all([generatedDb('small', seed), generatedDb('small', seed)]);
      expect(a).toBe(path);
      expect(b).toBe(path);
      expect(existsSync(path)).toBe(true);
      expect(existsSync(`${path}.lock`)).toBe(false);
    } finally {
      rmSync(path, { force: true });
      rmSync(`${path}.lock`, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('npm run generate: bad input', () => {
  it('an unknown scale is refused in Chinese and English, writing nothing', () => {
    const out = join(dir, 'never.duckdb');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'server/cli/generate.ts'), '--scale', 'huge', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('规模应为 small、province 或 national');
    expect(r.stderr).toContain('--scale must be small, province or national, got "huge"');
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
