// A new API key: its public id, name, role and the SHA-256 of its secret.
CREATE (k:ApiKey {id: $id, name: $name, role: $role, secret_sha256: $secret_sha256,
                  created_at: datetime(), revoked: false})
RETURN k.id AS id
