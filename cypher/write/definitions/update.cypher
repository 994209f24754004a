// Personas whose definition changed, each moved from the version read under its lock to
// the next (null values remove a field the file no longer gives). The caller checks the
// count: a row that matched nothing would be a lost update.
UNWIND $rows AS row
MATCH (p:Persona {id: row.id})
WHERE p.version = row.version
SET p += row.props, p.is_active = true, p.version = p.version + 1, p.updated_at = datetime()
RETURN count(p) AS updated
