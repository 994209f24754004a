// One scoring run: when it ran, with which parameters, on which GDS version.
CREATE (run:ScoringRun {id: $id, started_at: datetime($started_at),
                        finished_at: datetime($finished_at), parameters: $parameters,
                        gds_version: $gds_version})
RETURN run.id AS id
