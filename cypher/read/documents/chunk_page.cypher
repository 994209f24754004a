// One page of a dataset's chunks in document order, after a position (null: from the
// first), with the dataset's name and how many chunks it has. One row more than the page
// is read to tell whether another page follows. No row: no such dataset.
MATCH (d:Dataset {id: $id})
RETURN d.name AS name,
       COUNT { (d)-[:HAS_CHUNK]->(:Chunk) } AS total,
       COLLECT {
         MATCH (d)-[:HAS_CHUNK]->(c:Chunk)
         WHERE $after IS NULL OR c.index > $after
         RETURN c {position: c.index, .text, .page, .section, .kind, .tokens} AS chunk
         ORDER BY c.index
         LIMIT $first + 1
       } AS chunks
