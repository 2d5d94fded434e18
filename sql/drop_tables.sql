-- The tables of sql/schema.sql, dropped by `cruddur db schema-load` (and
-- only there) before the schema is loaded again.
DROP TABLE IF EXISTS public.activities;
DROP TABLE IF EXISTS public.users;
