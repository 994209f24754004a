"""Local sentence embeddings: the :class:`Embedder` interface and the model that ships
inside a package (all-MiniLM-L6-v2, int8 ONNX). Nothing here reaches the network."""

from __future__ import annotations

from personagraph.embedding.embedder import Embedder, Vectors
from personagraph.embedding.minilm import MiniLmEmbedder, default_embedder

__all__ = ["Embedder", "MiniLmEmbedder", "Vectors", "default_embedder"]
