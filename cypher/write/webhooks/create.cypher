// A webhook for events of $types (null: every type) after $cursor (the outbox's newest
// event when it was made: it receives what happens from now on).
CREATE (w:Webhook {
  id: $id, url: $url, types: $types, secret: $secret, enabled: true,
  consecutive_failures: 0, cursor: $cursor, created_at: datetime(), created_by: $actor
})
RETURN w {.id, .url, .types, .enabled, .consecutive_failures, .cursor, .created_at,
          .disabled_at} AS hook
