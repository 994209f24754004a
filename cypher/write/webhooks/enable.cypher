// An admin turns hook $id back on: failures in a row start again from 0. It resumes
// after the newest event ($cursor): what happened while it was off is not replayed.
MATCH (w:Webhook {id: $id})
SET w.enabled = true, w.consecutive_failures = 0, w.disabled_at = null,
    w.cursor = CASE WHEN w.enabled THEN w.cursor ELSE $cursor END
RETURN w {.id, .url, .types, .enabled, .consecutive_failures, .cursor, .created_at,
          .disabled_at} AS hook
