// Events numbered above $after, oldest first, at most $limit.
MATCH (e:Event)
WHERE e.seq > $after
RETURN e.seq AS seq, e.type AS type, e.subject AS subject, e.actor AS actor,
       e.request_id AS request_id, e.payload AS payload, e.occurred_at AS occurred_at
ORDER BY e.seq
LIMIT $limit
