-- npm run generate: every fact table of the synthetic dataset, built inside
-- DuckDB from range() and hash-based pseudo-random numbers (deterministic per
-- seed; no row passes through JS). Reads gen_cfg (gen_setup.sql); schools and
-- certificates are already written. Imports are written as `pending` with
-- row_count 0; gen_finish.sql counts their rows and commits them.

SET VARIABLE gen_seed = (SELECT seed FROM gen_cfg);
-- Uniform in (0, 1) and standard normal (Box–Muller), keyed by a tag and two numbers.
CREATE OR REPLACE TEMP MACRO gen_u(t, a, b) AS ((hash(t, a, b, getvariable('gen_seed')) % 1000000007)::DOUBLE + 0.5) / 1000000008;
CREATE OR REPLACE TEMP MACRO gen_z(t, a, b) AS sqrt(-2 * ln(gen_u(t || '.1', a, b))) * cos(2 * pi() * gen_u(t || '.2', a, b));
CREATE OR REPLACE TEMP MACRO gen_expit(x) AS 1 / (1 + exp(-x));

-- Majors (专业) candidates and applications name.
CREATE OR REPLACE TEMP TABLE gen_majors AS
SELECT * FROM (VALUES (0, '计算机应用技术'), (1, '软件技术'), (2, '电子商务'), (3, '物流管理'), (4, '会计'), (5, '大数据与会计'),
  (6, '护理'), (7, '老年保健与管理'), (8, '汽车检测与维修技术'), (9, '新能源汽车技术'), (10, '机电一体化技术'), (11, '工业机器人技术'),
  (12, '数控技术'), (13, '建筑工程技术'), (14, '工程造价'), (15, '酒店管理与数字化运营'), (16, '旅游管理'), (17, '学前教育'),
  (18, '市场营销'), (19, '金融服务与管理'), (20, '数字媒体技术'), (21, '云计算技术应用'), (22, '物联网应用技术'), (23, '信息安全技术应用'),
  (24, '城市轨道交通运营管理'), (25, '现代农业技术'), (26, '食品检验检测技术'), (27, '药学'), (28, '服装与服饰设计'), (29, '应用化工技术')) t(k, major);
SET VARIABLE gen_majors = (SELECT list(major ORDER BY k) FROM gen_majors);
-- The i-th major (any non-negative number, wrapped around the list).
CREATE OR REPLACE TEMP MACRO gen_major(i) AS getvariable('gen_majors')[1 + CAST(i % 30 AS INTEGER)];

-- Schools: a skewed size (log-normal), an effect on the logit of the pass rate
-- (the between-school over-dispersion), and a few outliers far from the rest.
CREATE OR REPLACE TEMP TABLE gen_school AS
WITH base AS (
  SELECT s.id AS school_id, s.province, s.city, s.type,
         exp(0.9 * gen_z('size', s.id, 0)) AS size,
         0.6 * gen_z('effect', s.id, 0) AS effect,
         row_number() OVER (ORDER BY gen_u('outlier', s.id, 0), s.id) AS outlier_rank,
         count(*) OVER () AS schools,
         greatest(1, round(CASE s.type WHEN '高职' THEN c.higher_certs ELSE c.secondary_certs END * exp(0.5 * gen_z('ncert', s.id, 0)))) AS n_certs
  FROM schools s, gen_cfg c
)
SELECT school_id, province, city, type, size, n_certs,
       outlier_rank <= greatest(2, round(schools * 0.01)) AS outlier,
       effect + CASE WHEN outlier_rank <= greatest(2, round(schools * 0.01))
                     THEN CASE WHEN outlier_rank % 2 = 0 THEN -2.5 ELSE 2.2 END ELSE 0 END AS effect
FROM base;

-- Certificates: how hard (logit effect) and how popular (rank) each one is.
CREATE OR REPLACE TEMP TABLE gen_cert AS
SELECT id AS certificate_id, name, batch, organisation,
       0.5 + 0.8 * gen_z('cert', id, 0) AS effect,
       row_number() OVER (ORDER BY gen_u('pop', id, 0), id) AS pop_rank,
       count(*) OVER () AS n
FROM certificates;

