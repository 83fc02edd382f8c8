-- The SQL console's sandbox reads a snapshot: a database file the main
-- instance writes into a temporary directory, then opened read-only by a
-- separate instance with external access off and its configuration locked.
ATTACH {{file}} AS {{snapshot}};
