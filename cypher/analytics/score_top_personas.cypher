// The $top personas who reach each active opportunity most (the summed weight of their
// links to it: severity/5 × strength per pain point it addresses, importance/10 per JTBD
// it supports), most first, ties by persona id; only active personas. One row per
// opportunity some persona reaches. Each opportunity's personas are summed on their own,
// so no persona × opportunity table is ever held, and only the top rows leave the server.
MATCH (o:Opportunity)
WHERE coalesce(o.is_active, true)
CALL (o) {
  CALL (o) {
    MATCH (o)-[a:ADDRESSES]->(:PainPoint)<-[e:EXPERIENCES]-(p:Persona)
    RETURN p, e.severity / 5.0 * a.strength AS weight
    UNION ALL
    MATCH (o)-[:SUPPORTS]->(:JTBD)<-[j:PERFORMS]-(p:Persona)
    RETURN p, j.importance / 10.0 AS weight
  }
  WITH p, sum(weight) AS weight
  WHERE coalesce(p.is_active, true)
  WITH p.id AS persona, weight
  ORDER BY round(weight, 12) DESC, persona
  LIMIT $top
  RETURN collect({key: persona, weight: weight}) AS personas
}
RETURN o.key AS key, personas
ORDER BY key
