// Every opportunity with the data its impact and feasibility are computed from, and what it
// reaches personas through: the pain points it addresses (with strength) and the JTBDs it
// supports.
MATCH (o:Opportunity)
WHERE coalesce(o.is_active, true)
RETURN o.key AS key, o.name AS name, o.feasibility AS feasibility,
       o.value_multiplier AS value_multiplier, o.effort_person_months AS effort_person_months,
       COLLECT {
         MATCH (o)-[a:ADDRESSES]->(pain:PainPoint)
         RETURN [pain.key, a.strength] ORDER BY pain.key
       } AS addresses,
       COLLECT { MATCH (o)-[:SUPPORTS]->(job:JTBD) RETURN job.key ORDER BY job.key } AS supports
ORDER BY key
