// The peer's statement for the comparison's Q1 (bench/peer_workload.py), as @neo4j/graphql
// 7.6.3 sent it (read from db.stats): bench/q1_statement.py times ours against it.
CYPHER 5
MATCH (this:Persona)
WHERE (this.archetype IN $param0 AND this.team_size >= $param1)
WITH *
ORDER BY this.name ASC, this.id ASC
LIMIT $param2
RETURN this { .id, .name, .title, .archetype, teamSize: this.team_size, yearsOfExperience: this.years_of_experience } AS this
