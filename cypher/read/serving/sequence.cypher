// The serving caches' change sequence and when it last moved (0 and null before any
// change): one index seek, cheap enough to ask several times a second.
OPTIONAL MATCH (s:ServingSequence {id: 'serving'})
RETURN coalesce(s.seq, 0) AS seq, s.epoch AS epoch, s.changed_at AS changed_at
