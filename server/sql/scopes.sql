-- Who sees which rows (issue 10), decided here once for every named query.
--
-- A named query never names a fact table: it reads `<table>_in($scope)`, the
-- rows of that table the principal may see, or (benchmarks only)
-- `exam_results_benchmark($scope)`. The registry (server/lib/query-registry.ts)
-- refuses at boot a query that names a fact table directly. `$scope` is bound
-- by the runner from request.principal (server/lib/scope.ts), never spliced:
--   STRUCT(all BOOLEAN, anonymous BOOLEAN, provinces VARCHAR[], schools INTEGER[])
--
-- A row is visible when the principal sees everything (admin), or its import is
-- public, or the row's school / province is inside the principal's scope
-- (a school in `schools`, or any school of a province in `provinces`).
-- Anonymous visitors have empty lists, so they see public rows only.
--
-- Table-macro parameters are referenced with struct_extract(): inside a
-- subquery `scope.all` would be read as column `all` of a table `scope`.

CREATE OR REPLACE MACRO scope_sees(scope, visibility, school_id, province) AS
  struct_extract(scope, 'all')
  OR visibility = 'public'
  OR coalesce(list_contains(struct_extract(scope, 'schools'), school_id), false)
  OR coalesce(list_contains(struct_extract(scope, 'provinces'), province), false);

-- An import as a whole (history, findings, rows without a school or province):
-- public, or everything it touches is inside the scope — an import with rows of
-- a school outside it stays hidden, so its findings (which quote names) never show.
CREATE OR REPLACE MACRO import_sees(scope, visibility, school_ids, school_provinces, provinces) AS
  struct_extract(scope, 'all')
  OR visibility = 'public'
  OR (NOT struct_extract(scope, 'anonymous')
      AND len(coalesce(school_ids, [])) + len(coalesce(provinces, [])) > 0
      AND list_has_all(struct_extract(scope, 'provinces'), coalesce(provinces, []))
      AND (list_has_all(struct_extract(scope, 'schools'), coalesce(school_ids, []))
           OR list_has_all(struct_extract(scope, 'provinces'), coalesce(school_provinces, []))));

-- School-level facts: narrowed by the row's school and that school's province.
CREATE OR REPLACE MACRO exam_results_in(scope) AS TABLE
  SELECT e.* FROM exam_results e
  JOIN imports i ON i.id = e.import_id
  JOIN schools s ON s.id = e.school_id
  WHERE scope_sees(scope, i.visibility, e.school_id, s.province);

CREATE OR REPLACE MACRO pilot_applications_in(scope) AS TABLE
  SELECT a.* FROM pilot_applications a
  JOIN imports i ON i.id = a.import_id
  JOIN schools s ON s.id = a.school_id
  WHERE scope_sees(scope, i.visibility, a.school_id, s.province);

CREATE OR REPLACE MACRO teacher_training_in(scope) AS TABLE
  SELECT t.* FROM teacher_training t
  JOIN imports i ON i.id = t.import_id
  JOIN schools s ON s.id = t.school_id
  WHERE scope_sees(scope, i.visibility, t.school_id, s.province);

-- Stated totals may name a school (row-level) or not (then the whole import decides).
CREATE OR REPLACE MACRO stated_totals_in(scope) AS TABLE
  SELECT t.* FROM stated_totals t
  JOIN imports i ON i.id = t.import_id
  LEFT JOIN schools s ON s.id = t.school_id
  WHERE CASE WHEN t.school_id IS NULL
             THEN import_sees(scope, i.visibility, i.school_ids, i.school_provinces, i.provinces)
             ELSE scope_sees(scope, i.visibility, t.school_id, s.province) END;

-- Province-level facts: narrowed by province only (a dean sees their public rows).
CREATE OR REPLACE MACRO training_quotas_in(scope) AS TABLE
  SELECT q.* FROM training_quotas q
  JOIN imports i ON i.id = q.import_id
  WHERE scope_sees(scope, i.visibility, NULL, q.province);

CREATE OR REPLACE MACRO training_programmes_in(scope) AS TABLE
  SELECT p.* FROM training_programmes p
  JOIN imports i ON i.id = p.import_id
  WHERE scope_sees(scope, i.visibility, NULL, p.province);

-- Offers carry neither school nor province: the import decides.
CREATE OR REPLACE MACRO training_offers_in(scope) AS TABLE
  SELECT o.* FROM training_offers o
  JOIN imports i ON i.id = o.import_id
  WHERE import_sees(scope, i.visibility, i.school_ids, i.school_provinces, i.provinces);

CREATE OR REPLACE MACRO imports_in(scope) AS TABLE
  SELECT i.* FROM imports i
  WHERE import_sees(scope, i.visibility, i.school_ids, i.school_provinces, i.provinces);

CREATE OR REPLACE MACRO findings_in(scope) AS TABLE
  SELECT f.* FROM findings f
  JOIN imports i ON i.id = f.import_id
  WHERE import_sees(scope, i.visibility, i.school_ids, i.school_provinces, i.provinces);

-- Schools a principal may know of: everything for the administrator; otherwise
-- the schools of their scope and the schools with a visible row. A school with
-- restricted rows only is not even named to someone outside its scope.
CREATE OR REPLACE MACRO schools_in(scope) AS TABLE
  SELECT s.* FROM schools s
  WHERE struct_extract(scope, 'all')
     OR list_contains(struct_extract(scope, 'schools'), s.id)
     OR list_contains(struct_extract(scope, 'provinces'), s.province)
     OR s.id IN (SELECT school_id FROM exam_results_in(scope)
                 UNION SELECT school_id FROM pilot_applications_in(scope)
                 UNION SELECT school_id FROM teacher_training_in(scope));

-- Honest benchmarks (issue 10): a signed-in principal's comparisons run over
-- the whole province of their schools — every school's rows there, restricted
-- ones included — besides what they may see anyway. The runner then shows the
-- schools outside the scope as 院校 A, 院校 B … (`-- @peers` in the query
-- header); the figures of restricted peers count in the pooled rate and appear
-- only under those labels. Anonymous visitors compare public rows only.
CREATE OR REPLACE MACRO exam_results_benchmark(scope) AS TABLE
  SELECT e.* FROM exam_results e
  JOIN imports i ON i.id = e.import_id
  JOIN schools s ON s.id = e.school_id
  WHERE scope_sees(scope, i.visibility, e.school_id, s.province)
     OR (NOT struct_extract(scope, 'anonymous')
         AND s.province IN (SELECT h.province FROM schools h WHERE list_contains(struct_extract(scope, 'schools'), h.id)));

-- The SQL console's scoped snapshots (server/lib/sql-scoped.ts) copy every
-- table through these. Candidate-level records: never for anonymous visitors,
-- otherwise like the other school-level rows. Named queries may not read them.
CREATE OR REPLACE MACRO exam_records_in(scope) AS TABLE
  SELECT r.* FROM exam_records r
  JOIN imports i ON i.id = r.import_id
  JOIN schools s ON s.id = r.school_id
  WHERE NOT struct_extract(scope, 'anonymous') AND scope_sees(scope, i.visibility, r.school_id, s.province);

CREATE OR REPLACE MACRO school_aliases_in(scope) AS TABLE
  SELECT a.* FROM school_aliases a WHERE a.school_id IN (SELECT id FROM schools_in(scope));
