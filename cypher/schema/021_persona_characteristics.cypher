// Persona matching (matching/personas.py) fuses the characteristic embedding with a
// full-text search of the characteristic text, as document retrieval does.
CREATE FULLTEXT INDEX persona_characteristic_text IF NOT EXISTS
FOR (n:Persona) ON EACH [n.characteristic_text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
