// Archetype migrations over time (issue 21): a migration is now of kind override (a
// person decided) or inferred (a re-inference moved the persona to another quadrant).
// Migrations recorded before kinds existed were all overrides; the paths query reads
// migrations between two dates, so occurred_at is indexed.
CREATE INDEX archetype_migration_occurred_at IF NOT EXISTS
FOR (n:ArchetypeMigration) ON (n.occurred_at);

MATCH (m:ArchetypeMigration)
WHERE m.kind IS NULL
SET m.kind = 'override';
