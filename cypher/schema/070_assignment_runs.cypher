// Assignment runs (issue 28): a run writes its assignments in many transactions, so
// one AssignmentRun node per as-of date says which run owns that date (run_id), whether
// it finished (status running/complete) and when it was last heard of (heartbeat).
CREATE CONSTRAINT assignment_run_id_unique IF NOT EXISTS
FOR (n:AssignmentRun) REQUIRE n.id IS UNIQUE;
