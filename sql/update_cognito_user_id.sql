-- Link a user to their Cognito user: $1 = the Cognito sub, $2 = the handle
-- (Cognito's preferred_username).
UPDATE public.users
SET cognito_user_id = $1
WHERE users.handle = $2
  AND users.cognito_user_id IS DISTINCT FROM $1
