// Every persona's id, version and tagline, by id (the soak picks its hot personas here
// and compares their final state with the writes it was told had committed).
MATCH (p:Persona)
RETURN p.id AS id, p.version AS version, p.tagline AS tagline
ORDER BY id
