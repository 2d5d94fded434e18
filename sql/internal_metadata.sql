-- cruddur's own record of what a database is (key 'environment': 'local' or
-- 'prod'), written when cruddur creates or first sets the database up, and
-- read by every destructive command.
CREATE TABLE IF NOT EXISTS public.cruddur_internal_metadata (
  key text PRIMARY KEY,
  value text NOT NULL,
  created_at TIMESTAMP DEFAULT current_timestamp NOT NULL
)
