// The latest $limit delivery attempts of hook $id, newest first.
MATCH (d:WebhookDelivery {webhook_id: $id})
RETURN d {.id, .event_seq, .event_type, .attempt, .status, .response_code, .error,
          .duration_ms, .attempted_at} AS delivery
ORDER BY d.attempted_at DESC, d.attempt DESC
LIMIT $limit
