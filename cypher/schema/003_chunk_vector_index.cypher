// Document chunks are retrieved by embedding similarity. 384 dimensions is the
// size of the local sentence-embedding model (all-MiniLM-L6-v2).
CREATE VECTOR INDEX chunk_embedding IF NOT EXISTS
FOR (n:Chunk) ON n.embedding
OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}};
