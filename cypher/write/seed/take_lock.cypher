// The first statement of every seed load: a write lock on one node, so that two
// loads run one after the other instead of both acting on the same stale hashes.
// Setting and removing a property takes the lock and leaves the node unchanged.
MERGE (lock:SeedLoad {id: 'seed-catalog'})
SET lock.held = true
REMOVE lock.held
