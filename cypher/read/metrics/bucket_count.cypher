// How many metric buckets the graph holds, per granularity (bench and `metrics status`).
MATCH (b:MetricBucket)
RETURN b.granularity AS granularity, count(*) AS buckets
ORDER BY granularity
