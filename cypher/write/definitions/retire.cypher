// Imported personas the file no longer holds: retired (is_active = false), never deleted.
UNWIND $rows AS row
MATCH (p:Persona {id: row.id})
WHERE p.version = row.version
SET p.is_active = false, p.version = p.version + 1, p.updated_at = datetime()
RETURN count(p) AS retired
