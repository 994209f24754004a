// Names of every constraint in the database.
SHOW CONSTRAINTS YIELD name
RETURN name
ORDER BY name
