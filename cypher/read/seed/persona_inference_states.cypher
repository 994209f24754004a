// The last archetype inference of personas a load is about to change (a later
// comparison names the migrations the load causes): key, and the stored results and
// snapshot of what that inference read.
UNWIND $keys AS key
MATCH (p:Persona {id: key})
RETURN key, p.inferred_archetype AS inferred_archetype,
       p.work_complexity_score AS work_complexity_score,
       p.ai_maturity_score AS ai_maturity_score,
       p.archetype_confidence AS archetype_confidence,
       p.inference_inputs AS inference_inputs
