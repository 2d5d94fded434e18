-- Users with given ids ($1 uuids, $2 display names, $3 handles), each added
-- only when no user has its handle yet; e-mail from the handle, Cognito id
-- 'MOCK' as the seed users have. Returns the handles added.
INSERT INTO public.users (uuid, display_name, handle, email, cognito_user_id)
SELECT given.uuid, given.display_name, given.handle, given.handle || '@example.com', 'MOCK'
FROM unnest($1::uuid[], $2::text[], $3::text[]) AS given (uuid, display_name, handle)
WHERE NOT EXISTS (SELECT 1 FROM public.users WHERE users.handle = given.handle)
RETURNING users.handle
