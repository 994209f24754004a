// The content hash of every Persona node; a deactivated persona has none, so that
// putting it back in the catalog counts as a change and reactivates it.
MATCH (n:Persona)
RETURN n.id AS key, CASE WHEN n.is_active = false THEN null ELSE n.content_hash END AS hash
