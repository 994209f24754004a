// Personas' characteristic texts and their vectors (float32 arrays) from model $model.
UNWIND $rows AS row
MATCH (p:Persona {id: row.id})
SET p.characteristic_text = row.text, p.characteristic_model = $model
WITH p, row
CALL db.create.setNodeVectorProperty(p, 'characteristic_embedding', row.embedding)
RETURN count(*) AS written