-- Pilots: school × certificate, popular certificates far more often
-- (rank = n·u², so the first ranks are drawn most), a start year, and levels.
CREATE OR REPLACE TEMP TABLE gen_pilot AS
WITH draws AS (
  SELECT school_id, unnest(range(CAST(n_certs AS BIGINT))) AS k FROM gen_school
),
ranked AS (
  SELECT d.school_id, 1 + CAST(floor(n.n * pow(gen_u('pick', d.school_id, d.k), 2.0)) AS BIGINT) AS pop_rank
  FROM draws d CROSS JOIN (SELECT count(*) AS n FROM certificates) n
),
picked AS (
  SELECT DISTINCT r.school_id, c.certificate_id
  FROM ranked r
  JOIN gen_cert c ON c.pop_rank = r.pop_rank
)
SELECT p.school_id, p.certificate_id,
       cfg.year_from + CAST(floor(pow(gen_u('start', p.school_id, p.certificate_id), 1.6) * (cfg.year_to - cfg.year_from + 1)) AS INTEGER) AS start_year
FROM picked p, gen_cfg cfg;

CREATE OR REPLACE TEMP TABLE gen_pilot_level AS
SELECT p.*, l.level, l.level_effect
FROM gen_pilot p
JOIN gen_school s USING (school_id)
JOIN (VALUES ('初级', 0.6, 0.9, 0.2), ('中级', 0.0, 0.5, 1.0), ('高级', -0.7, 0.0, 0.45)) l(level, level_effect, p_secondary, p_higher)
  ON gen_u('level' || l.level, p.school_id, p.certificate_id) < CASE s.type WHEN '高职' THEN l.p_higher ELSE l.p_secondary END
     OR (l.level = '中级' AND s.type = '中职' AND gen_u('level初级', p.school_id, p.certificate_id) >= 0.9);

-- Exam results: one row per pilot level and year from its start (a few years
-- unreported). Candidates are skewed (many small samples); passed is a
-- normal approximation of a binomial draw around the school's rate.
CREATE OR REPLACE TEMP TABLE gen_exam AS
WITH cells AS (
  SELECT p.school_id, y.year, p.certificate_id, p.level, s.province,
         hash(p.school_id, p.certificate_id, p.level) AS cell,
         greatest(1, round(cfg.candidates * s.size * exp(0.6 * gen_z('n', hash(p.school_id, p.certificate_id, p.level), y.year))
                            * (1 + 0.15 * (y.year - p.start_year)))) AS candidates,
         gen_expit(c.effect + s.effect + p.level_effect + 0.08 * (y.year - cfg.year_from)
                   + 0.3 * gen_z('cell', hash(p.school_id, p.certificate_id, p.level), y.year)) AS rate
  FROM gen_pilot_level p
  JOIN gen_school s USING (school_id)
  JOIN gen_cert c USING (certificate_id)
  CROSS JOIN gen_cfg cfg
  CROSS JOIN (SELECT range AS year FROM range((SELECT year_from FROM gen_cfg), (SELECT year_to FROM gen_cfg) + 1)) y
  WHERE y.year >= p.start_year AND gen_u('reported', hash(p.school_id, p.certificate_id, p.level), y.year) > 0.08
)
SELECT school_id, year, certificate_id, level, province, cell, CAST(candidates AS INTEGER) AS candidates,
       CAST(least(candidates, greatest(0, round(candidates * rate + sqrt(candidates * rate * (1 - rate)) * gen_z('passed', cell, year)))) AS INTEGER) AS passed
FROM cells;

