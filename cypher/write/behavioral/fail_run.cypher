// A run that failed part way gives its as-of date up at once (a re-run need not wait for
// its lease); the date keeps the batches it wrote until the re-run rewrites them.
MATCH (run:AssignmentRun {id: $as_of})
WHERE run.run_id = $run_id
SET run.status = 'failed',
    run.failed_at = datetime(),
    run.error = $error
RETURN count(run) AS released
