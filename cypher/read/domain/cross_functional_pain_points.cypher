// Pain points shared by personas of at least $min_functions functions: the functions,
// how many personas in each, the mean severity, and the opportunities addressing them.
MATCH (f:Function)<-[:IN_FUNCTION]-(:Role)<-[:HAS_ROLE]-(p:Persona)-[e:EXPERIENCES]->(pp:PainPoint)
WHERE coalesce(p.is_active, true) AND coalesce(pp.is_active, true) AND coalesce(f.is_active, true)
WITH pp, f, count(DISTINCT p) AS personas, sum(e.severity) AS severity_sum, count(e) AS links
ORDER BY f.key
WITH pp, collect({key: f.key, name: f.name, personas: personas}) AS functions,
     sum(personas) AS persona_count, toFloat(sum(severity_sum)) / sum(links) AS mean_severity
WHERE size(functions) >= $min_functions
RETURN pp.key AS key, pp.text AS text, pp.category AS category, functions,
       persona_count, mean_severity,
       COLLECT { MATCH (o:Opportunity)-[:ADDRESSES]->(pp) WHERE coalesce(o.is_active, true)
                 RETURN o.key ORDER BY o.key } AS opportunities
ORDER BY size(functions) DESC, persona_count DESC, key
LIMIT $limit
