// Spot check of the relational export: per opportunity, how many personas experience a pain
// point it addresses, and the summed severity of those pains.
MATCH (opportunity:Opportunity)-[:ADDRESSES]->(:PainPoint)<-[pain:EXPERIENCES]-(persona:Persona)
RETURN opportunity.key AS opportunity, count(DISTINCT persona.id) AS personas,
       sum(pain.severity) AS severity
