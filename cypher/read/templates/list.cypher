// Active templates by name, optionally of one category, specialty, tag or kind (a null
// parameter does not filter).
MATCH (t:Template)
WHERE coalesce(t.is_active, true)
  AND ($category IS NULL OR t.category = $category)
  AND ($specialty IS NULL OR t.specialty = $specialty)
  AND ($tag IS NULL OR $tag IN t.tags)
  AND ($kind IS NULL OR t.kind = $kind)
RETURN t.key AS key, t.kind AS kind, t.name AS name, t.icon AS icon,
       t.specialty AS specialty, t.category AS category, t.tags AS tags
ORDER BY name, key
