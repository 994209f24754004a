// One more change the serving caches must see: every transaction that changes a persona's
// or a template's properties runs this last, so each worker's cache, which compares the
// number with the one it last saw, drops what it holds at its next check. Taken last, the
// lock on this one node never waits on a persona lock, so it cannot close a deadlock.
// The increment reads the property it writes, so Cypher locks the node before reading.
// The epoch tells a sequence apart from one that restarted (a wiped database counts from
// 0 again; without it, a cache that saw 3 before the wipe would take a new 3 for its own).
MERGE (s:ServingSequence {id: 'serving'})
ON CREATE SET s.seq = 0, s.epoch = randomUUID()
SET s.seq = s.seq + 1, s.changed_at = datetime()
RETURN s.seq AS seq
