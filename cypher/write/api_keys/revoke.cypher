// Revoke an API key by id or name; revoked keys stay for the record.
MATCH (k:ApiKey)
WHERE k.id = $key OR k.name = $key
SET k.revoked = true, k.revoked_at = datetime()
RETURN k.id AS id, k.name AS name
