// What Neo4j collected since query_stats_start, per statement (the collection's own calls left out).
CALL db.stats.retrieve('QUERIES') YIELD data
WITH data WHERE NOT data.query CONTAINS 'db.stats.'
RETURN data.query AS query, data.invocationSummary AS summary
