"""The local embedding model: what its vectors are, and that it loads and runs with no
network at all and leaves no telemetry behind (onnxruntime's is off from the import)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from personagraph.embedding import MiniLmEmbedder

ROOT = Path(__file__).resolve().parents[2]
# Run in a fresh interpreter: imports personagraph's embedder, embeds, prints a digest.
PROBE = textwrap.dedent(
    """
    import os, socket
    from personagraph.embedding import MiniLmEmbedder
    vectors = MiniLmEmbedder(threads=1).embed(["How do I calm down?", "Box breathing."])
    print("ORT_DISABLE_TELEMETRY=" + os.environ.get("ORT_DISABLE_TELEMETRY", ""))
    print("embedded", vectors.shape, round(float(vectors[0] @ vectors[1]), 4))
    """
)
# Imported first by the interpreter (sitecustomize): every socket, and every name lookup,
# fails, so anything that tried to reach the network would raise.
NO_NETWORK = textwrap.dedent(
    """
    import socket
    def _refuse(*args, **kwargs):
        raise OSError("network access attempted while the network is off")
    class _NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            _refuse()
    socket.socket = _NoSocket
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    socket.gethostbyname = _refuse
    """
)


def test_vectors_are_unit_length_384_floats(embedder: MiniLmEmbedder) -> None:
    vectors = embedder.embed(["one", "two words", ""])

    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, 384)


def test_similar_meanings_are_closer_than_unrelated_ones(embedder: MiniLmEmbedder) -> None:
    panic, breathing, budget = embedder.embed(
        [
            "What can I do during a panic attack?",
            "Slow breathing calms the body when panic rises.",
            "The quarterly budget is due on Friday.",
        ]
    )

    assert panic @ breathing > panic @ budget + 0.2


def test_a_text_gives_the_same_vector_alone_or_in_a_batch(embedder: MiniLmEmbedder) -> None:
    texts = ["short", "a somewhat longer sentence about grounding", "x " * 600]

    batch = embedder.embed(texts)
    alone = np.vstack([embedder.embed([text]) for text in texts])

    assert np.allclose(batch, alone, atol=1e-4)


def test_a_long_text_is_represented_beyond_its_first_window(embedder: MiniLmEmbedder) -> None:
    filler = "The committee reviewed the minutes of the previous meeting. " * 40
    tail = "Panic attacks pass; slow breathing helps. " * 8
    query = embedder.embed(["how to get through a panic attack"])[0]

    with_tail, without_tail = embedder.embed([filler + tail, filler])

    assert embedder.count_tokens(filler) > 256
    assert query @ with_tail > query @ without_tail + 0.05


def test_the_window_is_part_of_the_model_id() -> None:
    assert MiniLmEmbedder(window=128).model_id == "all-MiniLM-L6-v2-int8/w128"
    with pytest.raises(ValueError, match="window=4"):
        MiniLmEmbedder(window=4)


def _probe(tmp_path: Path, command: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        # Prove no hub access is needed: no offline switches, no telemetry switch given.
        if key not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ORT_DISABLE_TELEMETRY"}
    }
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), **extra)
    return subprocess.run(
        [*command, sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


def test_the_embedder_loads_and_runs_when_every_socket_is_refused(tmp_path: Path) -> None:
    site = str(tmp_path / "site")
    result = _probe(tmp_path, [], PYTHONPATH=site)

    assert result.returncode == 0, result.stderr
    assert "embedded (2, 384)" in result.stdout
    assert "ORT_DISABLE_TELEMETRY=1" in result.stdout  # set by personagraph, not by us
    # onnxruntime's telemetry writes under ~/.cache/Microsoft when it is on.
    assert list((tmp_path / "home").rglob("*")) == [], list((tmp_path / "home").rglob("*"))


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="a new network namespace needs root and unshare(1); the socket test covers others",
)
def test_the_embedder_loads_and_runs_in_a_namespace_without_network(tmp_path: Path) -> None:
    result = _probe(tmp_path, ["unshare", "--net"])

    assert result.returncode == 0, result.stderr
    assert "embedded (2, 384)" in result.stdout
