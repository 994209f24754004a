// Personas as their history sees them, by id (missing ids give no row): own properties
// as [name, value] pairs without those in $skip (timestamps: the driver spends longer
// building 10,000 date-times than reading 10,000 prompts), and the role.
UNWIND $ids AS id
MATCH (p:Persona {id: id})
RETURN id, [name IN keys(p) WHERE NOT name IN $skip | [name, p[name]]] AS props,
       head(COLLECT { MATCH (p)-[:HAS_ROLE]->(r:Role) RETURN r.key }) AS role
