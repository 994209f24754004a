// A run replaces the assignments of its as-of date and windows: those of subject-windows
// the new run did not assign (gone from the feature files) are deleted.
MATCH (a:Assignment)
WHERE a.as_of = date($as_of) AND a.window_days IN $windows AND NOT a.id IN $keep
DETACH DELETE a
RETURN count(*) AS deleted
