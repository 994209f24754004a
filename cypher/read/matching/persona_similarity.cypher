// Candidate personas with their exact similarity to $vector (normalised cosine).
UNWIND $ids AS id
MATCH (p:Persona {id: id})
WHERE p.characteristic_model = $model
RETURN p.id AS id, p.name AS name, p.kind AS kind,
       vector.similarity.cosine(p.characteristic_embedding, $vector) AS similarity
