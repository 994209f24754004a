// Per pain category and function (the analytics notebooks' heatmap): how many active
// personas experience a pain of that category, how severe on average, and how many of
// them have such a pain that no active opportunity addresses.
MATCH (f:Function)<-[:IN_FUNCTION]-(:Role)<-[:HAS_ROLE]-(p:Persona)-[e:EXPERIENCES]->(pain:PainPoint)
WHERE coalesce(p.is_active, true) AND coalesce(pain.is_active, true)
  AND coalesce(f.is_active, true)
WITH f, p, e, pain,
     EXISTS { MATCH (o:Opportunity)-[:ADDRESSES]->(pain) WHERE coalesce(o.is_active, true) }
       AS addressed
RETURN coalesce(pain.category, '(none)') AS category, f.key AS function,
       count(DISTINCT p) AS personas, avg(e.severity) AS mean_severity,
       count(DISTINCT CASE WHEN addressed THEN null ELSE p END) AS unaddressed_personas,
       count(DISTINCT pain) AS pain_points
ORDER BY category, function
