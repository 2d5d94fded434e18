-- Every user's handle and Cognito id, for linking them to Cognito users.
-- Locked until the linking transaction ends, so the plan stays true.
SELECT users.handle, users.cognito_user_id
FROM public.users
ORDER BY users.handle
FOR UPDATE
