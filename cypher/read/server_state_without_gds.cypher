// read/server_state for a server without the Graph Data Science plugin. Always one row.
CALL dbms.components() YIELD name, versions, edition
WITH collect(CASE WHEN name = 'Neo4j Kernel' THEN {version: versions[0], edition: edition} END)[0]
     AS kernel
RETURN coalesce(kernel.version, 'unknown') AS neo4j_version,
       coalesce(kernel.edition, 'unknown') AS edition,
       null AS gds_version,
       COLLECT { MATCH (m:SchemaMigration) RETURN m.id } AS applied_migrations
