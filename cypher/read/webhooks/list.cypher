// Every webhook, newest first (secrets stay in the graph).
MATCH (w:Webhook)
RETURN w {.id, .url, .types, .enabled, .consecutive_failures, .cursor, .created_at,
          .disabled_at} AS hook
ORDER BY w.created_at DESC
