// What a scoring run needs of every active opportunity, summed inside the database: the
// weight of every active persona's links to it (severity/5 × strength per pain point it
// addresses, importance/10 per JTBD it supports), split by archetype and by function,
// the top pain points, JTBDs and functions by that weight, and the sums impact is made
// of (Σ severity·strength, Σ strength and the number of persona-pain links; Σ ODI score
// and the number of ratings of the supported JTBDs' outcomes). One row per opportunity
// that some persona reaches, so what leaves the server grows with opportunities × $top.
// $function and/or $archetype restrict the personas to a segment (null: everyone).
//
// Each persona's relationships are read in one pass (a persona has too few of them for
// Neo4j to group them by type, so every typed expansion would read them all again), and
// the link weights are summed per pain point or JTBD, function and archetype before
// meeting the opportunities: each link is read once, not once per opportunity.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
CALL (p) {
  MATCH (p)-[r:IS_A|HAS_ROLE|EXPERIENCES|PERFORMS|RATES]->(x)
  RETURN
    // An override wins, then the inferred archetype, then the declared one.
    reduce(best = null, a IN collect(
             CASE WHEN type(r) = 'IS_A' AND x:Archetype
                  THEN {name: x.name,
                        rank: CASE WHEN coalesce(r.overridden, false) THEN 4 ELSE 0 END
                              + CASE WHEN coalesce(r.inferred, false) THEN 2 ELSE 0 END
                              + CASE WHEN coalesce(r.declared, false) THEN 1 ELSE 0 END}
             END) |
           CASE WHEN best IS NULL OR a.rank > best.rank THEN a ELSE best END).name AS archetype,
    collect(CASE WHEN type(r) = 'HAS_ROLE' AND x:Role THEN x END) AS roles,
    collect(CASE WHEN type(r) = 'EXPERIENCES' AND x:PainPoint THEN [x, r.severity] END) AS pains,
    collect(CASE WHEN type(r) = 'PERFORMS' AND x:JTBD THEN [x, r.importance] END) AS jobs,
    collect(CASE WHEN type(r) = 'RATES' AND x:Outcome
                 THEN [x, r.importance + CASE WHEN r.importance > r.satisfaction
                                             THEN r.importance - r.satisfaction ELSE 0 END]
            END) AS ratings
}
WITH p, archetype, roles, pains, jobs, ratings
WHERE $archetype IS NULL OR archetype = $archetype
CALL (roles) {
  UNWIND roles AS role
  MATCH (role)-[:IN_FUNCTION]->(f:Function)
  RETURN collect(f.key) AS functions
}
WITH archetype, functions, pains, jobs, ratings,
     coalesce(reduce(least = null, f IN functions |
                     CASE WHEN least IS NULL OR f < least THEN f ELSE least END), '(none)')
       AS function
WHERE $function IS NULL OR $function IN functions
CALL (jobs, ratings) {
  // A rating counts for each JTBD the persona performs that has the rated outcome.
  UNWIND ratings AS rating
  WITH rating[0] AS outcome, rating[1] AS score, [job IN jobs | job[0]] AS performed
  MATCH (job:JTBD)-[:HAS_OUTCOME]->(outcome)
  WHERE job IN performed
  RETURN collect([job, score]) AS odi
}
WITH archetype, function,
     [pain IN pains | [pain[0], pain[1], 1, 0, 0]]
     + [job IN jobs | [job[0], job[1], 1, 0, 0]]
     + [entry IN odi | [entry[0], 0, 0, entry[1], 1]] AS entries
UNWIND entries AS entry
WITH entry[0] AS item, function, archetype, sum(entry[1]) AS value, sum(entry[2]) AS links,
     sum(entry[3]) AS odi, sum(entry[4]) AS ratings
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