-- The reports: one import per province and year for exam results, candidate
-- records and applications; per province for teacher training and quotas by
-- year; one for training offers.
CREATE OR REPLACE TEMP TABLE gen_imports AS
WITH wanted AS (
  SELECT DISTINCT 1 AS ord, 'results' AS part, province, year FROM gen_exam
  UNION ALL SELECT DISTINCT 2, 'records', province, year FROM gen_exam
  UNION ALL SELECT DISTINCT 3, 'applications', s.province, p.start_year FROM gen_pilot p JOIN gen_school s USING (school_id)
  UNION ALL SELECT DISTINCT 4, 'teachers', province, NULL FROM gen_school
  UNION ALL SELECT DISTINCT 5, 'quotas', province, y.range FROM gen_school, range((SELECT year_from FROM gen_cfg), (SELECT year_to FROM gen_cfg) + 1) y
  UNION ALL SELECT 6, 'offers', NULL, NULL
)
SELECT CAST(row_number() OVER (ORDER BY w.ord, r.province_code NULLS FIRST, w.year NULLS FIRST) AS INTEGER) AS id, w.part, w.province, w.year,
       CASE w.part
         WHEN 'results' THEN w.province || w.year || '年1+X证书考核结果汇总表（合成数据）.xlsx'
         WHEN 'records' THEN w.province || w.year || '年1+X证书考生成绩明细（合成数据）.csv'
         WHEN 'applications' THEN w.province || w.year || '年1+X证书制度试点申报汇总（合成数据）.xlsx'
         WHEN 'teachers' THEN w.province || '1+X证书师资培训统计（合成数据）.xlsx'
         WHEN 'quotas' THEN w.province || w.year || '年职业院校教师培训名额分配表（合成数据）.xlsx'
         ELSE '1+X证书师资培训报价汇总（合成数据）.xlsx'
       END AS file_name
FROM wanted w
LEFT JOIN (SELECT DISTINCT province, province_code FROM regions) r ON r.province = w.province;

INSERT INTO imports (id, file_name, sha256, kind, imported_by, row_count, status, note, visibility)
SELECT i.id, i.file_name, sha256(i.file_name || '|' || cfg.scale || '|' || cfg.seed), 'synthetic', '合成数据生成器', 0, 'pending',
       '合成数据（npm run generate -- --scale ' || cfg.scale || ' --seed ' || cfg.seed || '），不是真实数据 / synthetic data, not real figures',
       'public'
FROM gen_imports i, gen_cfg cfg;
-- The next real import must not reuse a synthetic id: move the sequence past them.
SELECT max(nextval('import_id_seq')) FROM range((SELECT count(*) FROM gen_imports));

INSERT INTO exam_results (import_id, school_id, year, certificate_id, level, candidates, passed, stated_rate, certificate_as_printed, note, source_file, source_table, source_row)
SELECT i.id, e.school_id, e.year, e.certificate_id, e.level, e.candidates, e.passed,
       CASE WHEN gen_u('rate_printed', e.cell, e.year) < 0.85 THEN round(e.passed / e.candidates, 3) END,
       c.name || CASE WHEN gen_u('printed', e.certificate_id, e.school_id) < 0.7 THEN '职业技能等级证书' ELSE '' END,
       NULL, i.file_name, 'Sheet1',
       CAST(1 + row_number() OVER (PARTITION BY i.id ORDER BY e.school_id, e.certificate_id, e.level) AS INTEGER)
FROM gen_exam e
JOIN gen_imports i ON i.part = 'results' AND i.province = e.province AND i.year = e.year
JOIN gen_cert c USING (certificate_id);

-- Each results report states its totals (合计 row).
INSERT INTO stated_totals (import_id, source_file, source_table, label, school_id, year, certificate_id, city, batch, metric, value, value_as_printed, note)
SELECT r.import_id, any_value(r.source_file), 'Sheet1', '合计', NULL, any_value(r.year), NULL, NULL, NULL, m.metric,
       CASE m.metric WHEN 'candidates' THEN sum(r.candidates) ELSE sum(r.passed) END,
       CAST(CASE m.metric WHEN 'candidates' THEN sum(r.candidates) ELSE sum(r.passed) END AS VARCHAR), NULL
FROM exam_results r
JOIN gen_imports i ON i.id = r.import_id AND i.part = 'results'
CROSS JOIN (VALUES ('candidates'), ('passed')) m(metric)
GROUP BY r.import_id, m.metric;

