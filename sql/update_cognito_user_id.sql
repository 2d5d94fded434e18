-- Link a user to their Cognito user: $1 = the Cognito sub, $2 = the handle
-- (Cognito's preferred_username), $3 = the id the plan saw, so a row changed
-- since is left alone.
UPDATE public.users
SET cognito_user_id = $1
WHERE users.handle = $2
  AND users.cognito_user_id = $3
