// The node seed loads lock (see write/seed/take_lock.cypher): unique, so that two
// loads that both MERGE it meet on the same node.
CREATE CONSTRAINT seed_load_id_unique IF NOT EXISTS
FOR (n:SeedLoad) REQUIRE n.id IS UNIQUE;
