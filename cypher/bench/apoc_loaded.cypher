// Whether APOC core's functions are registered (the Neo4j GraphQL Library needs them).
SHOW FUNCTIONS YIELD name WHERE name = 'apoc.version'
RETURN count(*) > 0 AS loaded
