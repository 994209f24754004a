// How many relationships each type has (the relational export's progress totals and checks).
MATCH ()-[link]->()
RETURN type(link) AS type, count(*) AS count
ORDER BY type
