// How a persona reaches opportunities: through a pain point it experiences that the
// opportunity addresses, or through a job it performs that the opportunity supports.
MATCH (p:Persona {id: $id})
CALL (p) {
  MATCH (p)-[e:EXPERIENCES]->(pp:PainPoint)<-[a:ADDRESSES]-(o:Opportunity)
  WHERE coalesce(o.is_active, true) AND coalesce(pp.is_active, true)
  RETURN o, 'PAIN_POINT' AS via, pp.key AS through_key, pp.text AS through_text,
         e.severity AS weight, a.strength AS strength
  UNION
  MATCH (p)-[e:PERFORMS]->(j:JTBD)<-[:SUPPORTS]-(o:Opportunity)
  WHERE coalesce(o.is_active, true) AND coalesce(j.is_active, true)
  RETURN o, 'JTBD' AS via, j.key AS through_key, j.statement AS through_text,
         e.importance AS weight, null AS strength
}
RETURN o.key AS opportunity_key, o.name AS opportunity_name, o.score_overall AS score,
       o.score_rank AS rank, via, through_key, through_text, weight, strength
ORDER BY coalesce(o.score_rank, 1000000), opportunity_key, via DESC, through_key
