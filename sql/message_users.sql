-- Sender and receiver of a new conversation: $1 = the sender's cognito_user_id,
-- $2 = the receiver's handle. `kind` is 'sender', 'recv' or 'other'.
SELECT
  users.uuid,
  users.display_name,
  users.handle,
  CASE users.cognito_user_id = $1
    WHEN TRUE THEN 'sender'
    WHEN FALSE THEN 'recv'
    ELSE 'other'
  END AS kind
FROM public.users
WHERE users.cognito_user_id = $1 OR users.handle = $2
