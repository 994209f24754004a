"""Every Cypher statement of personagraph, one per ``.cypher`` file, shipped as package data.

This folder is the package ``personagraph.cypher`` (see setup.py), so that an installed
wheel finds its statements (``personagraph.store.queries``) without the checkout.
"""
