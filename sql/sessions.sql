-- The server's client sessions (not this one), as text for display.
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
WHERE datname IS NOT NULL
  AND pid <> pg_backend_pid()
ORDER BY datname, pid
