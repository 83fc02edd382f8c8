-- A scratch instance (Parquet export) may only touch files in its own
-- temporary directory; then its settings are locked.
SET temp_directory = {{dir}};
SET allowed_directories = [{{dir}}];
SET enable_external_access = false;
SET lock_configuration = true;
