// Names of the indexes that belong to no constraint; the token LOOKUP indexes
// are part of every database and are kept.
SHOW INDEXES YIELD name, type, owningConstraint
WHERE type <> 'LOOKUP' AND owningConstraint IS NULL
RETURN name
ORDER BY name
