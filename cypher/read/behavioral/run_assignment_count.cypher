// How many assignments of an as-of date one run wrote: what a writer that gets no
// counters back (the Neo4j Connector for Apache Spark) checks its write against.
MATCH (a:Assignment)
WHERE a.as_of = date($as_of) AND a.run_id = $run_id
RETURN count(a) AS written
