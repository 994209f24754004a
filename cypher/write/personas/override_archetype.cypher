// A person's archetype decision: the declared archetype becomes $to, marked overridden,
// and an ArchetypeMigration of kind override records who changed it from what, and why
// (with the persona's function, for migration paths per function).
MATCH (p:Persona {id: $id}), (to:Archetype {name: $to})
OPTIONAL MATCH (p)-[declared:IS_A {declared: true}]->()
SET declared.declared = false
WITH DISTINCT p, to
OPTIONAL MATCH (p)-[stale:IS_A {declared: false, inferred: false}]->()
DELETE stale
WITH DISTINCT p, to
MERGE (p)-[link:IS_A]->(to)
SET link.declared = true, link.overridden = true,
    link.inferred = coalesce(link.inferred, false)
SET p.archetype = $to, p.archetype_overridden = true,
    p.archetype_mismatch = p.inferred_archetype <> $to, p.requires_review = false
CREATE (m:ArchetypeMigration {id: $migration_id, persona_id: $id, kind: 'override',
                              from_archetype: $from, to_archetype: $to, reason: $reason,
                              actor: $actor, occurred_at: datetime(),
                              function_key: head(COLLECT {
                                MATCH (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(f:Function)
                                RETURN f.key })})
CREATE (m)-[:OF]->(p)
RETURN m.id AS id
