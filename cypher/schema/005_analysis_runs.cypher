// Analysis runs other than opportunity scoring (pain clusters, similar personas) and the
// pain clusters they find: keyed by id like every label of the ontology.
CREATE CONSTRAINT analysis_run_id_unique IF NOT EXISTS
FOR (n:AnalysisRun) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT pain_cluster_id_unique IF NOT EXISTS
FOR (n:PainCluster) REQUIRE n.id IS UNIQUE;
