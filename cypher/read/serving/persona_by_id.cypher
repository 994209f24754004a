// A persona's own properties, as the serving cache keeps them (inactive ones included,
// as persona(id:) answers them); no row when there is no such persona.
MATCH (p:Persona {id: $id})
RETURN properties(p) AS props
