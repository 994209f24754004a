// Move hook $id's cursor to $seq (events it does not take were passed over) and end
// $owner's lease.
MATCH (w:Webhook {id: $id})
WHERE w.lease_owner = $owner
SET w.cursor = CASE WHEN $seq > w.cursor THEN $seq ELSE w.cursor END,
    w.lease_until = null, w.lease_owner = null
RETURN w.cursor AS cursor
