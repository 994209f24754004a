// Add a load's bucket deltas to the persona's MetricBucket nodes (created on first use).
// Every update reads the property it writes, so Cypher locks the bucket before reading:
// two loads adding to one bucket both count. Histograms add bin by bin.
UNWIND $rows AS row
MATCH (p:Persona {id: row.persona_id})
MERGE (b:MetricBucket {id: row.id})
ON CREATE SET b.persona_id = row.persona_id, b.granularity = row.granularity,
              b.start = row.start, b.requests = 0, b.successes = 0, b.chats = 0,
              b.latency_histogram = [], b.latency_sum_ms = 0.0, b.latency_max_ms = 0.0,
              b.satisfaction_sum = 0.0, b.satisfaction_count = 0
MERGE (b)-[:MEASURES]->(p)
SET b.requests = b.requests + row.requests,
    b.successes = b.successes + row.successes,
    b.chats = b.chats + row.chats,
    b.latency_histogram = [i IN range(0, CASE WHEN size(b.latency_histogram) > size(row.histogram)
                                            THEN size(b.latency_histogram)
                                            ELSE size(row.histogram) END - 1) |
                           coalesce(b.latency_histogram[i], 0) + coalesce(row.histogram[i], 0)],
    b.latency_sum_ms = b.latency_sum_ms + row.latency_sum_ms,
    b.latency_max_ms = CASE WHEN b.latency_max_ms > row.latency_max_ms
                            THEN b.latency_max_ms ELSE row.latency_max_ms END,
    b.satisfaction_sum = b.satisfaction_sum + row.satisfaction_sum,
    b.satisfaction_count = b.satisfaction_count + row.satisfaction_count
RETURN count(b) AS merged
