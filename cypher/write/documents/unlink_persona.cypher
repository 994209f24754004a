// A persona stops using a dataset (the dataset stays).
MATCH (:Persona {id: $persona_id})-[u:USES_DATASET]->(:Dataset {id: $dataset_id})
DELETE u
RETURN count(*) AS removed
