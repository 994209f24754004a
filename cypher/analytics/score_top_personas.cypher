// The personas who reach each active opportunity most: the $window largest summed link
// weights (severity/5 × strength per pain point it addresses, importance/10 per JTBD it
// supports), with each persona's id and whether it is active. One row per opportunity
// some persona reaches ($keys: only those opportunities; null: all).
//
// Each opportunity's personas are summed on their own, so no persona × opportunity table
// is ever held; persona properties (slow to reach on a persona with many properties) are
// read for the window only. The caller keeps the active ones, breaks ties by id, and asks
// again with a wider window for an opportunity whose ties run past its window.
MATCH (o:Opportunity)
WHERE coalesce(o.is_active, true) AND ($keys IS NULL OR o.key IN $keys)
CALL (o) {
  CALL (o) {
    MATCH (o)-[a:ADDRESSES]->(:PainPoint)<-[e:EXPERIENCES]-(p)
    RETURN p, e.severity / 5.0 * a.strength AS weight
    UNION ALL
    MATCH (o)-[:SUPPORTS]->(:JTBD)<-[j:PERFORMS]-(p)
    RETURN p, j.importance / 10.0 AS weight
  }
  WITH p, sum(weight) AS weight
  ORDER BY weight DESC
  LIMIT $window
  RETURN collect({key: p.id, weight: weight, active: coalesce(p.is_active, true)}) AS personas
}
RETURN o.key AS key, personas
ORDER BY key
