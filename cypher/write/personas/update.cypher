// Change a persona's properties if nobody changed it since the version the caller read.
MATCH (p:Persona {id: $id})
WHERE p.version = $version
SET p += $props, p.version = p.version + 1, p.updated_at = datetime()
RETURN p.version AS version
