/**
 * The SQL console's API around the sandbox: schema, error positions,
 * parameters, per-user limits, the audit log and history, saved queries,
 * and refreshing the sandbox when the data changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicHeaders, buildTestApp, type TestApp } from '../helpers/app.js';
import { putUser } from '../../server/lib/users.js';

let app: TestApp;
/** Signed-in users (HTTP Basic; role admin so that no data scope narrows the console here). */
const SIGNED_IN = ['historian', '张老师', 'owner-1'];
beforeAll(async () => {
  app = await buildTestApp({ sqlLimits: { timeoutMs: 1500, maxRunningPerUser: 2 } });
  for (const username of SIGNED_IN) await putUser(app.db, { username, password: `pw-${username}-123`, role: 'admin' });
});
afterAll(async () => app.close());

/** Anonymous visitors count per address; the others sign in. X-User is not trusted any more. */
const ADDRESSES: Record<string, string> = { 'analyst-a': '10.0.0.1', 'busy-user': '10.0.0.2', 'someone-else': '10.0.0.3', 'nobody-yet': '10.0.0.4' };
const as = (user: string) =>
  SIGNED_IN.includes(user) ? { headers: basicHeaders(user, `pw-${user}-123`) } : { remoteAddress: ADDRESSES[user] ?? '10.0.0.9' };

const post = (sql: string, params?: Record<string, unknown>, user = 'analyst-a') =>
  app.inject({ method: 'POST', url: '/api/sql', payload: { sql, ...(params ? { params } : {}) }, ...as(user) });

interface ErrorBody {
  error: { code: string; message: string; message_zh: string; position?: number; line?: number; column?: number; param?: string };
}

describe('GET /api/schema — what the console can query', () => {
  it('tables with comments, row counts, columns, types and sample values', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/schema' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { tables: { name: string; comment: string | null; rowCount: number; columns: { name: string; type: string; samples: string[] }[] }[]; macros: { name: string; parameters: string[] }[] };
    const names = body.tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['exam_results', 'pilot_applications', 'schools', 'certificates', 'regions', 'findings', 'imports']));
    expect(names).not.toContain('meta');
    expect(names).not.toContain('sql_audit');
    expect(names).not.toContain('saved_queries');
    const exam = body.tables.find((t) => t.name === 'exam_results')!;
    expect(exam.comment).toContain('考核结果');
    expect(exam.rowCount).toBeGreaterThan(16);
    const candidates = exam.columns.find((c) => c.name === 'candidates')!;
    expect(candidates.type).toBe('INTEGER');
    expect(candidates.samples.length).toBeGreaterThan(0);
    expect(candidates.samples.length).toBeLessThanOrEqual(3);
    expect(body.macros.map((m) => m.name)).toEqual(expect.arrayContaining(['wilson_low', 'wilson_high']));
    expect(body.macros.find((m) => m.name === 'wilson_low')!.parameters).toEqual(['x', 'n', 'z']);
  });

  it('the macros of server/sql/macros.sql work in the console', async () => {
    const res = await post('SELECT round(wilson_low(315, 335, 1.959964), 4) AS lo, round(wilson_high(315, 335, 1.959964), 4) AS hi');
    const row = (res.json() as { rows: { lo: number; hi: number }[] }).rows[0]!;
    expect(row.lo).toBeGreaterThan(0.9);
    expect(row.hi).toBeLessThan(0.97);
  });
});

describe('errors point at the line and column DuckDB reports', () => {
  it.each([
    ['a misspelt column on line 2', 'SELECT candidates,\n  passd\nFROM exam_results', { line: 2, column: 3, position: 21 }],
    ['after Chinese text (DuckDB counts display width)', "SELECT '通过率' AS 名称, nope FROM exam_results", { line: 1, column: 21 }],
    ['an unknown table', 'SELECT *\nFROM exam_result', { line: 2, column: 6 }],
    ['a syntax error', 'SELECT * FROM exam_results WHERE', { line: 1, column: 33 }],
    ['a syntax error after Chinese', "SELECT '中文中文' AS x FORM exam_results", { line: 1, column: 20 }],
  ])('%s', async (_label, sql, where) => {
    const res = await post(sql);
    expect(res.statusCode).toBe(400);
    const body = res.json() as ErrorBody;
    expect(body.error.code).toBe('sql_error');
    expect(body.error).toMatchObject(where);
  });
});

