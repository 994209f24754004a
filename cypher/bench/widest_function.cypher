// The function whose roles reach the most outcomes (through personas and their JTBDs):
// the widest fan-out of compare_peer.py's Q4.
MATCH (f:Function)<-[:IN_FUNCTION]-(:Role)<-[:HAS_ROLE]-(:Persona)-[:PERFORMS]->(:JTBD)-[:HAS_OUTCOME]->(o:Outcome)
RETURN f.key AS key, count(o) AS n
ORDER BY n DESC, key
LIMIT 1
