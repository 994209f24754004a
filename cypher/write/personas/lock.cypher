// Take the persona's write lock before anything of it is read. Neo4j isolates
// transactions read-committed: a version read without the lock can be stale by the time
// the transaction writes, and every concurrent editor of one version would "win".
// Setting a property takes the node's exclusive lock until the transaction ends (Neo4j's
// documented way to avoid lost updates); removing it in the same statement leaves
// nothing behind. No row: no such persona.
MATCH (p:Persona {id: $id})
SET p._edit_lock = true
REMOVE p._edit_lock
RETURN p.id AS id
