// Personas by id with their version, state and archetypes.
MATCH (p:Persona)
WHERE p.id IN $ids
RETURN p.id AS id, p.version AS version, p.is_active AS is_active, p.tagline AS tagline,
       p.archetype AS archetype, p.inferred_archetype AS inferred_archetype
ORDER BY id
