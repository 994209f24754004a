// A template as a persona made from it needs it: all its properties (none: no such key).
MATCH (t:Template {key: $key})
RETURN properties(t) AS props
