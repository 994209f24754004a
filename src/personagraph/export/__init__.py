"""The relational export: the graph as normalized tables in SQLite, Parquet, CSV, PostgreSQL."""
