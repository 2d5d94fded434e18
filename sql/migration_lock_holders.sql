-- The sessions holding cruddur's migration lock (an advisory lock of this
-- database, key $1 = classid << 32 | objid).
SELECT
  a.pid,
  coalesce(a.application_name, '') AS application,
  coalesce(a.state, '') AS state,
  coalesce(a.usename::text, '') AS username
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.granted
  AND l.locktype = 'advisory'
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = ($1::bigint >> 32)
  AND l.objid::bigint = ($1::bigint & 4294967295)
  AND l.objsubid = 1
  AND a.pid <> pg_backend_pid()
ORDER BY a.pid
