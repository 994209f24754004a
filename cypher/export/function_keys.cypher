// Every business function's key, to check an export's --function.
MATCH (function:Function)
RETURN function.key AS key
ORDER BY key
