// One batch of a run's assignments written by the Neo4j Connector for Apache Spark
// (`personagraph assign --engine spark`): the statement of upsert_assignments.cypher in
// the shape the connector runs. The connector sends each batch of DataFrame rows as
// $events and puts its first two lines (below, up to `UNWIND $events AS event`) in front
// of the query it is given; personagraph hands it the rest of this file. Its rows are
// flat (the connector spreads a nested map into `props.x` keys), so every property is
// named here; the as-of date and run id travel in each row. As there: only the run that
// holds the as-of date writes, the batch renews its lease (the run node is locked first,
// so the connector's parallel writers take turns instead of deadlocking), the
// assignment is one node per subject, window and as-of date, a null removes a property,
// and PRIMARY/SECONDARY are replaced.
WITH $scriptResult AS scriptResult
UNWIND $events AS event
WITH collect(event) AS rows
MATCH (run:AssignmentRun {id: rows[0].as_of})
WHERE run.run_id = rows[0].run_id
SET run.heartbeat = datetime()
WITH run, rows
UNWIND rows AS row
MERGE (s:Subject {id: row.user_id})
ON CREATE SET s.created_at = datetime()
MERGE (a:Assignment {id: row.id})
ON CREATE SET a.created_at = datetime()
MERGE (s)-[:HAS_ASSIGNMENT]->(a)
SET a += row {
      .user_id, .window_days, .status,
      .primary_persona_id, .primary_persona_name,
      .secondary_persona_id, .secondary_persona_name,
      .matched_persona_ids, .missing_features, .trace, .rules_hash,
      .recurring_merchant_count, .monthly_recurring_spend, .subscription_share,
      .growth_rate, .net_inflow,
      .max_utilization, .interest_charges, .minimum_payment_only, .is_overdue,
      .median_pay_gap_days, .cash_flow_buffer_months,
      .pct_days_below_100, .balance_volatility
    },
    a.as_of = run.as_of,
    a.run_id = run.run_id,
    a.assigned_at = datetime()
WITH a, row
CALL (a) {
  MATCH (a)-[old:PRIMARY|SECONDARY]->(:Persona)
  DELETE old
}
CALL (a, row) {
  MATCH (p:Persona {id: row.primary})
  CREATE (a)-[:PRIMARY {severity: row.primary_severity}]->(p)
}
CALL (a, row) {
  MATCH (p:Persona {id: row.secondary})
  CREATE (a)-[:SECONDARY {severity: row.secondary_severity}]->(p)
}
