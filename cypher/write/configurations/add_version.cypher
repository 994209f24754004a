// A new version of a persona's configuration of one type; the one it follows stops being
// current. The caller holds the persona's lock and checked the version it replaces; the
// id's uniqueness constraint refuses a version written twice.
MATCH (p:Persona {id: $persona_id})
OPTIONAL MATCH (old:PersonaConfiguration {persona_id: $persona_id, type: $type, is_current: true})
SET old.is_current = false
WITH DISTINCT p
CREATE (c:PersonaConfiguration {id: $persona_id + '|' + $type + '|' + toString($version),
                                persona_id: $persona_id, type: $type, version: $version,
                                document: $document, is_current: true, created_by: $actor,
                                created_at: datetime()})
CREATE (c)-[:CONFIGURES]->(p)
RETURN c.id AS id
