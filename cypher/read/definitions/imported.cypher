// Active personas an earlier import made: those a file no longer holds are retired.
MATCH (p:Persona {origin: 'import', is_active: true})
RETURN p.id AS id
ORDER BY id
