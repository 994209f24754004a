// How many nodes each label has (the relational export's progress totals and checks).
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
