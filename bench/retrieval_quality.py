"""How well retrieval and persona matching find the right thing, on labelled sets.

    python bench/retrieval_quality.py [--uri bolt://… --password …]

* Retrieval: the 13 documents of bench/data/documents/ (therapy handouts and role
  playbooks written for this project) are added for one persona of the seed catalog,
  and each of the 76 questions of bench/data/retrieval_questions.yaml is asked with
  ``maxChunks`` 5. A question is answered at k when a chunk of the labelled document
  whose section path ends with the labelled heading is among the first k. Reported for
  full-text only (Lucene BM25), vector only (cosine) and fused (the product's ranking),
  with the threshold off (recall@1, recall@5, MRR) and at the default threshold 0.7.
* Persona matching: the seed catalog's 144 personas, the 46 requests of
  bench/data/persona_requests.yaml; top-1 (the labelled persona first), top-1 role (a
  persona of the right role first) and top-5, for full-text only (Lucene over the
  characteristic texts), vector only (characteristic embeddings) and fused (the product).

The figures are printed and saved to bench/results/retrieval_quality.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from documents_harness import DOCUMENTS, RESULTS, add_server_options, load_yaml, server
from personagraph.documents.ingestion import Document, add_document
from personagraph.documents.ranking import Signals
from personagraph.documents.retrieval import RetrievalConfig, retrieve_context
from personagraph.embedding import MiniLmEmbedder
from personagraph.matching import match_personas
from personagraph.seeding import pipeline
from personagraph.store import Store, migrations
from personagraph.store.wipe import wipe

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PERSONA = "hr-business-partner-learner"  # holds every document; any persona would do
SIGNALS = [Signals.LEXICAL, Signals.VECTOR, Signals.FUSED]


def _rank_of(found: list[Any], doc: str, section: str) -> int | None:
    for rank, chunk in enumerate(found, 1):
        if chunk.source == doc and chunk.section.split(" > ")[-1] == section:
            return rank
    return None


def _summary(ranks: list[int | None]) -> dict[str, float]:
    count = len(ranks)
    return {
        "recall_at_1": round(sum(1 for r in ranks if r == 1) / count, 3),
        "recall_at_5": round(sum(1 for r in ranks if r is not None and r <= 5) / count, 3),
        "mrr": round(sum(1 / r for r in ranks if r is not None) / count, 3),
    }


def retrieval_quality(store: Store, embedder: MiniLmEmbedder) -> dict[str, Any]:
    began = time.perf_counter()
    for path in sorted(DOCUMENTS.iterdir()):
        document = Document(path.name, path.read_bytes())
        result = add_document(store, embedder, document, persona_id=PERSONA)
        print(f"  added {path.name}: {result.chunk_count} chunks")
    ingest = time.perf_counter() - began
    questions = load_yaml("retrieval_questions.yaml")["questions"]
    config = RetrievalConfig()
    figures: dict[str, Any] = {
        "documents": len(list(DOCUMENTS.iterdir())),
        "questions": len(questions),
        "ingest_seconds": round(ingest, 2),
    }
    misses: list[dict[str, Any]] = []
    for signals in SIGNALS:
        ranks: list[int | None] = []
        for item in questions:
            found = retrieve_context(
                store,
                embedder,
                PERSONA,
                item["q"],
                max_chunks=5,
                threshold=0.0,
                config=config,
                signals=signals,
            )
            rank = _rank_of(found, item["doc"], item["section"])
            ranks.append(rank)
            if signals is Signals.FUSED and (rank is None or rank > 1):
                top = found[0] if found else None
                misses.append(
                    {
                        "q": item["q"],
                        "expected": f"{item['doc']} / {item['section']}",
                        "rank": rank,
                        "first": f"{top.source} / {top.section}" if top else None,
                    }
                )
        figures[signals.value] = _summary(ranks)
        print(f"  retrieval {signals.value:8} {figures[signals.value]}")
    kept = []
    for item in questions:
        found = retrieve_context(store, embedder, PERSONA, item["q"], config=config)
        kept.append(_rank_of(found, item["doc"], item["section"]))
    figures["fused_at_default_threshold"] = {
        **_summary(kept),
        "threshold": config.threshold,
    }
    at_threshold = figures["fused_at_default_threshold"]
    print(f"  retrieval fused at threshold {config.threshold}: {at_threshold}")
    figures["fused_misses"] = misses
    return figures


def persona_quality(store: Store, embedder: MiniLmEmbedder) -> dict[str, Any]:
    requests = load_yaml("persona_requests.yaml")["requests"]
    match_personas(store, embedder, "warm up", 1)  # embeds the catalog's characteristics
    personas = [row["id"] for row in store.read("read/matching/persona_facts")]
    role_of = {pid: pid.rsplit("-", 1)[0] for pid in personas}
    figures: dict[str, Any] = {"personas": len(personas), "requests": len(requests)}
    for signals in SIGNALS:
        top1 = role = top5 = 0
        misses = []
        for item in requests:
            found = [
                m.id
                for m in match_personas(
                    store, embedder, item["text"], 5, refresh=False, signals=signals
                )
            ]
            want = item["persona"]
            first = found[0] if found else None
            top1 += first == want
            role += first is not None and role_of[first] == role_of[want]
            top5 += want in found
            if first != want:
                misses.append({"text": item["text"], "expected": want, "first": first})
        count = len(requests)
        figures[signals.value] = {
            "top_1": round(top1 / count, 3),
            "top_1_role": round(role / count, 3),
            "top_5": round(top5 / count, 3),
        }
        figures[f"{signals.value}_misses"] = misses
        print(f"  personas  {signals.value:8} {figures[signals.value]}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_server_options(parser)
    arguments = parser.parse_args()
    embedder = MiniLmEmbedder()
    with server(arguments) as spec, Store.open(spec) as store:
        wipe(store)
        migrations.migrate(store)
        pipeline.load(store, pipeline.prepare(SEEDS))
        figures = {
            "model": embedder.model_id,
            "retrieval": retrieval_quality(store, embedder),
            "persona_matching": persona_quality(store, embedder),
        }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "retrieval_quality.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"saved {RESULTS / 'retrieval_quality.json'}")


if __name__ == "__main__":
    main()
