// A run's scores: one SCORED link per opportunity, and the latest scores on the opportunity.
MATCH (run:ScoringRun {id: $run_id})
UNWIND $rows AS row
MATCH (o:Opportunity {key: row.key})
MERGE (run)-[scored:SCORED]->(o)
SET scored.rank = row.rank, scored.reach = row.reach, scored.impact = row.impact,
    scored.feasibility = row.feasibility, scored.adoption_readiness = row.adoption_readiness,
    scored.overall = row.overall, scored.explanation = row.explanation,
    o.score_rank = row.rank, o.score_reach = row.reach, o.score_impact = row.impact,
    o.score_feasibility = row.feasibility,
    o.score_adoption_readiness = row.adoption_readiness, o.score_overall = row.overall,
    o.score_run = $run_id
RETURN count(scored) AS written
