/**
 * The SQL console's escape table (issue 5): every row is a statement that
 * must be refused with a clear, bilingual error — or stopped within the
 * limits — while the server keeps answering (/api/health 200 after each).
 * Data: the default dataset (seed 004 exam table: 1479 candidates).
 */
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
const TIMEOUT_MS = 1000;
const OUT = '/tmp/xpilot-escape-out';

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  app = await buildTestApp({ sqlLimits: { timeoutMs: TIMEOUT_MS, memoryLimit: '512MB' } });
});
afterAll(async () => app.close());

interface ErrorBody {
  error: { code: string; message: string; message_zh: string; position?: number; line?: number; column?: number };
}

const post = (sql: string, params?: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/sql', payload: { sql, ...(params ? { params } : {}) } });

async function expectHealthy() {
  const res = await app.inject({ method: 'GET', url: '/api/health' });
  expect(res.statusCode).toBe(200);
}

type Row = [label: string, sql: string, status: number, codes: string[]];

const REFUSED: Row[] = [
  // Reading files: DuckDB itself refuses (external access is off in the sandbox).
  ['read_csv on /etc/passwd', "SELECT * FROM read_csv('/etc/passwd', sep = ':')", 403, ['sql_forbidden']],
  ['read_parquet on /etc/passwd', "SELECT * FROM read_parquet('/etc/passwd')", 403, ['sql_forbidden']],
  ['read_text on /etc/passwd', "SELECT * FROM read_text('/etc/passwd')", 403, ['sql_forbidden']],
  ['read_blob on /etc/passwd', "SELECT * FROM read_blob('/etc/passwd')", 403, ['sql_forbidden']],
  // With external access off DuckDB does not even look for a file behind a quoted name.
  ['a file name as a table', "SELECT * FROM '/etc/passwd'", 400, ['sql_error']],
  ['glob', "SELECT * FROM glob('/etc/*')", 403, ['sql_forbidden']],
  ['sniff_csv', "SELECT * FROM sniff_csv('/etc/passwd')", 403, ['sql_forbidden']],
  ['secrets', 'SELECT * FROM duckdb_secrets()', 403, ['sql_forbidden']],
  // Writing files, databases, extensions, settings.
  ['COPY … TO', `COPY exam_results TO '${OUT}.csv'`, 400, ['sql_not_read_only']],
  ['COPY (query) TO', `COPY (SELECT * FROM schools) TO '${OUT}.parquet' (FORMAT parquet)`, 400, ['sql_not_read_only']],
  ['EXPORT DATABASE', `EXPORT DATABASE '${OUT}'`, 400, ['sql_not_read_only']],
  ['ATTACH a file', `ATTACH '${OUT}.duckdb' AS evil`, 400, ['sql_not_read_only']],
  ['ATTACH in memory', "ATTACH ':memory:' AS evil", 400, ['sql_not_read_only']],
  ['DETACH', 'DETACH xpilot_sql_snapshot', 400, ['sql_not_read_only']],
  ['INSTALL', 'INSTALL httpfs', 400, ['sql_not_read_only']],
  ['LOAD', 'LOAD httpfs', 400, ['sql_not_read_only']],
  ['SET', "SET memory_limit = '100GB'", 400, ['sql_not_read_only']],
  ['SET enable_external_access', 'SET enable_external_access = true', 400, ['sql_not_read_only']],
  ['PRAGMA', 'PRAGMA enable_profiling', 400, ['sql_not_read_only']],
  ['PRAGMA (table-valued)', 'PRAGMA database_list', 400, ['sql_not_read_only']],
  ['RESET', 'RESET threads', 400, ['sql_not_read_only']],
  ['CALL', 'CALL pragma_version()', 400, ['sql_not_read_only']],
  ['CREATE TABLE', 'CREATE TABLE evil (x INTEGER)', 400, ['sql_not_read_only']],
  ['CREATE TEMP TABLE', 'CREATE TEMP TABLE evil AS SELECT 1', 400, ['sql_not_read_only']],
  ['CREATE MACRO', 'CREATE MACRO evil(x) AS x', 400, ['sql_not_read_only']],
  ['INSERT', "INSERT INTO schools (id, name) VALUES (9999, '恶意学校')", 400, ['sql_not_read_only']],
  ['UPDATE', 'UPDATE exam_results SET passed = candidates', 400, ['sql_not_read_only']],
  ['DELETE', 'DELETE FROM exam_results', 400, ['sql_not_read_only']],
  ['DROP', 'DROP TABLE exam_results', 400, ['sql_not_read_only']],
  ['ALTER', 'ALTER TABLE schools ADD COLUMN evil INTEGER', 400, ['sql_not_read_only']],
  ['a write behind WITH (DuckDB says INSERT)', 'WITH x AS (SELECT 1) INSERT INTO schools SELECT * FROM schools', 400, ['sql_not_read_only']],
  ['EXPLAIN ANALYZE of a write', 'EXPLAIN ANALYZE CREATE TEMP TABLE evil AS SELECT 1', 400, ['sql_not_read_only']],
  ['a transaction', 'BEGIN TRANSACTION', 400, ['sql_not_read_only']],
  ['CHECKPOINT', 'CHECKPOINT', 400, ['sql_not_read_only']],
  ['SET VARIABLE', 'SET VARIABLE x = 1', 400, ['sql_not_read_only']],
  ['USE', 'USE memory', 400, ['sql_not_read_only']],
  // More than one statement.
  ['two statements joined by ;', 'SELECT 1; DROP TABLE schools', 400, ['sql_multiple_statements']],
  ['two harmless statements', 'SELECT 1; SELECT 2', 400, ['sql_multiple_statements']],
  ['a line comment hiding a second statement', 'SELECT 1 -- harmless?\n; DROP TABLE schools', 400, ['sql_multiple_statements']],
  ['a block comment before a second statement', 'SELECT 1 /* note */; /* now */ DELETE FROM schools', 400, ['sql_multiple_statements']],
  ['a write inside query()', "SELECT * FROM query('CREATE TEMP TABLE evil AS SELECT 1')", 400, ['sql_error']],
  // Hidden tables are simply not there.
  ['the meta table', 'SELECT * FROM meta', 400, ['sql_error']],
  ['the audit log', 'SELECT * FROM sql_audit', 400, ['sql_error']],
  ['saved queries', 'SELECT * FROM saved_queries', 400, ['sql_error']],
  ['empty text', '  -- nothing\n', 400, ['sql_empty']],
];

describe('escape table — refused before anything runs, with a clear bilingual error', () => {
  it.each(REFUSED)('%s', async (_label, sql, status, codes) => {
    const res = await post(sql);
    expect(res.statusCode).toBe(status);
    const body = res.json() as ErrorBody;
    expect(codes).toContain(body.error.code);
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(body.error.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    await expectHealthy();
  });

  it('a refused statement is explained in terms of what runs here', async () => {
    const body = (await post('DROP TABLE exam_results')).json() as ErrorBody;
    expect(body.error.message).toMatch(/read-only.*SELECT/);
    expect(body.error.message_zh).toContain('只能运行只读语句');
    expect(body.error.message_zh).toContain('DROP');
  });

  it('the second statement is pointed at', async () => {
    const body = (await post('SELECT 1 -- harmless?\n; DROP TABLE schools')).json() as ErrorBody;
    expect(body.error).toMatchObject({ line: 2, column: 3 });
  });

  it('nothing was written and nothing changed — seed 004 exam table still sums to 1479', async () => {
    expect(existsSync(`${OUT}.csv`)).toBe(false);
    expect(existsSync(`${OUT}.parquet`)).toBe(false);
    expect(existsSync(`${OUT}.duckdb`)).toBe(false);
    expect(existsSync(OUT)).toBe(false);
    const res = await post('SELECT sum(candidates) AS n FROM exam_results');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { rows: { n: number }[] }).rows[0]!.n).toBe(1479);
    const main = await app.db.query('SELECT count(*) AS n FROM schools');
    expect(Number(main.rows[0]!.n)).toBeGreaterThan(0);
  });
});

