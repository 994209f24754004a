// The facet nodes a persona made from a workforce template links to (pain points, goals,
// skills, ...), created when the graph does not have them yet. $rows hold labels from a
// fixed allow-list (admin/templates.py), never from a request.
UNWIND $rows AS row
MERGE (n:$(row.label) {key: row.key})
ON CREATE SET n += row.props, n.origin = 'template', n.is_active = true, n.version = 1,
              n.created_at = datetime(), n.updated_at = datetime()
RETURN count(n) AS merged
