// The API key with this public id (revoked ones too: the caller tells them apart).
MATCH (k:ApiKey {id: $id})
RETURN k.name AS name, k.role AS role, k.secret_sha256 AS secret_sha256, k.revoked AS revoked
