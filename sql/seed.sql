-- Seed users (linked to Cognito later by `cruddur db update-cognito-user-ids`)
-- and one activity.
INSERT INTO public.users (display_name, handle, email, cognito_user_id)
VALUES
  ('Andrew Brown', 'andrewbrown', 'andrewbrown@example.com', 'MOCK'),
  ('Andrew Bayko', 'bayko', 'bayko@example.com', 'MOCK'),
  ('Londo Mollari', 'londo', 'londo@example.com', 'MOCK');

INSERT INTO public.activities (user_uuid, message, expires_at)
VALUES (
  (SELECT uuid FROM public.users WHERE users.handle = 'andrewbrown' LIMIT 1),
  'Hello from the seed file: the first crud on Cruddur.',
  current_timestamp + interval '10 day'
);
