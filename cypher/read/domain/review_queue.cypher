// The archetype review queue: active personas whose declared and inferred archetypes
// differ or whose inference is not confident, not yet decided by a person. Ordered by how
// much a decision matters: mismatches first, then the least confident (to two decimals,
// as shown), then those more opportunities reach (through a pain point an opportunity
// addresses or a job it supports), then by id. Each row carries what inference read, so
// that the reason can be written from the same signals.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
  AND (p.requires_review = true OR p.archetype_mismatch = true)
  AND coalesce(p.archetype_overridden, false) = false
CALL (p) {
  OPTIONAL MATCH (p)-[:EXPERIENCES|PERFORMS]->(need)<-[:ADDRESSES|SUPPORTS]-(o:Opportunity)
  WHERE coalesce(o.is_active, true) AND coalesce(need.is_active, true)
  RETURN count(DISTINCT o) AS opportunities
}
WITH p, opportunities, coalesce(p.archetype_mismatch, false) AS mismatch
ORDER BY mismatch DESC, round(coalesce(p.archetype_confidence, 0), 2) ASC, opportunities DESC,
         p.id ASC
SKIP $offset LIMIT $limit
RETURN p.id AS id, p.name AS name, p.archetype AS declared, p.inferred_archetype AS inferred,
       p.archetype_confidence AS confidence, p.work_complexity_score AS work_complexity,
       p.ai_maturity_score AS ai_maturity, mismatch,
       coalesce(p.requires_review, false) AS low_confidence, p.version AS version,
       opportunities,
       head(COLLECT { MATCH (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(f:Function)
                      RETURN f.key }) AS function,
       properties(p) AS props,
       COLLECT { MATCH (p)-[:PURSUES]->(g:Goal) RETURN g.text } AS goals,
       COLLECT { MATCH (p)-[:EXPERIENCES]->(pp:PainPoint) RETURN pp.text } AS pain_points
