-- Read back from the sandbox to prove the guard is up before it is used.
SELECT
  current_setting('enable_external_access')::VARCHAR AS enable_external_access,
  current_setting('lock_configuration')::VARCHAR AS lock_configuration,
  current_setting('access_mode')::VARCHAR AS access_mode,
  current_setting('memory_limit')::VARCHAR AS memory_limit,
  current_setting('threads')::VARCHAR AS threads,
  current_setting('autoload_known_extensions')::VARCHAR AS autoload_known_extensions,
  current_setting('autoinstall_known_extensions')::VARCHAR AS autoinstall_known_extensions
