// Move the usage fields of each persona a load measured: chats started, the last time a
// request reached it, and the latest number of datasets reported (a report older than
// the persona's last use before this load does not replace a newer one).
UNWIND $rows AS row
MATCH (p:Persona {id: row.id})
WITH p, row, p.last_used_at AS last_used
SET p.chat_count = coalesce(p.chat_count, 0) + row.chats,
    p.last_used_at = CASE WHEN last_used IS NULL OR last_used < row.last_at
                          THEN row.last_at ELSE last_used END,
    p.dataset_count = CASE WHEN row.dataset_count IS NOT NULL
                            AND (last_used IS NULL OR row.dataset_at >= last_used)
                           THEN row.dataset_count ELSE p.dataset_count END
RETURN count(p) AS moved
