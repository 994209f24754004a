// Archetype migrations of kind inferred: each row is a persona whose re-inference moved
// it to another quadrant, with the scores before and after and the attribute changes
// that caused it (inference/archetype_migration.py); linked to its persona, with the
// function it belongs to now.
UNWIND $rows AS row
MATCH (p:Persona {id: row.persona_id})
CREATE (m:ArchetypeMigration)
SET m = row, m.occurred_at = datetime(),
    m.function_key = head(COLLECT {
      MATCH (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(f:Function) RETURN f.key })
CREATE (m)-[:OF]->(p)
RETURN m.id AS id