describe('escape table — a parameter value carrying SQL is bound, so it stays text', () => {
  it.each([
    ["'); DROP TABLE schools; --"],
    ['1; DELETE FROM exam_results'],
    ["x' OR '1'='1"],
  ])('%j comes back as the same VARCHAR', async (value) => {
    const res = await post('SELECT $v AS v, typeof($v) AS t, length($v) AS n', { v: value });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { columns: { name: string; type: string }[]; rows: { v: string; t: string; n: number }[] };
    expect(body.columns[0]).toEqual({ name: 'v', type: 'VARCHAR' });
    expect(body.rows).toEqual([{ v: value, t: 'VARCHAR', n: value.length }]);
    await expectHealthy();
  });

  it('and the data is untouched', async () => {
    const res = await post("SELECT count(*) AS n FROM exam_results WHERE certificate_as_printed = $name", { name: "x' OR '1'='1" });
    expect((res.json() as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });
});

describe(`escape table — runaway queries are interrupted within the limit (${TIMEOUT_MS} ms here)`, () => {
  it.each([
    ['a count over 10^12 rows', 'SELECT count(*) FROM range(1000000000000)'],
    ['a recursive CTE that never ends', 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t'],
    ['a cross join that would never finish', 'SELECT count(*) FROM range(1000000) a CROSS JOIN range(1000000) b WHERE a.range + b.range = -1'],
  ])('%s → sql_timeout', async (_label, sql) => {
    const t0 = performance.now();
    const res = await post(sql);
    const took = performance.now() - t0;
    expect(res.statusCode).toBe(422);
    const body = res.json() as ErrorBody;
    expect(body.error.code).toBe('sql_timeout');
    expect(body.error.message_zh).toContain('时间上限');
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + 4000);
    await expectHealthy();
  });
});

describe('escape table — queries that would use all memory are stopped, not an OOM (the process survives)', () => {
  it.each([
    ['a cross join aggregated into one list', 'SELECT list(a.range) FROM range(100000) a CROSS JOIN range(100000) b'],
    ['a cross join sorted in full', 'SELECT a.range * b.range AS p FROM range(100000) a CROSS JOIN range(100000) b ORDER BY p DESC'],
    ['one huge string per row (beyond DuckDB’s memory_limit)', "SELECT repeat('x', 100000000) AS s FROM range(100000)"],
  ])('%s → stopped', async (_label, sql) => {
    const before = process.memoryUsage().rss;
    const res = await post(sql);
    expect(res.statusCode).toBe(422);
    const body = res.json() as ErrorBody;
    expect(['sql_out_of_memory', 'sql_timeout']).toContain(body.error.code);
    expect(body.error.message_zh).toMatch(/内存|时间上限/);
    // The server's own memory did not take the hit: the statement ran in the sandbox's worker process.
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
    await expectHealthy();
    const again = await post('SELECT sum(candidates) AS n FROM exam_results');
    expect(again.statusCode).toBe(200);
    expect((again.json() as { rows: { n: number }[] }).rows[0]!.n).toBe(1479);
  }, 30_000);
});

describe('the guard is DuckDB’s own, not only this server’s checks', () => {
  it('the sandbox reports external access off, configuration locked, read-only, no extension autoloading', async () => {
    const res = await post(
      "SELECT current_setting('enable_external_access') AS ext, current_setting('lock_configuration') AS locked, current_setting('access_mode') AS mode, current_setting('autoload_known_extensions') AS autoload, current_setting('autoinstall_known_extensions') AS autoinstall, current_setting('memory_limit') AS mem",
    );
    expect(res.statusCode).toBe(200);
    const row = (res.json() as { rows: Record<string, unknown>[] }).rows[0]!;
    expect(row).toMatchObject({ ext: false, locked: true, autoload: false, autoinstall: false });
    expect(String(row.mode).toLowerCase()).toBe('read_only');
    expect(String(row.mem)).toMatch(/MiB|GiB/);
  });

  it('only the analyst-visible tables are in the sandbox', async () => {
    const res = await post('SELECT table_name FROM duckdb_tables() ORDER BY table_name');
    const names = (res.json() as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(['exam_results', 'schools', 'certificates', 'regions', 'findings', 'imports']));
    expect(names).not.toContain('meta');
    expect(names).not.toContain('sql_audit');
    expect(names).not.toContain('saved_queries');
  });
});
