-- Every user's handle and Cognito id, for linking them to Cognito users.
SELECT users.handle, users.cognito_user_id
FROM public.users
ORDER BY users.handle
