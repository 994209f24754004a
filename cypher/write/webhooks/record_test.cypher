// The attempt of testWebhook at hook $id (event_seq 0: no event of the outbox).
MATCH (w:Webhook {id: $id})
CREATE (d:WebhookDelivery {
  id: $delivery.id, webhook_id: $id, event_seq: 0, event_type: 'webhook.test', attempt: $delivery.attempt,
  status: $delivery.status, response_code: $delivery.response_code,
  error: $delivery.error, duration_ms: $delivery.duration_ms,
  attempted_at: datetime($delivery.attempted_at)
})
RETURN d.id AS id
