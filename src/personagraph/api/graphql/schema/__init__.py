"""GraphQL types generated from the ontology, with the scalars and inputs they share."""
