"""The seeding pipeline: parse → validate → enrich → infer → write."""
