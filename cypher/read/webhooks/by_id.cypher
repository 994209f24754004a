// One webhook, with its secret (for testWebhook's signature).
MATCH (w:Webhook {id: $id})
RETURN w {.id, .url, .types, .secret, .enabled, .consecutive_failures, .cursor, .created_at,
          .disabled_at} AS hook
