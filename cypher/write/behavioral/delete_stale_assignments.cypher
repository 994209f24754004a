// After every batch is written: the assignments of the run's as-of date and windows that
// this run did not write (subject-windows gone from the feature files) are deleted,
// $limit at a time, one transaction each, while the run still holds the date.
MATCH (run:AssignmentRun {id: $as_of})
WHERE run.run_id = $run_id
SET run.heartbeat = datetime()
WITH run
MATCH (a:Assignment)
WHERE a.as_of = run.as_of AND a.window_days IN $windows
  AND (a.run_id IS NULL OR a.run_id <> $run_id)
WITH a LIMIT $limit
DETACH DELETE a
RETURN count(*) AS deleted
