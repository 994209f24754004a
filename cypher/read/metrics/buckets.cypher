// A persona's buckets starting in [$from, $to), oldest first (the composite index on
// persona_id and start serves the range).
MATCH (b:MetricBucket)
WHERE b.persona_id = $id AND b.start >= $from AND b.start < $to
RETURN b.granularity AS granularity, b.start AS start, b.requests AS requests,
       b.successes AS successes, b.chats AS chats, b.latency_histogram AS histogram,
       b.latency_sum_ms AS latency_sum_ms, b.latency_max_ms AS latency_max_ms,
       b.satisfaction_sum AS satisfaction_sum, b.satisfaction_count AS satisfaction_count
ORDER BY start
