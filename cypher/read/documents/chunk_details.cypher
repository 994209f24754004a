// Candidate chunks with their text and place, and their exact similarity to $vector.
UNWIND $ids AS id
MATCH (d:Dataset)-[:HAS_CHUNK]->(c:Chunk {id: id})
RETURN c.id AS id, d.id AS dataset_id, c.text AS text, c.section AS section, c.page AS page,
       c.kind AS kind, c.index AS index,
       vector.similarity.cosine(c.embedding, $vector) AS similarity
