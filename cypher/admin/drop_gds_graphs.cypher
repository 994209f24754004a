// Drop every in-memory GDS projection of this database.
CALL gds.graph.list() YIELD graphName, database
WHERE database = $database
CALL gds.graph.drop(graphName, false) YIELD graphName AS dropped
RETURN count(dropped) AS dropped
