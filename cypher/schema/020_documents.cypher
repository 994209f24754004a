// Documents (docs/documents.md): a dataset is found by its name and by its content's
// sha256 (the same file added twice is one dataset); both unique, so that two adds
// racing for one file meet on one node.
CREATE CONSTRAINT dataset_name_unique IF NOT EXISTS
FOR (n:Dataset) REQUIRE n.name IS UNIQUE;

CREATE CONSTRAINT dataset_sha256_unique IF NOT EXISTS
FOR (n:Dataset) REQUIRE n.sha256 IS UNIQUE;

CREATE INDEX dataset_is_global IF NOT EXISTS FOR (n:Dataset) ON (n.is_global);

// The model and dimension behind a vector index's vectors (chunk_embedding of 003).
CREATE CONSTRAINT embedding_index_name_unique IF NOT EXISTS
FOR (n:EmbeddingIndex) REQUIRE n.name IS UNIQUE;

// Chunks are also searched by their words: text and section headings, English stemming;
// dataset_id is indexed so that a query can keep to the datasets of one persona.
CREATE FULLTEXT INDEX chunk_text IF NOT EXISTS
FOR (n:Chunk) ON EACH [n.text, n.section, n.dataset_id]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
