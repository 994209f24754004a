// How many relationships of each type link personas of each kind (the persona end's
// kind; a persona linked to a persona counts by its source), for the relational export's
// progress totals: such links are split into a link table per persona kind.
MATCH (a)-[link]->(b)
WHERE a:Persona OR b:Persona
WITH type(link) AS type, CASE WHEN a:Persona THEN a ELSE b END AS persona
RETURN type, coalesce(persona.kind, 'workforce') AS kind, count(*) AS count
ORDER BY type, kind