describe('parameters', () => {
  it('a missing value names the parameter', async () => {
    const body = (await post('SELECT * FROM exam_results WHERE year = $year')).json() as ErrorBody;
    expect(body.error).toMatchObject({ code: 'invalid_params', param: 'year' });
    expect(body.error.message_zh).toContain('$year');
  });
  it('an unknown one too', async () => {
    const body = (await post('SELECT 1 AS one', { colour: 'red' })).json() as ErrorBody;
    expect(body.error).toMatchObject({ code: 'invalid_params', param: 'colour' });
  });
  it('a number is bound and cast to the column\'s type — seed 004 year 2020', async () => {
    const res = await post('SELECT sum(candidates) AS n FROM exam_results WHERE year = $year', { year: 2020 });
    expect((res.json() as { rows: { n: number }[] }).rows[0]!.n).toBe(1479);
  });
  it('a body of the wrong shape is a 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT 1', params: { x: { nested: true } } } });
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorBody).error.code).toBe('invalid_params');
  });
});

describe('at most 2 running statements per user', () => {
  it('a third is refused with 429 while another user still gets through', async () => {
    const slow = 'SELECT count(*) FROM range(1000000000000)';
    const first = post(slow, undefined, 'busy-user');
    const second = post(slow, undefined, 'busy-user');
    await new Promise((r) => setTimeout(r, 300));
    const third = await post('SELECT 1 AS x', undefined, 'busy-user');
    expect(third.statusCode).toBe(429);
    const body = third.json() as ErrorBody;
    expect(body.error.code).toBe('sql_too_many_running');
    expect(body.error.message_zh).toContain('正在运行');
    const other = await post('SELECT 1 AS x', undefined, 'someone-else');
    expect(other.statusCode).toBe(200);
    const [a, b] = await Promise.all([first, second]);
    expect(a.statusCode).toBe(422);
    expect(b.statusCode).toBe(422);
    const after = await post('SELECT 1 AS x', undefined, 'busy-user');
    expect(after.statusCode).toBe(200);
  });
});

describe('audit log and history', () => {
  it('every statement is logged with who, when, SQL, params, duration, rows and outcome; history is per user', async () => {
    await post('SELECT 7 AS seven', undefined, 'historian');
    await post('DROP TABLE schools', undefined, 'historian');
    await post('SELECT $v AS v', { v: 'secret-ish' }, 'historian');
    const res = await app.inject({ method: 'GET', url: '/api/sql/history?limit=10', ...as('historian') });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { user: string; items: { sql: string; params: Record<string, unknown>; outcome: string; errorCode: string | null; rowCount: number | null; durationMs: number; startedAt: string }[] };
    expect(body.user).toBe('historian');
    expect(body.items.map((i) => [i.sql, i.outcome, i.errorCode])).toEqual([
      ['SELECT $v AS v', 'ok', null],
      ['DROP TABLE schools', 'refused', 'sql_not_read_only'],
      ['SELECT 7 AS seven', 'ok', null],
    ]);
    expect(body.items[0]!.params).toEqual({ v: 'secret-ish' });
    expect(body.items[2]!.rowCount).toBe(1);
    expect(body.items[2]!.durationMs).toBeGreaterThanOrEqual(0);
    const other = (await app.inject({ method: 'GET', url: '/api/sql/history', ...as('nobody-yet') })).json() as { items: unknown[] };
    expect(other.items).toEqual([]);
  });

  it('a Chinese user name signed in by HTTP Basic has their own history; an X-User header changes nothing', async () => {
    await post('SELECT 1 AS x', undefined, '张老师');
    const spoofed = (await app.inject({ method: 'GET', url: '/api/sql/history', headers: { 'x-user': encodeURIComponent('张老师') }, remoteAddress: '10.0.0.8' })).json() as { user: string; items: unknown[] };
    expect(spoofed).toEqual({ user: '10.0.0.8', items: [] });
    const body = (await app.inject({ method: 'GET', url: '/api/sql/history', ...as('张老师') })).json() as { user: string; items: unknown[] };
    expect(body.user).toBe('张老师');
    expect(body.items).toHaveLength(1);
  });
});

