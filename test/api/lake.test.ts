/**
 * Beyond one machine (issue 13): `exportLake` writes the database as
 * hive-partitioned Parquet with a manifest, and an app started on the lake
 * (XPILOT_LAKE) answers every named query exactly as the database does —
 * for several scopes and parameter sets — and refuses writes as a read replica.
 * Data: the default dataset plus the scope fixture's restricted imports
 * (schools A 广东省, B 湖南省, C 广东省; 2021 results and B's candidate records).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { A, A_RESULTS, B, scopeFixture, type ScopeFixture } from '../helpers/scope-fixture.js';
import { postImport } from '../import/helpers.js';
import { exportLake } from '../../server/lake/export.js';
import { readManifest, type LakeManifest } from '../../server/lake/manifest.js';
import { ADMIN, ANONYMOUS, type Principal } from '../../server/lib/principal.js';
import { AppError } from '../../server/lib/errors.js';

let fx: ScopeFixture;
let replica: TestApp;
let root: string;
let manifest: LakeManifest;

beforeAll(async () => {
  fx = await scopeFixture();
  root = mkdtempSync(join(tmpdir(), 'xpilot-lake-'));
  manifest = await exportLake(fx.app.db, root);
  replica = await buildTestApp({ lakeDir: root, lakePollMs: 50 });
}, 120_000);

afterAll(async () => {
  await replica?.close();
  await fx?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('npm run export -- --lake: layout and manifest', () => {
  it('partitions by province and year where a table has them, leaves the others whole', () => {
    const t = (name: string) => manifest.tables.find((x) => x.name === name)!;
    expect(t('exam_results').partition_by).toEqual(['province', 'year']);
    expect(t('training_quotas').partition_by).toEqual(['province', 'year']);
    expect(t('schools').partition_by).toEqual(['province']);
    // School-level facts are partitioned by their school's province; the column is not added to the table.
    expect(t('exam_results').columns.map((c) => c.name)).not.toContain('province');
    expect(t('exam_results').files.map((f) => decodeURIComponent(f.path))).toContain('exam_results/province=广东省/year=2020/data_0.parquet');
    expect(t('certificates').partition_by).toEqual([]);
    expect(t('certificates').files.map((f) => f.path)).toEqual(['certificates/data.parquet']);
    const quotaFiles = t('training_quotas').files.map((f) => decodeURIComponent(f.path));
    expect(quotaFiles).toContain('training_quotas/province=浙江省/year=2020/data_0.parquet');
  });

  it('holds the data tables and meta, never accounts, sessions, audit logs or the student-key salt', async () => {
    const names = manifest.tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['exam_results', 'exam_records', 'imports', 'findings', 'regions', 'meta']));
    for (const secret of ['users', 'sessions', 'api_tokens', 'admin_account', 'sql_audit', 'audit_log', 'saved_queries']) expect(names).not.toContain(secret);
    const meta = await replica.db.query('SELECT key FROM meta ORDER BY key');
    expect(meta.rows.map((r) => r.key)).not.toContain('student_key_salt');
    expect(meta.rows.map((r) => r.key)).toContain('peer_salt');
  });

  it('counts rows per table and per file as the database does, with each file’s sha256', async () => {
    for (const t of manifest.tables.filter((x) => x.name !== 'meta')) {
      const n = Number((await fx.app.db.query(`SELECT count(*) AS n FROM ${t.name}`)).rows[0]!.n);
      expect(t.rows, t.name).toBe(n);
      expect(t.files.reduce((s, f) => s + f.rows, 0), t.name).toBe(n);
    }
    const dir = join(root, 'current');
    for (const f of manifest.tables.flatMap((t) => t.files)) {
      expect(createHash('sha256').update(readFileSync(join(dir, f.path))).digest('hex'), f.path).toBe(f.sha256);
    }
    expect(manifest.data_version).toBe(String((await fx.app.db.query(readFileSync('server/sql/data_version.sql', 'utf8'))).rows[0]!.version));
  });

  it('moves `current` to the new version by a symlink swap and keeps the previous versions it is told to', async () => {
    const first = readlinkSync(join(root, 'current'));
    const second = await exportLake(fx.app.db, root, { keep: 1 });
    expect(readlinkSync(join(root, 'current'))).toBe(join('versions', second.id));
    expect(existsSync(join(root, first))).toBe(true);
    expect(readManifest(join(root, 'versions', second.id)).tables.length).toBe(manifest.tables.length);
  });
});

// Representative values for each parameter type: two sets, so filters and their absence are both compared.
const SAMPLES: Record<string, [unknown, unknown]> = {
  province: ['广东省', '浙江省'],
  city: ['广州市', '杭州市'],
  year: [2020, 2021],
  school: [A.id, B.id],
  schools: [`${A.id},${B.id}`, '1'],
  certificate: ['智能财税', '物流管理'],
  level: ['初级', '中级'],
  school_type: ['高职', '中职'],
  programme: ['大数据技术', '现代物流管理'],
  min_candidates: [10, 1],
  by_level: [true, false],
};

const PRINCIPALS: [string, Principal][] = [
  ['anonymous', ANONYMOUS],
  ['admin', ADMIN('admin')],
  ['official 广东省', { user: '广东厅', role: 'official', provinces: ['广东省'], schoolIds: [] }],
  ['dean of A', { user: '张院长', role: 'dean', provinces: [], schoolIds: [A.id] }],
  ['dean of B', { user: '湘江院长', role: 'dean', provinces: [], schoolIds: [B.id] }],
  ['analyst 湖南省', { user: '分析员', role: 'analyst', provinces: ['湖南省'], schoolIds: [] }],
];

type Answer = { columns: unknown; rows: unknown } | { error: string };

async function answer(app: TestApp, name: string, params: Record<string, unknown>, who: Principal): Promise<Answer> {
  try {
    const r = await app.queries.run(name, params, who);
    return { columns: r.columns, rows: r.rows };
  } catch (err) {
    if (err instanceof AppError) return { error: err.code };
    throw err;
  }
}

describe('every named query answers the same over the lake as over the database', () => {
  it('all of queries/*.sql × parameter sets × six scopes', async () => {
    const queries = fx.app.queries.list();
    expect(queries.length).toBeGreaterThanOrEqual(25);
    let compared = 0;
    let nonEmpty = 0;
    for (const q of queries) {
      const sets: Record<string, unknown>[] = [{}];
      for (const k of [0, 1] as const) {
        const set: Record<string, unknown> = {};
        for (const p of q.params) if (SAMPLES[p.name] ?? SAMPLES[p.type]) set[p.name] = (SAMPLES[p.name] ?? SAMPLES[p.type])![k];
        if (q.params.some((p) => p.type === 'import')) set.import = k === 0 ? fx.imports.a : fx.imports.b;
        sets.push(set);
      }
      for (const p of q.params) if (SAMPLES[p.type] && p.name !== 'year') sets.push({ [p.name]: SAMPLES[p.type]![0], year: 2020 });
      for (const params of sets) {
        for (const [who, principal] of PRINCIPALS) {
          const db = await answer(fx.app, q.name, params, principal);
          const lake = await answer(replica, q.name, params, principal);
          expect(lake, `${q.name} ${JSON.stringify(params)} as ${who}`).toEqual(db);
          compared++;
          if ('rows' in db && Array.isArray(db.rows) && db.rows.length) nonEmpty++;
        }
      }
    }
    // Not a comparison of empty answers: most runs return rows.
    expect(compared).toBeGreaterThan(500);
    expect(nonEmpty / compared).toBeGreaterThan(0.5);
  }, 300_000);
});

describe('a replica refuses writes (503 read_replica, in Chinese and English)', () => {
  it.each([
    ['POST', '/api/imports'],
    ['POST', '/api/session'],
    ['POST', '/api/users'],
    ['DELETE', `/api/imports/1`],
    ['GET', '/api/sql/schema'],
    ['GET', '/api/users'],
  ])('%s %s', async (method, url) => {
    const res = await replica.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : {} });
    expect(res.statusCode).toBe(503);
    const body = res.json() as { error: { code: string; message: string; message_zh: string } };
    expect(body.error.code).toBe('read_replica');
    expect(body.error.message).toMatch(/read-only replica/);
    expect(body.error.message_zh).toMatch(/只读副本/);
  });

  it('reads answer as on the writer, for an anonymous visitor', async () => {
    const res = await replica.inject({ method: 'GET', url: `/api/queries/city_quota_totals?province=${encodeURIComponent('浙江省')}` });
    expect(res.statusCode).toBe(200);
    const rows = (res.json() as { rows: { city: string; quota: number; stated: number }[] }).rows;
    expect(rows.find((r) => r.city === '杭州市')).toMatchObject({ quota: 86, stated: 85 });
  });
});

describe('one writer, replicas that follow it (XPILOT_LAKE_EXPORT → XPILOT_LAKE)', () => {
  it('a commit on the writer is exported, `current` moves, and a running replica answers with the new rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xpilot-lake-writer-'));
    const writer = await buildTestApp({ lakeExportDir: dir });
    try {
      await writer.lakeWriter!.idle();
      const first = writer.lakeWriter!.last()!;
      const follower = await buildTestApp({ lakeDir: dir, lakePollMs: 50 });
      try {
        const totals = async (app: TestApp) => (await app.queries.run('overview_totals', {}, ADMIN('admin'))).rows[0] as { candidates: number };
        const before = Number((await totals(follower)).candidates);
        expect(before).toBe(Number((await totals(writer)).candidates));
        const res = await postImport(writer, { name: 'a-2021.csv', bytes: A_RESULTS }, { school: String(A.id), year: '2021' });
        expect(res.statusCode).toBe(201);
        await writer.lakeWriter!.idle();
        const second = writer.lakeWriter!.last()!;
        expect(second.id).not.toBe(first.id);
        expect(second.data_version).not.toBe(first.data_version);
        // 101 + 53 candidates of A_RESULTS, once the replica has seen `current` move.
        await expect.poll(async () => Number((await totals(follower)).candidates), { timeout: 20_000 }).toBe(before + 154);
        expect(follower.lake!.id()).toBe(second.id);
      } finally {
        await follower.close();
      }
    } finally {
      await writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
