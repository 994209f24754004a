"""Behavioral persona assignment in the graph: rules file, feature files, one write per run."""
