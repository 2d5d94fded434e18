-- A user's uuid from their Cognito sub: $1 = cognito_user_id.
SELECT users.uuid
FROM public.users
WHERE users.cognito_user_id = $1
LIMIT 1