describe('saved queries', () => {
  it('save, list, get, delete (owner only)', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/saved-queries',
      ...as('owner-1'),
      payload: { name: '各证书考证人数', description: '2020 年', sql: 'SELECT certificate_id, sum(candidates) AS n FROM exam_results WHERE year = $year GROUP BY 1', params: { year: 2020 } },
    });
    expect(created.statusCode).toBe(201);
    const saved = created.json() as { id: number; owner: string; params: Record<string, unknown>; name: string };
    expect(saved).toMatchObject({ name: '各证书考证人数', owner: 'owner-1', params: { year: 2020 } });
    const list = (await app.inject({ method: 'GET', url: '/api/saved-queries', ...as('owner-1') })).json() as { items: { id: number }[] };
    expect(list.items.map((i) => i.id)).toContain(saved.id);
    const one = await app.inject({ method: 'GET', url: `/api/saved-queries/${saved.id}`, ...as('owner-1') });
    expect(one.statusCode).toBe(200);
    // Someone else neither lists nor opens it, and cannot delete it — not even by claiming the name in X-User.
    const theirs = (await app.inject({ method: 'GET', url: '/api/saved-queries', ...as('someone-else') })).json() as { items: { id: number }[] };
    expect(theirs.items.map((i) => i.id)).not.toContain(saved.id);
    expect((await app.inject({ method: 'GET', url: `/api/saved-queries/${saved.id}`, ...as('someone-else') })).statusCode).toBe(404);
    const forbidden = await app.inject({ method: 'DELETE', url: `/api/saved-queries/${saved.id}`, headers: { 'x-user': 'owner-1' }, remoteAddress: ADDRESSES['someone-else'] });
    expect(forbidden.statusCode).toBe(403);
    expect((forbidden.json() as ErrorBody).error.code).toBe('saved_query_forbidden');
    const deleted = await app.inject({ method: 'DELETE', url: `/api/saved-queries/${saved.id}`, ...as('owner-1') });
    expect(deleted.statusCode).toBe(204);
    const gone = await app.inject({ method: 'GET', url: `/api/saved-queries/${saved.id}`, ...as('owner-1') });
    expect(gone.statusCode).toBe(404);
    expect((gone.json() as ErrorBody).error.code).toBe('saved_query_not_found');
  });
  it('a saved query needs a name and SQL', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/saved-queries', payload: { name: '', sql: '' } });
    expect(res.statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the console\'s routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/sql', '/api/sql/limits', '/api/sql/history', '/api/schema', '/api/saved-queries', '/api/saved-queries/{id}']));
  });
});

describe('the sandbox follows the data', () => {
  it('limits are published, with the last refresh time', async () => {
    const body = (await app.inject({ method: 'GET', url: '/api/sql/limits' })).json() as { timeoutMs: number; maxRows: number; exportMaxRows: number; caps: Record<string, { default: number; max: number }>; refresh: { totalMs: number } };
    expect(body).toMatchObject({ timeoutMs: 1500, maxRows: 100_000, exportMaxRows: 1_000_000 });
    expect(body.caps.json).toEqual({ default: 100_000, max: 100_000 });
    // XLSX stops at XPILOT_SQL_XLSX_MAX_ROWS (200 000 by default): encoding ties up the worker for seconds per 100k rows.
    expect(body.caps.xlsx).toEqual({ default: 200_000, max: 200_000 });
    expect(body.caps.arrow).toEqual({ default: 100_000, max: 1_000_000 });
    expect(body.refresh.totalMs).toBeGreaterThan(0);
  });

  it('a change in the main database (an import row) is seen by the next statement', async () => {
    const before = (await post('SELECT count(*) AS n FROM imports')).json() as { rows: { n: number }[] };
    await app.db.query("INSERT INTO imports (file_name, sha256, kind, imported_by, row_count, status) VALUES ('console-test.csv', 'x', 'exam_results', 'test', 0, 'committed')");
    const after = (await post('SELECT count(*) AS n FROM imports')).json() as { rows: { n: number }[] };
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    await app.db.query("DELETE FROM imports WHERE file_name = 'console-test.csv'");
    const info = await app.sqlSandbox.refresh();
    expect(info.totalMs).toBeGreaterThan(0);
    const back = (await post('SELECT count(*) AS n FROM imports')).json() as { rows: { n: number }[] };
    expect(back.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
