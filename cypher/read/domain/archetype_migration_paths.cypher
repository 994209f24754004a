// Which archetype migration paths happened, how often, in which functions: migrations
// from $start (inclusive) to $end (exclusive), optionally of one kind, one function or
// from or to one archetype; a migration recorded before kinds existed is an override.
// One row per path (from, to, kind), the most frequent first, with its count per
// function (the persona's function when it happened).
MATCH (m:ArchetypeMigration)
WHERE ($start IS NULL OR m.occurred_at >= $start)
  AND ($end IS NULL OR m.occurred_at < $end)
  AND ($kind IS NULL OR coalesce(m.kind, 'override') = $kind)
  AND ($function IS NULL OR m.function_key = $function)
  AND ($from_archetype IS NULL OR m.from_archetype = $from_archetype)
  AND ($to_archetype IS NULL OR m.to_archetype = $to_archetype)
WITH m.from_archetype AS from_archetype, m.to_archetype AS to_archetype,
     coalesce(m.kind, 'override') AS kind, m.function_key AS function, count(*) AS migrations,
     min(m.occurred_at) AS first_at, max(m.occurred_at) AS last_at
ORDER BY migrations DESC, function
WITH from_archetype, to_archetype, kind, sum(migrations) AS count,
     collect({key: function, count: migrations}) AS functions,
     min(first_at) AS first_at, max(last_at) AS last_at
RETURN from_archetype, to_archetype, kind, count, functions, first_at, last_at
ORDER BY count DESC, from_archetype, to_archetype, kind
