// Drop one index by name (names come from SHOW INDEXES, never from input).
DROP INDEX $name IF EXISTS
