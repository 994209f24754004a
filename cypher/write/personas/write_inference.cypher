// Fresh inference results on a persona, and its inferred IS_A link moved to match.
MATCH (p:Persona {id: $id}), (to:Archetype {name: $props.inferred_archetype})
SET p += $props
WITH p, to
OPTIONAL MATCH (p)-[old:IS_A {inferred: true}]->()
SET old.inferred = false, old.confidence = null
WITH DISTINCT p, to
OPTIONAL MATCH (p)-[stale:IS_A {declared: false, inferred: false}]->()
DELETE stale
WITH DISTINCT p, to
MERGE (p)-[link:IS_A]->(to)
SET link.inferred = true, link.confidence = $props.archetype_confidence,
    link.declared = coalesce(link.declared, false), link.overridden = coalesce(link.overridden, false)
RETURN p.id AS id
