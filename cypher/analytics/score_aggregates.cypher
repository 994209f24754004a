// What a scoring run needs of every active opportunity, summed inside the database: the
// weight of every active persona's links to it (severity/5 × strength per pain point it
// addresses, importance/10 per JTBD it supports), split by archetype and by function,
// the top pain points, JTBDs and functions by that weight, and the sums impact is made
// of (Σ severity·strength, Σ strength and the number of persona-pain links; Σ ODI score
// and the number of ratings of the supported JTBDs' outcomes). One row per opportunity
// that some persona reaches, so what leaves the server grows with opportunities × $top.
// $function and/or $archetype restrict the personas to a segment (null: everyone).
//
// How it stays cheap: each persona's relationships are read in one pass (a persona has
// too few of them for Neo4j to group them by type, so every typed expansion would read
// them all again); link weights are summed per pain point or JTBD, role and archetype
// before anything else, each role's function is looked up once, and only then do the
// sums meet the opportunities: every link is read once, not once per opportunity.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
CALL (p) {
  MATCH (p)-[r:IS_A|HAS_ROLE|EXPERIENCES|PERFORMS|RATES]->(x)
  RETURN collect([type(r), x, r]) AS links
}
// [type, other node, relationship] per link; properties are read only where needed.
WITH [l IN links WHERE l[0] = 'IS_A'] AS isa,
     [l IN links WHERE l[0] = 'HAS_ROLE' | l[1]] AS roles,
     [l IN links WHERE l[0] = 'EXPERIENCES' | [l[1], l[2].severity]] AS pains,
     [l IN links WHERE l[0] = 'PERFORMS' | [l[1], l[2].importance]] AS jobs,
     [l IN links WHERE l[0] = 'RATES'] AS rates
WITH roles, pains, jobs, rates,
     // An override wins, then the inferred archetype, then the declared one.
     reduce(best = null, link IN [l IN isa |
              [[coalesce(l[2].overridden, false), coalesce(l[2].inferred, false),
                coalesce(l[2].declared, false)], l[1].name]] |
            CASE WHEN best IS NULL OR link[0] > best[0] THEN link ELSE best END)[1] AS archetype
WHERE $archetype IS NULL OR archetype = $archetype
CALL (jobs, rates) {
  // A rating counts for each JTBD the persona performs that has the rated outcome.
  UNWIND jobs AS job
  WITH job[0] AS job, rates
  MATCH (job)-[:HAS_OUTCOME]->(outcome)
  WITH job, [rate IN rates WHERE rate[1] = outcome | rate[2]] AS rated
  UNWIND rated AS r
  WITH job, r.importance AS importance, r.satisfaction AS satisfaction
  RETURN collect([job, importance + CASE WHEN importance > satisfaction
                                         THEN importance - satisfaction ELSE 0 END]) AS odi
}
// A persona has at most one role (the ontology's HAS_ROLE); entries are
// [item, severity or importance, links, ODI score, ratings].
WITH roles[0] AS role, archetype,
     [pain IN pains | [pain[0], pain[1], 1, 0, 0]]
     + [job IN jobs | [job[0], job[1], 1, 0, 0]]
     + [entry IN odi | [entry[0], 0, 0, entry[1], 1]] AS entries
UNWIND entries AS entry
WITH entry[0] AS item, role, archetype, sum(entry[1]) AS value, sum(entry[2]) AS links,
     sum(entry[3]) AS odi, sum(entry[4]) AS ratings
WITH role, collect([item, archetype, value, links, odi, ratings]) AS entries
CALL (role) {
  OPTIONAL MATCH (role)-[:IN_FUNCTION]->(f:Function)
  RETURN coalesce(min(f.key), '(none)') AS function
}
WITH function, entries
WHERE $function IS NULL OR function = $function
UNWIND entries AS e
WITH e[0] AS item, function, e[1] AS archetype, sum(e[2]) AS value, sum(e[3]) AS links, sum(e[4]) AS odi, sum(e[5]) AS ratings
WITH item, collect({function: function, archetype: archetype, value: value, links: links,
                    odi: odi, ratings: ratings}) AS groups
MATCH (o:Opportunity)-[link:ADDRESSES|SUPPORTS]->(item)
WHERE coalesce(o.is_active, true)
WITH o, item, groups, CASE WHEN type(link) = 'ADDRESSES' THEN link.strength END AS strength
UNWIND groups AS g
WITH o, item.key AS item, strength IS NOT NULL AS pain, g.function AS function,
     g.archetype AS archetype,
     CASE WHEN strength IS NULL THEN g.value / 10.0 ELSE g.value / 5.0 * strength END AS weight,
     CASE WHEN strength IS NULL THEN 0.0 ELSE g.value * strength END AS severity_strength,
     CASE WHEN strength IS NULL THEN 0.0 ELSE g.links * strength END AS strength,
     CASE WHEN strength IS NULL THEN 0 ELSE g.links END AS pain_links,
     g.odi AS odi, g.ratings AS ratings
WITH o, collect({item: item, pain: pain, function: function, archetype: archetype,
                 weight: weight}) AS rows,
     sum(weight) AS weight, sum(severity_strength) AS severity_strength,
     sum(strength) AS strength, sum(pain_links) AS pain_links, sum(odi) AS odi,
     sum(ratings) AS ratings
CALL (rows) {
  UNWIND rows AS row
  WITH row.archetype AS key, sum(row.weight) AS weight
  RETURN collect({key: key, weight: weight}) AS archetypes
}
CALL (rows) {
  UNWIND rows AS row
  WITH row.function AS key, sum(row.weight) AS weight
  ORDER BY round(weight, 12) DESC, key
  LIMIT $top
  RETURN collect({key: key, weight: weight}) AS functions
}
CALL (rows) {
  UNWIND rows AS row
  WITH row.item AS key, row.pain AS pain, sum(row.weight) AS weight
  ORDER BY round(weight, 12) DESC, key
  WITH collect({key: key, weight: weight, pain: pain}) AS items
  RETURN [i IN items WHERE i.pain | {key: i.key, weight: i.weight}][..$top] AS pain_points,
         [i IN items WHERE NOT i.pain | {key: i.key, weight: i.weight}][..$top] AS jtbds
}
RETURN o.key AS key, weight, severity_strength, strength, pain_links, odi, ratings,
       archetypes, functions, pain_points, jtbds
ORDER BY key
