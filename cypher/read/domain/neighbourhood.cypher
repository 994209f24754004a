// One node by label and key, and its neighbours grouped by relationship type and
// direction: how many there are, and the first $limit of them (best scored first).
// One branch per label so every lookup is a seek on the label's key constraint; a test
// keeps the branches in step with the ontology. Only labels in $labels are neighbours.
CALL () {
  MATCH (n:Function {key: $key}) WHERE $label = 'Function' RETURN n
  UNION
  MATCH (n:Role {key: $key}) WHERE $label = 'Role' RETURN n
  UNION
  MATCH (n:Persona {id: $key}) WHERE $label = 'Persona' RETURN n
  UNION
  MATCH (n:Archetype {name: $key}) WHERE $label = 'Archetype' RETURN n
  UNION
  MATCH (n:JTBD {key: $key}) WHERE $label = 'JTBD' RETURN n
  UNION
  MATCH (n:Outcome {key: $key}) WHERE $label = 'Outcome' RETURN n
  UNION
  MATCH (n:PainPoint {key: $key}) WHERE $label = 'PainPoint' RETURN n
  UNION
  MATCH (n:Goal {key: $key}) WHERE $label = 'Goal' RETURN n
  UNION
  MATCH (n:Challenge {key: $key}) WHERE $label = 'Challenge' RETURN n
  UNION
  MATCH (n:Motivation {key: $key}) WHERE $label = 'Motivation' RETURN n
  UNION
  MATCH (n:Frustration {key: $key}) WHERE $label = 'Frustration' RETURN n
  UNION
  MATCH (n:Responsibility {key: $key}) WHERE $label = 'Responsibility' RETURN n
  UNION
  MATCH (n:Skill {key: $key}) WHERE $label = 'Skill' RETURN n
  UNION
  MATCH (n:Stakeholder {key: $key}) WHERE $label = 'Stakeholder' RETURN n
  UNION
  MATCH (n:Activity {key: $key}) WHERE $label = 'Activity' RETURN n
  UNION
  MATCH (n:Opportunity {key: $key}) WHERE $label = 'Opportunity' RETURN n
  UNION
  MATCH (n:ServiceLayer {name: $key}) WHERE $label = 'ServiceLayer' RETURN n
  UNION
  MATCH (n:ScoringRun {id: $key}) WHERE $label = 'ScoringRun' RETURN n
  UNION
  MATCH (n:Subject {id: $key}) WHERE $label = 'Subject' RETURN n
  UNION
  MATCH (n:Assignment {id: $key}) WHERE $label = 'Assignment' RETURN n
  UNION
  MATCH (n:AnalysisRun {id: $key}) WHERE $label = 'AnalysisRun' RETURN n
  UNION
  MATCH (n:PainCluster {id: $key}) WHERE $label = 'PainCluster' RETURN n
  UNION
  MATCH (n:ArchetypeMigration {id: $key}) WHERE $label = 'ArchetypeMigration' RETURN n
  UNION
  MATCH (n:AuditEvent {id: $key}) WHERE $label = 'AuditEvent' RETURN n
  UNION
  MATCH (n:RoutingRule {id: $key}) WHERE $label = 'RoutingRule' RETURN n
  UNION
  MATCH (n:RoutingRuleSet {id: $key}) WHERE $label = 'RoutingRuleSet' RETURN n
  UNION
  MATCH (n:RoutingDecision {id: $key}) WHERE $label = 'RoutingDecision' RETURN n
  UNION
  MATCH (n:Template {key: $key}) WHERE $label = 'Template' RETURN n
  UNION
  MATCH (n:PersonaVersion {id: $key}) WHERE $label = 'PersonaVersion' RETURN n
  UNION
  MATCH (n:MetricBucket {id: $key}) WHERE $label = 'MetricBucket' RETURN n
  UNION
  MATCH (n:PersonaConfiguration {id: $key}) WHERE $label = 'PersonaConfiguration' RETURN n
}
CALL (n) {
  MATCH (n)-[r]-(m)
  WHERE any(label IN labels(m) WHERE label IN $labels) AND coalesce(m.is_active, true)
  WITH r, m, type(r) AS type, startNode(r) = n AS outgoing
  ORDER BY type, outgoing, coalesce(m.score_rank, 1000000),
           coalesce(m.name, m.title, m.text, m.statement, m.key, m.id)
  WITH type, outgoing, count(*) AS total,
       collect({
         labels: labels(m),
         node: m {.id, .key, .name, .title, .text, .statement, .kind, .action, .score_overall,
                  .archetype_confidence, .requires_review, .inferred_archetype, .archetype},
         edge: properties(r)
       })[..$limit] AS shown
  RETURN collect({type: type, outgoing: outgoing, total: total, nodes: shown}) AS groups
}
RETURN labels(n) AS labels, properties(n) AS properties, groups
