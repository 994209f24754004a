// Recorded changes of a persona by "<persona id>@<version>" key, newest first; a version
// without a record gives no row (the caller tells the gap).
UNWIND $ids AS id
MATCH (v:PersonaVersion {id: id})
RETURN v.version AS version, v.action AS action, v.actor AS actor,
       v.changed_at AS changed_at, v.changed AS changed, v.replaced AS replaced
ORDER BY version DESC
