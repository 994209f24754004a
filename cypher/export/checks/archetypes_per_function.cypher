// Spot check of the relational export: personas per function, declared and inferred archetype.
MATCH (function:Function)<-[:IN_FUNCTION]-(:Role)<-[:HAS_ROLE]-(persona:Persona)
RETURN function.key AS function, persona.archetype AS declared,
       persona.inferred_archetype AS inferred, count(*) AS personas
