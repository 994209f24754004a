// What each active persona's characteristic text is built from, and what is stored now.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
RETURN p.id AS id, p.name AS name, p.tagline AS tagline, p.specialty AS specialty,
       p.expertise AS expertise, p.system_prompt AS system_prompt,
       [(p)-[:EXPERIENCES]->(x:PainPoint) | x.text] AS pains,
       [(p)-[:PURSUES]->(g:Goal) | g.text] AS goals,
       [(p)-[:PERFORMS]->(j:JTBD) | j.statement] AS jobs,
       p.characteristic_text AS stored_text, p.characteristic_model AS stored_model
