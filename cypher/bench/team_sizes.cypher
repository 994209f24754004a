// Every persona's team size, in order (to pick thresholds that a given share passes).
MATCH (p:Persona) WHERE p.team_size IS NOT NULL
RETURN p.team_size AS t
ORDER BY t
