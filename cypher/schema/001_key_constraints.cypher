// Every node label of the ontology has a uniqueness constraint on its key.
// (The constraint also gives the key an index, which MERGE relies on.)

CREATE CONSTRAINT function_key_unique IF NOT EXISTS
FOR (n:Function) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT role_key_unique IF NOT EXISTS
FOR (n:Role) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT persona_id_unique IF NOT EXISTS
FOR (n:Persona) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT archetype_name_unique IF NOT EXISTS
FOR (n:Archetype) REQUIRE n.name IS UNIQUE;

CREATE CONSTRAINT jtbd_key_unique IF NOT EXISTS
FOR (n:JTBD) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT outcome_key_unique IF NOT EXISTS
FOR (n:Outcome) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT pain_point_key_unique IF NOT EXISTS
FOR (n:PainPoint) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT goal_key_unique IF NOT EXISTS
FOR (n:Goal) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT challenge_key_unique IF NOT EXISTS
FOR (n:Challenge) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT motivation_key_unique IF NOT EXISTS
FOR (n:Motivation) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT frustration_key_unique IF NOT EXISTS
FOR (n:Frustration) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT skill_key_unique IF NOT EXISTS
FOR (n:Skill) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT responsibility_key_unique IF NOT EXISTS
FOR (n:Responsibility) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT stakeholder_key_unique IF NOT EXISTS
FOR (n:Stakeholder) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT activity_key_unique IF NOT EXISTS
FOR (n:Activity) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT opportunity_key_unique IF NOT EXISTS
FOR (n:Opportunity) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT service_layer_name_unique IF NOT EXISTS
FOR (n:ServiceLayer) REQUIRE n.name IS UNIQUE;

CREATE CONSTRAINT scoring_run_id_unique IF NOT EXISTS
FOR (n:ScoringRun) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT archetype_migration_id_unique IF NOT EXISTS
FOR (n:ArchetypeMigration) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT audit_event_id_unique IF NOT EXISTS
FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT template_key_unique IF NOT EXISTS
FOR (n:Template) REQUIRE n.key IS UNIQUE;

CREATE CONSTRAINT dataset_id_unique IF NOT EXISTS
FOR (n:Dataset) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT chunk_id_unique IF NOT EXISTS
FOR (n:Chunk) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT subject_id_unique IF NOT EXISTS
FOR (n:Subject) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT assignment_id_unique IF NOT EXISTS
FOR (n:Assignment) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT schema_migration_id_unique IF NOT EXISTS
FOR (n:SchemaMigration) REQUIRE n.id IS UNIQUE;
