// The latest finished analysis run of a kind (none when it never ran).
MATCH (run:AnalysisRun {kind: $kind})
WHERE run.finished_at IS NOT NULL
RETURN run.id AS id, run.parameters AS parameters, run.gds_version AS gds_version,
       toString(run.started_at) AS started_at, toString(run.finished_at) AS finished_at
ORDER BY run.finished_at DESC, run.id
LIMIT 1
