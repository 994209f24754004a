// Replace the stored pain clusters with a run's: the previous clusters go, the new ones
// group their pain points. Only the latest clustering is kept (the AnalysisRun nodes stay
// as the history of when and how it ran).
MATCH (run:AnalysisRun {id: $run_id})
CALL (run) {
  MATCH (old:PainCluster)
  WHERE old.run <> run.id
  DETACH DELETE old
}
WITH run
UNWIND $clusters AS cluster
MERGE (c:PainCluster {id: cluster.id})
SET c.run = run.id, c.rank = cluster.rank, c.name = cluster.name,
    c.functions = cluster.functions, c.function_count = size(cluster.functions),
    c.persona_count = cluster.persona_count, c.mean_severity = cluster.mean_severity,
    c.opportunities = cluster.opportunities, c.unaddressed = cluster.unaddressed,
    c.white_space = size(cluster.opportunities) = 0
MERGE (run)-[:FOUND]->(c)
WITH c, cluster
UNWIND cluster.pain_points AS key
MATCH (pain:PainPoint {key: key})
MERGE (c)-[:GROUPS]->(pain)
RETURN count(*) AS written
