// The latest version number of a persona's configuration of one type (0: none yet).
OPTIONAL MATCH (c:PersonaConfiguration {persona_id: $persona_id, type: $type, is_current: true})
RETURN coalesce(max(c.version), 0) AS version
