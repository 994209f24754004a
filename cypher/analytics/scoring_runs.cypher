// The most recent scoring runs, newest first, with their parameters.
MATCH (run:ScoringRun)
RETURN run.id AS id, toString(run.started_at) AS started_at,
       toString(run.finished_at) AS finished_at, run.parameters AS parameters,
       run.gds_version AS gds_version
ORDER BY run.started_at DESC, id
LIMIT $limit
