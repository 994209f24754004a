// Take the write lock of every existing persona an import names (ids in sorted order, so
// two imports lock in one order and cannot deadlock each other), as write/personas/lock
// does for one. Returns the ids that exist.
UNWIND $ids AS id
MATCH (p:Persona {id: id})
SET p._edit_lock = true
REMOVE p._edit_lock
RETURN p.id AS id
