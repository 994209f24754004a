// Stop collecting per-query statistics.
CALL db.stats.stop('QUERIES') YIELD success
RETURN success
