// An opportunity, its scores in the latest run that scored it, and every persona it
// reaches: through a pain point it addresses (severity, strength) or a job it supports
// (importance), with the persona's effective archetype and function. Segment filtering
// and weights are applied by the caller, from the run's parameters.
MATCH (o:Opportunity {key: $key})
OPTIONAL MATCH (run:ScoringRun {id: o.score_run})-[scored:SCORED]->(o)
CALL (o) {
  CALL (o) {
    MATCH (p:Persona)-[e:EXPERIENCES]->(pain:PainPoint)<-[a:ADDRESSES]-(o)
    WHERE coalesce(p.is_active, true) AND coalesce(pain.is_active, true)
    RETURN p, 'pain' AS kind, pain.key AS item, e.severity AS severity, a.strength AS strength,
           null AS importance
    UNION ALL
    MATCH (p:Persona)-[j:PERFORMS]->(job:JTBD)<-[:SUPPORTS]-(o)
    WHERE coalesce(p.is_active, true) AND coalesce(job.is_active, true)
    RETURN p, 'job' AS kind, job.key AS item, null AS severity, null AS strength,
           j.importance AS importance
  }
  CALL (p) {
    // An override wins, then the inferred archetype, then the declared one.
    OPTIONAL MATCH (p)-[link:IS_A]->(archetype:Archetype)
    RETURN archetype.name AS archetype
    ORDER BY coalesce(link.overridden, false) DESC, coalesce(link.inferred, false) DESC,
             coalesce(link.declared, false) DESC
    LIMIT 1
  }
  CALL (p) {
    OPTIONAL MATCH (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(f:Function)
    WITH f ORDER BY f.key LIMIT 1
    RETURN f.key AS function, f.name AS function_name
  }
  WITH p, kind, item, severity, strength, importance, archetype, function, function_name
  ORDER BY p.id, kind, item
  RETURN collect({
    persona: p.id, persona_name: p.name, archetype: archetype, function: function,
    function_name: function_name, kind: kind, item: item, severity: severity,
    strength: strength, importance: importance
  }) AS evidence
}
RETURN o.key AS key, o.name AS name, run.id AS run_id, toString(run.started_at) AS run_started_at,
       run.parameters AS run_parameters, scored.rank AS rank, scored.overall AS overall,
       scored.reach AS reach, scored.impact AS impact, scored.feasibility AS feasibility,
       scored.adoption_readiness AS adoption_readiness, evidence
