// Remove up to $batch events older than $max_age_days days (the outbox is not a history:
// the audit log and persona versions are). The sequence node keeps counting.
MATCH (e:Event)
WHERE e.occurred_at < datetime() - duration({days: $max_age_days})
WITH e LIMIT $batch
DELETE e
RETURN count(*) AS pruned
