-- After this no setting of the sandbox instance can change (memory, threads,
-- external access …) until it is closed.
SET lock_configuration = true;
