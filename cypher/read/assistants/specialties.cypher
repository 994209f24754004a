// Active personas of one kind per specialty (null: no specialty), the largest first.
MATCH (p:Persona {kind: $kind})
WHERE coalesce(p.is_active, true)
RETURN p.specialty AS specialty, count(*) AS count
ORDER BY count DESC, specialty
