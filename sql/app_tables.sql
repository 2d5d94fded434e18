-- The tables of this database outside the system schemas, cruddur's own
-- (the environment stamp, the migrations ledger) aside: whether a schema
-- file that drops tables may run.
SELECT format('%s.%s', n.nspname, c.relname)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%'
  AND n.nspname NOT LIKE 'pg_temp%'
  AND NOT (n.nspname = 'public' AND c.relname IN ('cruddur_internal_metadata', 'cruddur_schema_migrations'))
ORDER BY 1
