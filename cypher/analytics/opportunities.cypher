// Every opportunity with the data its impact and feasibility are computed from.
MATCH (o:Opportunity)
WHERE coalesce(o.is_active, true)
RETURN o.key AS key, o.name AS name, o.feasibility AS feasibility,
       o.value_multiplier AS value_multiplier, o.effort_person_months AS effort_person_months
ORDER BY key
