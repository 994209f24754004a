// Change a persona's properties if it is still at the version the caller read; the
// caller holds its write lock (write/personas/lock) and checks that one row came back.
MATCH (p:Persona {id: $id})
WHERE p.version = $version
SET p += $props, p.version = p.version + 1, p.updated_at = datetime()
RETURN p.version AS version
