"""A request's selection → a plan → one parameterized Cypher statement per root field."""
