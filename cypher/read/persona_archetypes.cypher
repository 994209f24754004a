// A persona's IS_A links: declared and/or inferred archetype, confidence, override.
MATCH (:Persona {id: $id})-[link:IS_A]->(archetype:Archetype)
RETURN archetype.name AS archetype, link.declared AS declared, link.inferred AS inferred,
       link.confidence AS confidence, link.overridden AS overridden
ORDER BY archetype