-- Pilot applications: one row per pilot level, in its start year.
INSERT INTO pilot_applications (import_id, school_id, year, batch, certificate_id, level, majors, student_scale, requested, approved, status, printed_seq, certificate_as_printed, note, source_file, source_table, source_row)
WITH a AS (
  SELECT p.school_id, p.start_year AS year, c.batch, p.certificate_id, p.level, s.province, c.name,
         hash(p.school_id, p.certificate_id, p.level) AS cell,
         CAST(greatest(10, round(60 * s.size * exp(0.4 * gen_z('scale', p.school_id, p.certificate_id)))) AS INTEGER) AS student_scale
  FROM gen_pilot_level p JOIN gen_school s USING (school_id) JOIN gen_cert c USING (certificate_id)
),
b AS (
  SELECT *, CAST(greatest(5, round(student_scale * (0.3 + 0.5 * gen_u('req', cell, 0)))) AS INTEGER) AS requested FROM a
)
SELECT i.id, b.school_id, b.year, b.batch, b.certificate_id, b.level,
       gen_major(b.cell) || CASE WHEN gen_u('two', b.cell, 0) < 0.5 THEN '、' || gen_major(b.cell // 7 + 1) ELSE '' END,
       b.student_scale, b.requested,
       CASE WHEN gen_u('refused', b.cell, 0) < 0.04 THEN 0 ELSE CAST(round(b.requested * (0.6 + 0.4 * gen_u('appr', b.cell, 0))) AS INTEGER) END,
       CASE WHEN gen_u('refused', b.cell, 0) < 0.04 THEN '未批准' ELSE '已批准' END,
       CAST(row_number() OVER (PARTITION BY i.id ORDER BY b.school_id, b.certificate_id, b.level) AS INTEGER),
       b.name || '职业技能等级证书', NULL, i.file_name, 'Sheet1',
       CAST(1 + row_number() OVER (PARTITION BY i.id ORDER BY b.school_id, b.certificate_id, b.level) AS INTEGER)
FROM b
JOIN gen_imports i ON i.part = 'applications' AND i.province = b.province AND i.year = b.year;

-- Teacher training: one row per pilot, in its start year.
INSERT INTO teacher_training (import_id, school_id, year, certificate_id, teachers_trained, assessors, printed_seq, certificate_as_printed, source_file, source_table, source_row)
SELECT i.id, p.school_id, p.start_year, p.certificate_id,
       CAST(1 + floor(gen_u('teachers', p.school_id, p.certificate_id) * 6 * sqrt(s.size)) AS INTEGER),
       CAST(floor(gen_u('assessors', p.school_id, p.certificate_id) * 4) AS INTEGER),
       CAST(row_number() OVER (PARTITION BY i.id ORDER BY p.school_id, p.certificate_id) AS INTEGER),
       c.name, i.file_name, 'Sheet1',
       CAST(1 + row_number() OVER (PARTITION BY i.id ORDER BY p.school_id, p.certificate_id) AS INTEGER)
FROM gen_pilot p
JOIN gen_school s USING (school_id)
JOIN gen_cert c USING (certificate_id)
JOIN gen_imports i ON i.part = 'teachers' AND i.province = s.province;

-- Training quotas: programme × prefecture city per province and year, plus an
-- on-demand programme without a city split; the 合计 row states each city's total.
CREATE OR REPLACE TEMP TABLE gen_programmes AS
SELECT * FROM (VALUES (1, '装备制造类'), (2, '电子与信息类'), (3, '财经商贸类'), (4, '交通运输类'), (5, '医药卫生类'),
  (6, '教育与体育类'), (7, '土木建筑类'), (8, '农林牧渔类'), (9, '旅游类'), (10, '文化艺术类'), (11, '公共管理与服务类'), (12, '新闻传播类')) t(k, programme);

INSERT INTO training_quotas (import_id, province, year, category, programme, host, city, quota, note, source_file, source_table, source_row)
WITH q AS (
  SELECT i.id AS import_id, i.province, i.year, i.file_name, g.k, g.programme, r.city, r.city_code,
         CAST(round((5 + 40 * gen_u('quota', hash(i.province, r.city, g.k), i.year)) * CASE WHEN r.city_code LIKE '%01' THEN 2 ELSE 1 END) AS INTEGER) AS quota
  FROM gen_imports i
  JOIN regions r ON r.province = i.province AND r.city IS NOT NULL
  CROSS JOIN gen_programmes g
  WHERE i.part = 'quotas'
  UNION ALL
  SELECT i.id, i.province, i.year, i.file_name, 99, '1+X证书师资专项（按需报名）', NULL, NULL,
         CAST(50 + floor(150 * gen_u('ondemand', hash(i.province), i.year)) AS INTEGER)
  FROM gen_imports i WHERE i.part = 'quotas'
)
SELECT import_id, province, year, CASE WHEN k = 99 THEN '专项培训' ELSE '国家级培训' END, programme, NULL, city, quota,
       CASE WHEN k = 99 THEN '按需报名，不分市' END, file_name, 'Sheet1',
       CAST(1 + dense_rank() OVER (PARTITION BY import_id ORDER BY k) AS INTEGER)
FROM q;

INSERT INTO stated_totals (import_id, source_file, source_table, label, school_id, year, certificate_id, city, batch, metric, value, value_as_printed, note)
SELECT import_id, any_value(source_file), 'Sheet1', '合计', NULL, any_value(year), NULL, city, NULL, 'quota', sum(quota), CAST(sum(quota) AS VARCHAR), NULL
FROM training_quotas
WHERE city IS NOT NULL AND import_id IN (SELECT id FROM gen_imports WHERE part = 'quotas')
GROUP BY import_id, city;

-- Teacher-training programmes: a few certificates per province and year, hosted by a 高职 school there.
INSERT INTO training_programmes (import_id, province, year, certificate_id, host, partner_organisation, audience, format, hours, certificate_as_printed, source_file, source_table, source_row)
WITH hosts AS (
  SELECT province, list(name ORDER BY id) AS names FROM schools WHERE type = '高职' GROUP BY province
),
rows AS (
  SELECT i.id AS import_id, i.province, i.year, i.file_name, k.range AS k,
         1 + CAST(floor((SELECT count(*) FROM certificates) * pow(gen_u('prog', hash(i.province, i.year), k.range), 2.0)) AS INTEGER) AS pop_rank
  FROM gen_imports i, range(6) k WHERE i.part = 'quotas'
)
SELECT r.import_id, r.province, r.year, c.certificate_id,
       coalesce(h.names[1 + CAST(floor(gen_u('host', hash(r.province, r.year), r.k) * len(h.names)) AS INTEGER)], r.province || '教育厅'),
       c.organisation, '专任教师', CASE WHEN r.k % 2 = 0 THEN '线上+线下' ELSE '线下集中' END,
       CASE r.k % 3 WHEN 0 THEN 40 WHEN 1 THEN 64 ELSE 80 END,
       c.name || '职业技能等级证书', r.file_name, 'Sheet2', CAST(2 + r.k AS INTEGER)
FROM rows r
JOIN gen_cert c ON c.pop_rank = r.pop_rank
LEFT JOIN hosts h ON h.province = r.province;

-- Training offers: each certificate's evaluation organisation prices one to three levels.
INSERT INTO training_offers (import_id, certificate_id, provider, organiser, level, fee_per_person, fee_is_cap, hours_online, hours_total, days_offline, year, note, certificate_as_printed, source_file, source_table, source_row)
SELECT i.id, c.certificate_id, c.organisation, c.organisation, l.level,
       round(1500 + 3500 * gen_u('fee', c.certificate_id, l.k), -2), gen_u('cap', c.certificate_id, l.k) < 0.3,
       CAST(8 + floor(24 * gen_u('online', c.certificate_id, l.k)) AS INTEGER),
       CAST(40 + 8 * floor(6 * gen_u('hours', c.certificate_id, l.k)) AS INTEGER),
       CAST(3 + floor(4 * gen_u('days', c.certificate_id, l.k)) AS INTEGER),
       (SELECT year_to FROM gen_cfg), NULL, c.name, i.file_name, 'Sheet1',
       CAST(1 + row_number() OVER (ORDER BY c.certificate_id, l.k) AS INTEGER)
FROM gen_cert c
CROSS JOIN (VALUES (1, '初级'), (2, '中级'), (3, '高级')) l(k, level)
JOIN gen_imports i ON i.part = 'offers'
WHERE l.k = 2 OR gen_u('offer', c.certificate_id, l.k) < 0.6;
