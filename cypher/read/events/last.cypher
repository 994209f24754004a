// The sequence number of the newest event (0: none yet).
OPTIONAL MATCH (s:EventSequence {id: 'events'})
RETURN coalesce(s.seq, 0) AS seq
