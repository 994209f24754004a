"""Pure inference: plain data in, plain data out, no database (archetype scores and quadrants)."""
