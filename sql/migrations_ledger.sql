-- cruddur's ledger of the migrations applied to this database: one row per
-- migration, written in the transaction that applies it (`how` = 'ran') or
-- when cruddur takes over from the app's schema_information ('adopted').
-- `checksum` is the SHA-256 of the up SQL with CRLF read as LF; `accepted`
-- records a change or a removal of the file that a user accepted.
CREATE TABLE IF NOT EXISTS public.cruddur_schema_migrations (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms bigint NOT NULL DEFAULT 0,
  how text NOT NULL,
  accepted text,
  missing_accepted boolean NOT NULL DEFAULT false
)
