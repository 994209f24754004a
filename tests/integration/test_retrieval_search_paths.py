"""The full-text search of a persona holding most of the chunks keeps to its scope after
searching; when the words it was asked are mostly in other personas' chunks, it searches
again with its scope as a filter, so its own matching chunk is still found."""

from __future__ import annotations

import pytest

from personagraph.documents.ingestion import Document, add_document
from personagraph.documents.ranking import Signals
from personagraph.documents.retrieval import retrieve_context
from personagraph.embedding import MiniLmEmbedder
from personagraph.seeding import pipeline
from personagraph.store import Store, migrations
from personagraph.store.wipe import wipe
from tests.integration.test_document_retrieval import LEARNER, MINIMAL, OTHER

_GARDEN_TOPICS = [
    "compost", "pruning", "seedlings", "mulch", "watering", "hedges", "bulbs", "roses",
    "weeds", "soil", "tomatoes", "herbs", "lawns", "trellis", "ponds", "orchards",
    "greenhouse", "beans", "worms", "slugs", "frost", "ivy", "moss", "peat", "shrubs",
    "ferns", "daisies", "tulips", "squash", "melons", "leeks", "onions", "garlic",
    "potatoes", "carrots", "radishes", "lettuce", "spinach", "chard",
]  # fmt: skip


def _handbook(sections: list[tuple[str, str]]) -> bytes:
    return "\n\n".join(f"## {title}\n\n{body}" for title, body in sections).encode()


@pytest.fixture(scope="module")
def gardens(session_store: Store, embedder: MiniLmEmbedder) -> Store:
    """LEARNER: a garden handbook of 40 sections, one about the lighthouse garden; OTHER:
    12 sections that all say lighthouse, over and over."""
    store = session_store
    wipe(store)
    migrations.migrate(store)
    pipeline.load(store, pipeline.prepare(MINIMAL))
    garden = [(topic.title(), f"Caring for {topic} in a small garden.") for topic in _GARDEN_TOPICS]
    garden.append(("Coast", "The lighthouse garden needs salt-tolerant plants."))
    add_document(store, embedder, Document("garden.md", _handbook(garden)), persona_id=LEARNER)
    lights = [
        (f"Light {n}", f"Lighthouse {n}: the lighthouse keeper climbs the lighthouse stairs.")
        for n in range(12)
    ]
    add_document(store, embedder, Document("lights.md", _handbook(lights)), persona_id=OTHER)
    return store


def test_a_chunk_outranked_by_other_personas_chunks_is_still_found_by_its_words(
    gardens: Store, embedder: MiniLmEmbedder
) -> None:
    datasets = gardens.read("read/documents/datasets", persona_id=None)
    counts = {row["dataset"]["name"]: row["dataset"]["chunk_count"] for row in datasets}
    assert counts == {"garden.md": 40, "lights.md": 12}  # a chunk per section

    # One chunk asked for: 4 candidates wanted, LEARNER holds 40 of 52 chunks, so the
    # search without the filter asks for 11 hits: all of them OTHER's lighthouse sections.
    found = retrieve_context(
        gardens, embedder, LEARNER, "lighthouse", max_chunks=1, threshold=0, signals=Signals.LEXICAL
    )

    assert [(chunk.source, chunk.section) for chunk in found] == [("garden.md", "Coast")]
