// An analysis run (pain clusters, similar personas): its kind, parameters and GDS version.
// finished_at is set when its results are all written (analytics/finish_analysis_run).
MERGE (run:AnalysisRun {id: $id})
SET run.kind = $kind, run.started_at = datetime($started_at), run.parameters = $parameters,
    run.gds_version = $gds_version
RETURN run.id AS id
