// The run wrote every batch and deleted what it replaced: the as-of date is complete.
MATCH (run:AssignmentRun {id: $as_of})
WHERE run.run_id = $run_id
SET run.status = 'complete',
    run.finished_at = datetime(),
    run.heartbeat = datetime(),
    run.assignments = $written
RETURN count(run) AS finished
