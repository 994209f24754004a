// Every API key, newest first, without secrets.
MATCH (k:ApiKey)
RETURN k.id AS id, k.name AS name, k.role AS role, k.revoked AS revoked,
       toString(k.created_at) AS created_at
ORDER BY k.created_at DESC, k.id
