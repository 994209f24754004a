// The archetype review queue: active personas with low inference confidence or whose
// declared and inferred archetypes differ, not yet decided by a person; mismatches first.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
  AND (p.requires_review = true OR p.archetype_mismatch = true)
  AND coalesce(p.archetype_overridden, false) = false
RETURN p.id AS id, p.name AS name, p.archetype AS declared, p.inferred_archetype AS inferred,
       p.archetype_confidence AS confidence, p.work_complexity_score AS work_complexity,
       p.ai_maturity_score AS ai_maturity, p.archetype_mismatch AS mismatch,
       p.requires_review AS low_confidence, p.version AS version
ORDER BY mismatch DESC, confidence ASC, id ASC
SKIP $offset LIMIT $limit
