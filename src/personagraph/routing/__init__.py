"""Routing a request: which service layer answers it, how, and why (issue 24).

Pure functions, tested without a database: request analysis (:mod:`.analysis`,
:mod:`.sentiment`), policy checks (:mod:`.personal_data`, :mod:`.policies`), rule
matching (:mod:`.rules`), the decision and its explanation (:mod:`.decision`), the
audit record (:mod:`.audit`) and replay (:mod:`.replay`). :mod:`.router` puts them
together with the store; :mod:`.recorder` writes decisions to the graph in batches.
"""
