// The $top personas who reach each active opportunity most (the summed weight of their
// links to it: severity/5 × strength per pain point it addresses, importance/10 per JTBD
// it supports), most first, ties by persona id; only active personas. One row per
// opportunity some persona reaches. Each opportunity's personas are summed on their own,
// so no persona × opportunity table is ever held, and only the top rows leave the server.
// Persona ids are read only for the personas at or above the $top-th largest weight (the
// ones that can still be in the top once ties are broken), not for every persona.
MATCH (o:Opportunity)
WHERE coalesce(o.is_active, true)
CALL (o) {
  CALL (o) {
    MATCH (o)-[a:ADDRESSES]->(:PainPoint)<-[e:EXPERIENCES]-(p)
    RETURN p, e.severity / 5.0 * a.strength AS weight
    UNION ALL
    MATCH (o)-[:SUPPORTS]->(:JTBD)<-[j:PERFORMS]-(p)
    RETURN p, j.importance / 10.0 AS weight
  }
  WITH p, sum(weight) AS weight
  WHERE coalesce(p.is_active, true)
  WITH collect([p, weight]) AS pairs
  CALL (pairs) {
    UNWIND pairs AS pair
    WITH pair[1] AS weight
    ORDER BY weight DESC
    LIMIT $top
    RETURN round(min(weight), 12) AS cutoff
  }
  UNWIND pairs AS pair
  WITH pair[0] AS p, pair[1] AS weight
  WHERE round(weight, 12) >= cutoff
  WITH p.id AS persona, weight
  ORDER BY round(weight, 12) DESC, persona
  LIMIT $top
  RETURN collect({key: persona, weight: weight}) AS personas
}
RETURN o.key AS key, personas
ORDER BY key
