-- The short form of a user, by handle: $1 = handle.
SELECT users.uuid, users.display_name, users.handle
FROM public.users
WHERE users.handle = $1
