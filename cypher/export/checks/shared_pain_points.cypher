// Spot check of the relational export: pain points shared by active personas of more than
// one function (the source's "shared pain points across functions" query, in Cypher).
MATCH (function:Function)<-[:IN_FUNCTION]-(:Role)<-[:HAS_ROLE]-(persona:Persona)
      -[:EXPERIENCES]->(pain:PainPoint)
WHERE persona.is_active = true
WITH pain.text AS text, pain.category AS category,
     count(DISTINCT function.key) AS function_count, count(DISTINCT persona.id) AS persona_count
WHERE function_count > 1
RETURN text, category, function_count, persona_count
