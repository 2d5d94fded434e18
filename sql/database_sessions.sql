-- The other client sessions on this database (not this one, not other
-- databases', not the server's background workers): what `db kill-all` ends.
SELECT
  pid,
  usename::text AS username,
  datname::text AS database,
  state,
  application_name,
  client_addr::text AS client_addr,
  to_char(query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS query_start,
  query
FROM pg_stat_activity
WHERE datname = current_database()
  AND pid <> pg_backend_pid()
  AND backend_type = 'client backend'
ORDER BY pid
