// The function_attributes JSON of the workforce personas of one function, in persona id
// order, spread into the function's extension table by the relational export.
MATCH (:Function {key: $function})<-[:IN_FUNCTION]-(:Role)<-[:HAS_ROLE]-(persona:Persona)
WHERE persona.id IS NOT NULL AND coalesce(persona.kind, 'workforce') = 'workforce'
WITH DISTINCT persona
ORDER BY persona.id
RETURN [persona.id, persona.function_attributes] AS row
