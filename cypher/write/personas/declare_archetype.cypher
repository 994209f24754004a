// The archetype a new persona is declared to be.
MATCH (p:Persona {id: $id}), (a:Archetype {name: $archetype})
MERGE (p)-[link:IS_A]->(a)
SET link.declared = true, link.overridden = false, link.inferred = coalesce(link.inferred, false)
