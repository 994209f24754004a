// Claim the enabled webhooks behind the outbox's newest event $last whose lease has run
// out, for $owner, for $lease seconds: one worker delivers a hook's events at a time, in
// order. The first SET takes each hook's write lock before its lease is read, so two
// workers claiming at once cannot both see it free (the second reads the first's lease).
MATCH (w:Webhook)
WHERE w.enabled AND w.cursor < $last
SET w.claims = coalesce(w.claims, 0) + 1
WITH w
WHERE w.lease_until IS NULL OR w.lease_until < datetime()
SET w.lease_until = datetime() + duration({seconds: $lease}), w.lease_owner = $owner
RETURN w {.id, .url, .types, .secret, .cursor, .consecutive_failures} AS hook
