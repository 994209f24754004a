// Hour buckets that started before $before, to be merged into day buckets.
MATCH (b:MetricBucket {granularity: 'hour'})
WHERE b.start < $before
RETURN b.id AS id, b.persona_id AS persona_id, b.start AS start, b.requests AS requests,
       b.successes AS successes, b.chats AS chats, b.latency_histogram AS histogram,
       b.latency_sum_ms AS latency_sum_ms, b.latency_max_ms AS latency_max_ms,
       b.satisfaction_sum AS satisfaction_sum, b.satisfaction_count AS satisfaction_count
ORDER BY b.persona_id, b.start
LIMIT $limit
