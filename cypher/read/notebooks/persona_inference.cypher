// Every active persona's archetype inference beside its declared archetype (the
// analytics notebooks): the two scores, the confidence and the review flags.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(f:Function)
  RETURN min(f.key) AS function
}
RETURN p.id AS id, p.name AS name, p.kind AS kind, function, p.archetype AS declared,
       p.inferred_archetype AS inferred, p.work_complexity_score AS work_complexity,
       p.ai_maturity_score AS ai_maturity, p.archetype_confidence AS confidence,
       coalesce(p.requires_review, false) AS requires_review,
       coalesce(p.archetype_mismatch, false) AS mismatch,
       coalesce(p.archetype_overridden, false) AS overridden
ORDER BY id
