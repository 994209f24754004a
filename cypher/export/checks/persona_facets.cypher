// Spot check of the relational export: per persona, its goals, skills and outcome ratings.
MATCH (persona:Persona)
RETURN persona.id AS persona,
       COUNT { (persona)-[:PURSUES]->(:Goal) } AS goals,
       COUNT { (persona)-[:HAS_SKILL]->(:Skill) } AS skills,
       COUNT { (persona)-[:RATES]->(:Outcome) } AS ratings
