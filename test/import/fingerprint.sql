-- One line per table: its row count and an order-independent hash of all its
-- rows. Two databases with the same lines hold the same data. Every table of
-- the schema is listed (kill.test.ts checks against duckdb_tables()).
-- imports.imported_at is left out: it is the wall-clock time of the commit,
-- different in every run of the same commit.
SELECT 'meta' AS table_name, count(*) AS rows, coalesce(sum(hash(t)), 0)::VARCHAR AS hash FROM meta t
UNION ALL SELECT 'imports', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM (SELECT * EXCLUDE (imported_at) FROM imports) t
UNION ALL SELECT 'findings', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM findings t
UNION ALL SELECT 'regions', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM regions t
UNION ALL SELECT 'schools', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM schools t
UNION ALL SELECT 'school_aliases', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM school_aliases t
UNION ALL SELECT 'certificates', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM certificates t
UNION ALL SELECT 'certificate_aliases', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM certificate_aliases t
UNION ALL SELECT 'exam_results', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM exam_results t
UNION ALL SELECT 'pilot_applications', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM pilot_applications t
UNION ALL SELECT 'teacher_training', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM teacher_training t
UNION ALL SELECT 'training_quotas', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM training_quotas t
UNION ALL SELECT 'training_programmes', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM training_programmes t
UNION ALL SELECT 'training_offers', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM training_offers t
UNION ALL SELECT 'stated_totals', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM stated_totals t
UNION ALL SELECT 'exam_records', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM exam_records t
UNION ALL SELECT 'sql_audit', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM sql_audit t
UNION ALL SELECT 'saved_queries', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM saved_queries t
UNION ALL SELECT 'admin_account', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM admin_account t
UNION ALL SELECT 'admin_password_state', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM admin_password_state t
UNION ALL SELECT 'users', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM users t
UNION ALL SELECT 'sessions', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM sessions t
UNION ALL SELECT 'api_tokens', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM api_tokens t
UNION ALL SELECT 'audit_log', count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM audit_log t
ORDER BY table_name
