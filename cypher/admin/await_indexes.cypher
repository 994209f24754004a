// Wait until every index is online (a new index on a populated graph fills in the
// background); fails after $seconds.
CALL db.awaitIndexes($seconds)
