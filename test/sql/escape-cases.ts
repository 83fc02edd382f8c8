/**
 * The SQL console's escape table (issue 5), shared by escape.test.ts (an
 * anonymous visitor's console) and scoped-console.test.ts (a dean's): every
 * row must be refused with a clear, bilingual error.
 */
/** Where the write attempts would land (escape.test.ts checks nothing appeared). */
export const OUT = "/tmp/xpilot-escape-out";

export type Row = [label: string, sql: string, status: number, codes: string[]];

export const REFUSED: Row[] = [
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

