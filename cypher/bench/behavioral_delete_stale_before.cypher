// bench/assign.py's "before" write: stale assignments found against the list of every kept id.
MATCH (a:Assignment)
WHERE a.as_of = date($as_of) AND a.window_days IN $windows AND NOT a.id IN $keep
DETACH DELETE a
RETURN count(*) AS deleted
