// Start collecting Neo4j's own per-query statistics afresh.
CALL db.stats.stop('QUERIES') YIELD success AS stopped
CALL db.stats.clear('QUERIES') YIELD success AS cleared
CALL db.stats.collect('QUERIES') YIELD success AS collecting
RETURN stopped, cleared, collecting
