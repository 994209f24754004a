// Active personas to review: low inference confidence or declared ≠ inferred archetype,
// mismatches first, then the least confident.
MATCH (p:Persona {is_active: true})
WHERE p.requires_review = true OR p.archetype_mismatch = true
RETURN p.id AS id,
       p.archetype AS declared,
       p.inferred_archetype AS inferred,
       p.archetype_confidence AS confidence,
       p.work_complexity_score AS complexity,
       p.ai_maturity_score AS maturity,
       p.archetype_mismatch AS mismatch,
       p.requires_review AS review
ORDER BY mismatch DESC, confidence ASC, id ASC
LIMIT $limit
