-- The first $1 users in handle order (the participants of a synthetic dataset).
SELECT users.uuid, users.display_name, users.handle
FROM public.users
ORDER BY users.handle, users.uuid
LIMIT $1
