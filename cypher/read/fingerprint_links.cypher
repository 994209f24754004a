// Every relationship with its type, properties and the keys of both ends.
MATCH (a)-[r]->(b)
RETURN type(r) AS type,
       properties(r) AS props,
       coalesce(a.id, a.key, a.name) AS source,
       coalesce(b.id, b.key, b.name) AS target
