"""Changes people make to the graph through the API or the CLI (edits, reviews)."""
