// Every business function's key, to check a function named in a filter.
MATCH (f:Function)
RETURN f.key AS key
ORDER BY key
