// Record that a schema migration has been applied.
MERGE (m:SchemaMigration {id: $id})
SET m.checksum = $checksum, m.applied_at = datetime()
