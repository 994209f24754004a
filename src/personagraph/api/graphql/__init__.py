"""``/graphql``: the schema generated from the ontology, its compiler to Cypher and its
resolvers. Sub-packages, from the bottom up (imports only point down this list):

- ``compile/``: a request's selection → a plan → one parameterized Cypher statement
  (``selection``, ``plan``, ``compiler``, ``index_walk``, ``conditions``, ``cursors``,
  ``names``, ``node_fields``, ``statement_cache``).
- ``runtime/``: what runs a request: the HTTP endpoint, the request context, access
  rules, errors and codes, the one-pass executor, and ``internals``, the one module that
  touches strawberry's and graphql-core's private names.
- ``schema/``: the GraphQL types generated from ``model/ontology.py``, scalars, filter
  and paging inputs.
- ``resolvers/``: the root fields, one module per feature (``reads``, ``personas``,
  ``domain``, ``explorer``, ``analytics``, ``export``, ``server``).

``build.py`` assembles them into the schema the app serves.
"""
