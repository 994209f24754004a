// Claims an as-of date for one assignment run. Another run holds it while its status is
// running and it was heard of within the lease; then nothing changes and `busy` says so.
// A run that stopped without finishing (its status stays running) is taken over once
// its lease has passed: the new run rewrites every assignment of the date.
MERGE (run:AssignmentRun {id: $as_of})
ON CREATE SET run.as_of = date($as_of)
WITH run,
     run.status = 'running'
     AND run.heartbeat > datetime() - duration({seconds: $lease_seconds}) AS busy
FOREACH (_ IN CASE WHEN busy THEN [] ELSE [1] END |
  SET run.run_id = $run_id,
      run.status = 'running',
      run.windows = $windows,
      run.started_at = datetime(),
      run.heartbeat = datetime(),
      run.finished_at = null
)
RETURN coalesce(busy, false) AS busy,
       toString(run.started_at) AS started_at,
       toString(run.heartbeat) AS heartbeat
