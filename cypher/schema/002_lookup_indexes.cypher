// Indexes for the properties that queries filter on most.

CREATE INDEX persona_kind IF NOT EXISTS FOR (n:Persona) ON (n.kind);

CREATE INDEX persona_archetype IF NOT EXISTS FOR (n:Persona) ON (n.archetype);

CREATE INDEX persona_inferred_archetype IF NOT EXISTS FOR (n:Persona) ON (n.inferred_archetype);

CREATE INDEX persona_is_active IF NOT EXISTS FOR (n:Persona) ON (n.is_active);

CREATE INDEX persona_requires_review IF NOT EXISTS FOR (n:Persona) ON (n.requires_review);

CREATE INDEX pain_point_category IF NOT EXISTS FOR (n:PainPoint) ON (n.category);

CREATE INDEX jtbd_category IF NOT EXISTS FOR (n:JTBD) ON (n.category);

CREATE INDEX opportunity_status IF NOT EXISTS FOR (n:Opportunity) ON (n.status);

CREATE INDEX audit_event_occurred_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.occurred_at);

CREATE INDEX assignment_as_of_window IF NOT EXISTS FOR (n:Assignment) ON (n.as_of, n.window_days);

// Text search for the explorer's search box: names, titles and statements.
CREATE FULLTEXT INDEX search_text IF NOT EXISTS
FOR (n:Persona|PainPoint|JTBD|Opportunity|Goal|Role|Function)
ON EACH [n.name, n.title, n.text, n.statement, n.description];
