// Drop one constraint by name (names come from SHOW CONSTRAINTS, never from input).
DROP CONSTRAINT $name IF EXISTS
