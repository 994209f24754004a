// Every persona's kind (none: workforce), for the relational export: each kind has its own
// persona table, and links of a persona go to the link table of its kind.
MATCH (p:Persona)
WHERE p.id IS NOT NULL
RETURN p.id AS id, coalesce(p.kind, 'workforce') AS kind
