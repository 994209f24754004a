// What the readiness probe asks, in one round trip: the server's version and edition,
// the Graph Data Science plugin's version (the statement does not compile without the
// plugin: read/server_state_without_gds then asks the rest), and the schema migrations
// applied. Always one row.
CALL dbms.components() YIELD name, versions, edition
WITH collect(CASE WHEN name = 'Neo4j Kernel' THEN {version: versions[0], edition: edition} END)[0]
     AS kernel
RETURN coalesce(kernel.version, 'unknown') AS neo4j_version,
       coalesce(kernel.edition, 'unknown') AS edition,
       gds.version() AS gds_version,
       COLLECT { MATCH (m:SchemaMigration) RETURN m.id } AS applied_migrations
