// Personas, pain points, JTBDs, opportunities and functions whose name or text contains
// $text (lower case), names that start with it first. A scan per label: the catalog's
// labels hold thousands of nodes at most, and CONTAINS needs no index to be correct.
CALL () {
  MATCH (n:Persona)
  WHERE coalesce(n.is_active, true)
    AND (toLower(n.name) CONTAINS $text OR toLower(coalesce(n.title, '')) CONTAINS $text
         OR toLower(n.id) CONTAINS $text)
  RETURN 'Persona' AS label, n.id AS key, coalesce(n.name, n.id) AS caption, n.title AS detail
  UNION ALL
  MATCH (n:PainPoint)
  WHERE coalesce(n.is_active, true) AND toLower(coalesce(n.text, n.key)) CONTAINS $text
  RETURN 'PainPoint' AS label, n.key AS key, coalesce(n.text, n.key) AS caption,
         n.category AS detail
  UNION ALL
  MATCH (n:JTBD)
  WHERE coalesce(n.is_active, true) AND toLower(coalesce(n.statement, n.key)) CONTAINS $text
  RETURN 'JTBD' AS label, n.key AS key, coalesce(n.statement, n.key) AS caption,
         n.category AS detail
  UNION ALL
  MATCH (n:Opportunity)
  WHERE coalesce(n.is_active, true)
    AND (toLower(coalesce(n.name, n.key)) CONTAINS $text
         OR toLower(coalesce(n.description, '')) CONTAINS $text)
  RETURN 'Opportunity' AS label, n.key AS key, coalesce(n.name, n.key) AS caption,
         n.status AS detail
  UNION ALL
  MATCH (n:Function)
  WHERE coalesce(n.is_active, true) AND toLower(coalesce(n.name, n.key)) CONTAINS $text
  RETURN 'Function' AS label, n.key AS key, coalesce(n.name, n.key) AS caption,
         null AS detail
}
WITH label, key, caption, detail
WHERE $labels IS NULL OR label IN $labels
RETURN label, key, caption, detail
ORDER BY CASE WHEN toLower(caption) STARTS WITH $text THEN 0 ELSE 1 END, size(caption),
         caption, label, key
LIMIT $limit
