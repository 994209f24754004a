// The attempts at delivering event $seq to hook $id, and where the hook now stands: its
// cursor moves past $seq; a failed delivery counts toward disabling it ($disable_after in
// a row), a successful one resets the count; the lease runs $lease seconds more. Only
// while $owner holds the lease.
MATCH (w:Webhook {id: $id})
WHERE w.lease_owner = $owner
UNWIND $attempts AS attempt
CREATE (:WebhookDelivery {
  id: attempt.id, webhook_id: $id, event_seq: $seq, event_type: $type,
  attempt: attempt.attempt, status: attempt.status, response_code: attempt.response_code,
  error: attempt.error, duration_ms: attempt.duration_ms,
  attempted_at: datetime(attempt.attempted_at)
})
WITH w, count(*) AS written
SET w.cursor = CASE WHEN $seq > w.cursor THEN $seq ELSE w.cursor END,
    w.lease_until = datetime() + duration({seconds: $lease}),
    w.consecutive_failures = CASE WHEN $delivered THEN 0 ELSE w.consecutive_failures + 1 END
SET w.enabled = w.consecutive_failures < $disable_after,
    w.disabled_at = CASE WHEN w.consecutive_failures < $disable_after THEN w.disabled_at
                         ELSE datetime() END
RETURN w.enabled AS enabled, w.consecutive_failures AS consecutive_failures
