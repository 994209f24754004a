// Active personas per function and archetype (declared), with each archetype's adoption
// weight; $function (a key) narrows to one function, null means all of them.
MATCH (f:Function)<-[:IN_FUNCTION]-(:Role)<-[:HAS_ROLE]-(p:Persona)
WHERE coalesce(f.is_active, true) AND coalesce(p.is_active, true)
  AND ($function IS NULL OR f.key = $function)
OPTIONAL MATCH (a:Archetype {name: p.archetype})
WITH f, p.archetype AS archetype, a.adoption_weight AS weight, count(p) AS personas
RETURN f.key AS function_key, f.name AS function_name,
       collect({archetype: archetype, personas: personas, weight: weight}) AS archetypes
ORDER BY function_key
