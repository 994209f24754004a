// How many workforce personas each function has: the rows of its function-specific
// attributes table in the relational export (progress totals).
MATCH (f:Function)<-[:IN_FUNCTION]-(:Role)<-[:HAS_ROLE]-(p:Persona)
WHERE p.id IS NOT NULL AND coalesce(p.kind, 'workforce') = 'workforce'
RETURN f.key AS function, count(DISTINCT p) AS count
ORDER BY function
