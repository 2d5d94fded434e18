-- Seed users (linked to Cognito later by `cruddur db update-cognito-user-ids`)
-- and one activity. Running it again adds nothing: each row is inserted only
-- when it is not there yet.
INSERT INTO public.users (display_name, handle, email, cognito_user_id)
SELECT seed.display_name, seed.handle, seed.email, 'MOCK'
FROM (VALUES
  ('Andrew Brown', 'andrewbrown', 'andrewbrown@example.com'),
  ('Andrew Bayko', 'bayko', 'bayko@example.com'),
  ('Londo Mollari', 'londo', 'londo@example.com')
) AS seed (display_name, handle, email)
WHERE NOT EXISTS (SELECT 1 FROM public.users WHERE users.handle = seed.handle);

INSERT INTO public.activities (user_uuid, message, expires_at)
SELECT users.uuid, 'Hello from the seed file: the first crud on Cruddur.', current_timestamp + interval '10 day'
FROM public.users
WHERE users.handle = 'andrewbrown'
  AND NOT EXISTS (
    SELECT 1 FROM public.activities
    WHERE activities.user_uuid = users.uuid
      AND activities.message = 'Hello from the seed file: the first crud on Cruddur.'
  )
LIMIT 1;
