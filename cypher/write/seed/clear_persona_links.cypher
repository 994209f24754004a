// Remove the links a changed Persona owns, before its new links are written.
UNWIND $keys AS key
MATCH (source:Persona {id: key})-[link:HAS_ROLE|IS_A|EXPERIENCES|PURSUES|FACES|MOTIVATED_BY|FRUSTRATED_BY|RESPONSIBLE_FOR|HAS_SKILL|WORKS_WITH|SPENDS_TIME|PREFERS|PERFORMS|RATES]->()
// An archetype a person chose by override outlives a reseed.
WITH link WHERE NOT (type(link) = 'IS_A' AND link.overridden = true)
DELETE link
