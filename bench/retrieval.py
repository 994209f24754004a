"""How fast documents go in and answers come out, and how much memory it takes.

    python bench/retrieval.py [--uri bolt://… --password …] [--chunks 100000]

In one run, against a Neo4j started for it (``--uri``: an existing one, wiped):

* ingest: a 10-page PDF handout generated here (fpdf2), added end to end three times
  (read, extract, chunk, embed, write; the dataset removed between runs), with the share
  of each step; against the source's target (30 s) and our goal (3 s);
* embedding: chunk texts per second in batches, and one query's latency;
* retrieval: ``retrieve_context`` p50/p99 over the 76 labelled questions, three rounds,
  at 1,000 chunks and at ``--chunks`` (100,000): a persona whose datasets hold every
  chunk (the vector index), the same with the exact scan forced (the baseline the index
  is measured against: every 4th question, one round, as it takes seconds a question),
  and a persona holding 1,000 of them (exact scan of its scope).
  Synthetic chunks: sentences of bench/data/documents/ shuffled, vectors near the real
  chunks' vectors, in datasets of 10,000 written 2,000 at a time. Timed twice: with the
  query embedded by the model ("end to end"), and with query vectors computed before
  ("store"), so the database share is visible. The load average is noted with each case;
* the vector index's answers against the exact scan's: for the baseline's questions, how
  many of the exact scan's first five chunks the index path returns in its first five, at
  the configured oversampling and others (the index is approximate);
* the persona of 99,000 chunks and the agreement again after the next write to the index
  (a document added for the other persona): Neo4j's searcher then sees the segments
  Lucene merged from the load's in the background (if the merge, minutes of CPU, is done
  by then: on a loaded machine it may not be);
* memory: this process's peak resident set (the model, the driver, the rows).

Figures are printed and saved to bench/results/retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from fpdf import FPDF

from documents_harness import DOCUMENTS, RESULTS, add_server_options, load_yaml, server
from personagraph.admin import persona_edits
from personagraph.admin.persona_edits import Actor
from personagraph.documents.chunking import chunk_blocks
from personagraph.documents.extraction import extract_blocks
from personagraph.documents.extraction.plain import text_blocks
from personagraph.documents.formats import DocumentType
from personagraph.documents.ingestion import Document, IngestionConfig, add_document
from personagraph.documents.retrieval import RetrievalConfig, RetrievedChunk, retrieve_context
from personagraph.embedding import MiniLmEmbedder, Vectors
from personagraph.model.persona_edits import NewPersona
from personagraph.store import Store, migrations
from personagraph.store.wipe import wipe

OWNER = "bench-reader"
SMALL_OWNER = "bench-small-reader"
ROUNDS = 3
BATCH = 2_000
BASELINE_EVERY = 4  # the exact-scan baseline at --chunks: every 4th question, one round
OVERSAMPLINGS = (1, 2, 4, 8)


class KnownQueries:
    """The real embedder, but the questions' vectors computed once beforehand: timing the
    store without the model (the "store" figures)."""

    def __init__(self, embedder: MiniLmEmbedder, questions: Sequence[str]) -> None:
        self._embedder = embedder
        self._known = dict(zip(questions, embedder.embed(list(questions)), strict=True))

    @property
    def model_id(self) -> str:
        return self._embedder.model_id

    @property
    def dimension(self) -> int:
        return self._embedder.dimension

    def count_tokens(self, text: str) -> int:
        return self._embedder.count_tokens(text)

    def embed(self, texts: Sequence[str]) -> Vectors:
        return np.vstack([self._known[text] for text in texts])


def _corpus_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted(DOCUMENTS.iterdir()):
        for block in text_blocks(path.read_text(encoding="utf-8")):
            sentences.extend(s.strip() for s in block.text.split(". ") if len(s.split()) > 4)
    return sentences


def ten_page_pdf(sentences: list[str], seed: int) -> bytes:
    """A handout of ten pages: each a heading, paragraphs and numbered steps."""
    chooser = random.Random(seed)
    pdf = FPDF()
    for page in range(10):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(
            0,
            10,
            f"Section {page + 1}: {chooser.choice(sentences)[:40]}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("Helvetica", "", 11)
        for _ in range(4):
            text = ". ".join(chooser.sample(sentences, 4)) + "."
            pdf.multi_cell(
                0,
                6,
                text.encode("latin-1", "replace").decode("latin-1"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(3)
        for number in range(1, 5):
            step = chooser.choice(sentences).encode("latin-1", "replace").decode("latin-1")
            pdf.multi_cell(0, 6, f"{number}. {step}.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
        "samples": len(ordered),
    }


def measure_ingest(store: Store, embedder: MiniLmEmbedder, sentences: list[str]) -> dict[str, Any]:
    config = IngestionConfig()
    totals, steps = [], {"extract": [], "chunk": [], "embed": []}  # type: ignore[var-annotated]
    pages = chunks = 0
    for run in range(3):
        data = ten_page_pdf(sentences, run)
        began = time.perf_counter()
        result = add_document(
            store, embedder, Document(f"handout-{run}.pdf", data), persona_id=OWNER, config=config
        )
        totals.append(time.perf_counter() - began)
        chunks = result.chunk_count
        # The same steps again, each timed alone (no database).
        t0 = time.perf_counter()
        blocks = extract_blocks(DocumentType.PDF, data, "x.pdf", max_unpacked_bytes=10**8)
        t1 = time.perf_counter()
        pieces = chunk_blocks(blocks, config.chunking, embedder.count_tokens)
        t2 = time.perf_counter()
        embedder.embed([piece.context_text for piece in pieces])
        t3 = time.perf_counter()
        steps["extract"].append(t1 - t0)
        steps["chunk"].append(t2 - t1)
        steps["embed"].append(t3 - t2)
        pages = max(block.page or 0 for block in blocks)
        store.write("write/documents/delete_dataset", id=result.dataset_id)
    median = statistics.median(totals)
    figures = {
        "pages": pages,
        "chunks": chunks,
        "seconds_median": round(median, 3),
        "seconds_runs": [round(t, 3) for t in totals],
        "steps_median_seconds": {k: round(statistics.median(v), 3) for k, v in steps.items()},
        "ratio_to_source_target_30s": round(median / 30, 4),
        "ratio_to_goal_3s": round(median / 3, 3),
    }
    print(f"  ingest of a {pages}-page PDF ({chunks} chunks): {figures}")
    return figures


def measure_embedding(embedder: MiniLmEmbedder, sentences: list[str]) -> dict[str, Any]:
    chooser = random.Random(3)
    texts = [" ".join(chooser.sample(sentences, 8)) for _ in range(256)]
    tokens = statistics.mean(embedder.count_tokens(t) for t in texts)
    embedder.embed(texts[:32])
    began = time.perf_counter()
    embedder.embed(texts)
    batch = time.perf_counter() - began
    queries = load_yaml("retrieval_questions.yaml")["questions"]
    single = []
    for item in queries:
        began = time.perf_counter()
        embedder.embed([item["q"]])
        single.append(time.perf_counter() - began)
    figures = {
        "chunk_texts": len(texts),
        "mean_tokens": round(tokens, 1),
        "chunks_per_second": round(len(texts) / batch, 1),
        "query": _percentiles(single),
    }
    print(f"  embedding: {figures}")
    return figures


def _synthetic_rows(
    prefix: str,
    count: int,
    start: int,
    anchors: np.ndarray,
    sentences: list[str],
    chooser: random.Random,
) -> list[dict[str, Any]]:
    noise = np.random.default_rng(start).normal(0, 0.035, (count, anchors.shape[1]))
    picks = anchors[[chooser.randrange(len(anchors)) for _ in range(count)]] + noise
    picks /= np.linalg.norm(picks, axis=1, keepdims=True)
    rows = []
    for offset in range(count):
        text = " ".join(chooser.sample(sentences, 5))
        rows.append(
            {
                "id": f"{prefix}-{start + offset}",
                "index": start + offset,
                "text": text,
                "section": "Synthetic > Part",
                "tokens": len(text.split()),
                "embedding": picks[offset].astype(np.float32).tolist(),
            }
        )
    return rows


def add_synthetic(
    store: Store, persona: str, count: int, anchors: np.ndarray, sentences: list[str], model: str
) -> None:
    """``count`` synthetic chunks in datasets of 10,000 for ``persona``."""
    chooser = random.Random(count)
    made = 0
    while made < count:
        size = min(10_000, count - made)
        dataset_id = uuid.uuid4().hex
        store.write(
            "bench/documents/synthetic_dataset",
            persona_id=persona,
            id=dataset_id,
            name=f"synthetic-{dataset_id[:8]}",
            chunk_count=size,
            model=model,
        )
        for start in range(0, size, BATCH):
            count_here = min(BATCH, size - start)
            rows = _synthetic_rows(dataset_id[:8], count_here, start, anchors, sentences, chooser)
            store.write("bench/documents/synthetic_chunks", dataset_id=dataset_id, rows=rows)
        made += size
    print(f"  {count:,} synthetic chunks added for {persona}")


def time_queries(
    call: Callable[[str], object],
    questions: list[str],
    rounds: int = ROUNDS,
    warm_up: int = 10,
) -> dict[str, Any]:
    for question in questions[:warm_up]:
        call(question)  # warm-up: plans cached, pages in memory
    samples = []
    for _ in range(rounds):
        for question in questions:
            began = time.perf_counter()
            call(question)
            samples.append(time.perf_counter() - began)
    return {**_percentiles(samples), "load_average": [round(x, 2) for x in os.getloadavg()]}


def _top_ids(found: list[RetrievedChunk]) -> list[str]:
    return [chunk.chunk_id for chunk in found]


def index_agreement(
    store: Store, known: KnownQueries, questions: list[str], exact: dict[str, list[str]]
) -> dict[str, Any]:
    """For each oversampling: the share of the exact scan's first five chunks that the
    vector index path also returns first five (threshold off), over ``questions``."""
    figures: dict[str, Any] = {"questions": len(questions)}
    for oversampling in OVERSAMPLINGS:
        config = RetrievalConfig(index_oversampling=oversampling)
        same = total = 0
        for question in questions:
            found = retrieve_context(store, known, OWNER, question, threshold=0.0, config=config)
            same += len(set(_top_ids(found)) & set(exact[question]))
            total += len(exact[question])
        figures[f"oversampling_{oversampling}"] = round(same / total, 3)
    return figures


def measure_retrieval(
    store: Store, embedder: MiniLmEmbedder, sentences: list[str], big: int
) -> dict[str, Any]:
    questions = [item["q"] for item in load_yaml("retrieval_questions.yaml")["questions"]]
    known = KnownQueries(embedder, questions)
    anchors = embedder.embed(sentences[::3])
    exact = RetrievalConfig(exact_scan_limit=10**9)
    default = RetrievalConfig()

    def case(persona: str, config: RetrievalConfig) -> dict[str, Any]:
        return {
            "end_to_end": time_queries(
                lambda q: retrieve_context(store, embedder, persona, q, config=config), questions
            ),
            "store": time_queries(
                lambda q: retrieve_context(store, known, persona, q, config=config), questions
            ),
        }

    figures: dict[str, Any] = {}
    add_synthetic(store, OWNER, 1_000, anchors, sentences, embedder.model_id)
    store.run_raw("CALL db.awaitIndexes(600)")
    figures["1000"] = {"persona_1000": case(OWNER, default)}
    print(f"  retrieval at 1,000 chunks: {figures['1000']}")
    began = time.perf_counter()
    add_synthetic(store, OWNER, big - 2_000, anchors, sentences, embedder.model_id)
    add_synthetic(store, SMALL_OWNER, 1_000, anchors, sentences, embedder.model_id)
    store.run_raw("CALL db.awaitIndexes(1200)")
    figures[f"load_{big}_seconds"] = round(time.perf_counter() - began, 1)
    subset = questions[::BASELINE_EVERY]
    exact_answers: dict[str, list[str]] = {}

    def exact_scan(question: str) -> None:
        found = retrieve_context(store, known, OWNER, question, threshold=0.0, config=exact)
        exact_answers[question] = _top_ids(found)

    at_big: dict[str, Any] = {
        "persona_all_vector_index": case(OWNER, default),
        "persona_1000_of_them": case(SMALL_OWNER, default),
        "persona_all_exact_scan_baseline": {
            "questions": f"every {BASELINE_EVERY}th of {len(questions)}: {len(subset)}, one round",
            "end_to_end": time_queries(
                lambda q: retrieve_context(store, embedder, OWNER, q, config=exact),
                subset,
                rounds=1,
                warm_up=2,
            ),
            "store": time_queries(exact_scan, subset, rounds=1, warm_up=2),
        },
    }
    index = at_big["persona_all_vector_index"]["store"]["p50_ms"]
    scan = at_big["persona_all_exact_scan_baseline"]["store"]["p50_ms"]
    at_big["ratio_exact_scan_to_index_p50"] = round(scan / index, 2)
    at_big["index_top5_agreement_with_exact_scan"] = index_agreement(
        store, known, subset, exact_answers
    )
    # Lucene merges the load's 50 small segments into one in the background (minutes of
    # CPU), and Neo4j's searcher sees the merged segment only after the next write to the
    # index (or its next checkpoint): a document added, here for the other persona, so that
    # the exact scan's answers above stay those of this persona.
    handout = sorted(DOCUMENTS.iterdir())[0]
    add_document(
        store, embedder, Document(handout.name, handout.read_bytes()), persona_id=SMALL_OWNER
    )
    at_big["after_the_next_write"] = {
        "written": f"{handout.name} added for {SMALL_OWNER}",
        "persona_all_vector_index": case(OWNER, default),
        "index_top5_agreement_with_exact_scan": index_agreement(
            store, known, subset, exact_answers
        ),
    }
    figures[str(big)] = at_big
    print(f"  retrieval at {big:,} chunks: {at_big}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_server_options(parser)
    parser.add_argument("--chunks", type=int, default=100_000)
    arguments = parser.parse_args()
    sentences = _corpus_sentences()
    began = time.perf_counter()
    embedder = MiniLmEmbedder()
    load_seconds = time.perf_counter() - began
    rss_after_model = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with server(arguments) as spec, Store.open(spec) as store:
        wipe(store)
        migrations.migrate(store)
        for persona_id in (OWNER, SMALL_OWNER):
            persona_edits.create_persona(
                store,
                NewPersona(id=persona_id, name=persona_id, archetype="LEARNER"),
                Actor("bench", "-"),
            )
        figures: dict[str, Any] = {
            "machine": {
                "cpus": __import__("os").cpu_count(),
                "python": platform.python_version(),
                "load_average": list(__import__("os").getloadavg()),
            },
            "model": embedder.model_id,
            "model_load_seconds": round(load_seconds, 2),
            "ingest_10_page_pdf": measure_ingest(store, embedder, sentences),
            "embedding": measure_embedding(embedder, sentences),
            "retrieval": measure_retrieval(store, embedder, sentences, arguments.chunks),
        }
    figures["memory"] = {
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_after_model_load_mb": round(rss_after_model, 1),
        "neo4j_heap": arguments.heap if not arguments.uri else "(external server)",
    }
    print(f"  memory: {figures['memory']}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "retrieval.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"saved {RESULTS / 'retrieval.json'}")


if __name__ == "__main__":
    main()
