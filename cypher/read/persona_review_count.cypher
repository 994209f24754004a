// How many active personas are in the review queue.
MATCH (p:Persona {is_active: true})
WHERE (p.requires_review = true OR p.archetype_mismatch = true)
  AND coalesce(p.archetype_overridden, false) = false  // a person already decided
RETURN count(p) AS total
