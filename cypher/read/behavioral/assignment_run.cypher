// The run that last claimed an as-of date: running, complete or failed.
MATCH (run:AssignmentRun {id: $as_of})
RETURN run.run_id AS run_id,
       run.status AS status,
       run.assignments AS assignments,
       run.error AS error
