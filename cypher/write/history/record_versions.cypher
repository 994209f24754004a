// One PersonaVersion per change: the fields it changed and the values they had before
// (JSON), not whole copies; the persona's current properties and these replaced values
// give every earlier state. Keyed "<persona id>@<version>": a version is recorded once.
UNWIND $rows AS row
MATCH (p:Persona {id: row.persona_id})
CREATE (v:PersonaVersion {id: row.persona_id + '@' + toString(row.version),
                          persona_id: row.persona_id, version: row.version,
                          action: row.action, actor: $actor, changed_at: datetime(),
                          changed: row.changed, replaced: row.replaced})
CREATE (v)-[:VERSION_OF]->(p)
RETURN count(v) AS recorded
