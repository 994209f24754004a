// Append $events to the outbox, in the transaction of the change they describe (so a
// rolled-back change leaves no event). The one EventSequence node numbers them: its
// increment reads the property it writes, so Cypher locks the node, and the lock is held
// until commit. Writers of events are serialised here, which is what makes sequence order
// commit order: a reader that has seen N never later finds an event below N appear.
// Taken just before the serving sequence (write/serving/bump) and after every persona
// lock, always in that order, so it cannot close a deadlock.
MERGE (s:EventSequence {id: 'events'})
ON CREATE SET s.seq = 0
SET s.seq = s.seq + size($events), s.changed_at = datetime()
WITH s.seq - size($events) AS base
UNWIND range(0, size($events) - 1) AS i
WITH base + i + 1 AS seq, $events[i] AS event
CREATE (e:Event {
  seq: seq,
  type: event.type,
  subject: event.subject,
  actor: $actor,
  request_id: $request_id,
  payload: event.payload,
  occurred_at: datetime()
})
RETURN e.seq AS seq
