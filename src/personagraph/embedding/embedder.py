"""What the rest of personagraph asks of an embedding model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into unit-length vectors; the same texts always give the same vectors.

    ``model_id`` names the model *and* every setting that changes its vectors: it is
    stored beside each vector, so that vectors of two models are never compared.
    """

    @property
    def model_id(self) -> str:
        """The model and its settings, e.g. ``all-MiniLM-L6-v2-int8/w256``."""
        ...

    @property
    def dimension(self) -> int:
        """The length of every vector."""
        ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised row per text, shape ``(len(texts), dimension)``."""
        ...

    def count_tokens(self, text: str) -> int:
        """How many of the model's tokens ``text`` is (what chunk sizes are counted in)."""
        ...
