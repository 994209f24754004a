// Assistant personas and templates (issue 22): keys of the new labels, the lookups their
// reads make, and the one node that carries the serving caches' change sequence.

CREATE CONSTRAINT persona_version_id_unique IF NOT EXISTS
FOR (n:PersonaVersion) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT metric_bucket_id_unique IF NOT EXISTS
FOR (n:MetricBucket) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT persona_configuration_id_unique IF NOT EXISTS
FOR (n:PersonaConfiguration) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT serving_sequence_id_unique IF NOT EXISTS
FOR (n:ServingSequence) REQUIRE n.id IS UNIQUE;

CREATE INDEX template_is_active IF NOT EXISTS FOR (n:Template) ON (n.is_active);

CREATE INDEX template_name IF NOT EXISTS FOR (n:Template) ON (n.name);

// A persona's buckets in a period: personaMetrics reads a range of start times.
CREATE INDEX metric_bucket_persona_start IF NOT EXISTS
FOR (n:MetricBucket) ON (n.persona_id, n.start);

CREATE INDEX persona_configuration_persona_type IF NOT EXISTS
FOR (n:PersonaConfiguration) ON (n.persona_id, n.type);
