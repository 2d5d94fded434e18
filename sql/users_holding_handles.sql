-- Of the given handles ($2) and the ids they should have ($1), the handles
-- that a user with another id holds.
SELECT users.handle
FROM public.users
JOIN unnest($1::uuid[], $2::text[]) AS given (uuid, handle) ON users.handle = given.handle
WHERE users.uuid <> given.uuid
ORDER BY users.handle
