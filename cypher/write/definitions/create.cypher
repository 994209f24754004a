// Personas a definitions file brings that the graph does not have (the id's uniqueness
// constraint refuses one created meanwhile by another writer: the import fails whole).
UNWIND $rows AS row
CREATE (p:Persona)
SET p = row.props, p.id = row.id, p.version = 1, p.origin = 'import', p.is_active = true,
    p.created_at = datetime(), p.updated_at = datetime()
RETURN count(p) AS created
