-- The other sessions holding locks on this database's own tables (not the
-- catalogs): whom a statement that gave up waiting for a lock waited for.
SELECT DISTINCT
  a.pid,
  coalesce(a.application_name, '') AS application,
  coalesce(a.state, '') AS state,
  coalesce(a.usename::text, '') AS username
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
JOIN pg_class c ON c.oid = l.relation
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.granted
  AND l.locktype = 'relation'
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%'
  AND a.pid <> pg_backend_pid()
ORDER BY a.pid
