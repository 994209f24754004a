// The size of the Persona→Opportunity projection, for the memory estimate before projecting.
MATCH (p:Persona)
CALL (p) {
  MATCH (p)-[:EXPERIENCES]->(:PainPoint)<-[:ADDRESSES]-(o:Opportunity)
  RETURN o
  UNION
  MATCH (p)-[:PERFORMS]->(:JTBD)<-[:SUPPORTS]-(o:Opportunity)
  RETURN o
}
RETURN count(DISTINCT p) + count(DISTINCT o) AS node_count, count(*) AS relationship_count
