"""The root fields of the schema, one module per feature."""
