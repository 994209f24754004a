// Active personas (of $kind, when given) closest to $vector by their characteristic
// embedding: exact comparison with each, normalised cosine (1 + cos) / 2.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true) AND ($kind IS NULL OR p.kind = $kind)
  AND p.characteristic_model = $model
WITH p, vector.similarity.cosine(p.characteristic_embedding, $vector) AS score
ORDER BY score DESC, p.id
LIMIT $limit
RETURN p.id AS id
