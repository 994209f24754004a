// The Neo4j and GDS versions a benchmark runs against.
CALL dbms.components() YIELD versions
RETURN versions[0] AS neo4j, gds.version() AS gds
