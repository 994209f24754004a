// Mark an analysis run complete: readers take the latest finished run of a kind.
MATCH (run:AnalysisRun {id: $id})
SET run.finished_at = datetime($finished_at)
RETURN run.id AS id
