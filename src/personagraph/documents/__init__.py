"""Documents: files → text blocks → structure-aware chunks → embeddings in Neo4j → retrieval.

Pure parts (no database): :mod:`formats` (what a file is), :mod:`extraction` (its text
blocks), :mod:`chunking`, :mod:`ranking`. Parts that use the store: :mod:`datasets`
(every status change), :mod:`ingestion`, :mod:`retrieval`, :mod:`reembedding`.
"""
