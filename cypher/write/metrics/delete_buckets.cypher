// Hour buckets merged into their day bucket: their counts now live there.
UNWIND $ids AS id
MATCH (b:MetricBucket {id: id})
DETACH DELETE b
RETURN count(*) AS deleted
