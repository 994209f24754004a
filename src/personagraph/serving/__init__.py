"""Serving persona and template reads from a per-process cache kept coherent by a
change sequence in the graph (:mod:`.sequence`, :mod:`.cache`)."""
