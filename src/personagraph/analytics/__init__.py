"""Graph Data Science analytics: explainable opportunity scores (projections, scoring)."""
