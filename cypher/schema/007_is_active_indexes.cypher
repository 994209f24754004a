// An index on is_active for every label that soft-deletes. A GraphQL read asks once
// per label whether any node is retired (`WHERE r.is_active = false`) and skips the
// per-node check while none is; these indexes make that question a seek, not a scan.
// (Persona's is in 002_lookup_indexes.)

CREATE INDEX function_is_active IF NOT EXISTS FOR (n:Function) ON (n.is_active);

CREATE INDEX role_is_active IF NOT EXISTS FOR (n:Role) ON (n.is_active);

CREATE INDEX archetype_is_active IF NOT EXISTS FOR (n:Archetype) ON (n.is_active);

CREATE INDEX jtbd_is_active IF NOT EXISTS FOR (n:JTBD) ON (n.is_active);

CREATE INDEX outcome_is_active IF NOT EXISTS FOR (n:Outcome) ON (n.is_active);

CREATE INDEX pain_point_is_active IF NOT EXISTS FOR (n:PainPoint) ON (n.is_active);

CREATE INDEX goal_is_active IF NOT EXISTS FOR (n:Goal) ON (n.is_active);

CREATE INDEX challenge_is_active IF NOT EXISTS FOR (n:Challenge) ON (n.is_active);

CREATE INDEX motivation_is_active IF NOT EXISTS FOR (n:Motivation) ON (n.is_active);

CREATE INDEX frustration_is_active IF NOT EXISTS FOR (n:Frustration) ON (n.is_active);

CREATE INDEX responsibility_is_active IF NOT EXISTS FOR (n:Responsibility) ON (n.is_active);

CREATE INDEX skill_is_active IF NOT EXISTS FOR (n:Skill) ON (n.is_active);

CREATE INDEX stakeholder_is_active IF NOT EXISTS FOR (n:Stakeholder) ON (n.is_active);

CREATE INDEX activity_is_active IF NOT EXISTS FOR (n:Activity) ON (n.is_active);

CREATE INDEX opportunity_is_active IF NOT EXISTS FOR (n:Opportunity) ON (n.is_active);

CREATE INDEX service_layer_is_active IF NOT EXISTS FOR (n:ServiceLayer) ON (n.is_active);
