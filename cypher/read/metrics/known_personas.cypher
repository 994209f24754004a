// Which of $ids are personas (metrics for anything else are refused).
UNWIND $ids AS id
MATCH (p:Persona {id: id})
RETURN p.id AS id
