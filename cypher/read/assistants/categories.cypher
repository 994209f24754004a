// Active personas of one kind per category (null: no category), the largest first.
MATCH (p:Persona {kind: $kind})
WHERE coalesce(p.is_active, true)
RETURN p.category AS category, count(*) AS count
ORDER BY count DESC, category
