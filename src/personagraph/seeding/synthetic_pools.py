"""Text pools for synthetic catalogs: the vocabulary recombined from the real catalog.

A pool holds the distinct texts real personas use, most used first, then the same texts
qualified by a region, portfolio or period, until it reaches ``c * N ** 0.6`` entries.
Draws follow a Zipf law over a pool's rank, restricted to the texts an archetype uses.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, count, permutations
from pathlib import Path
from random import Random
from typing import Any, TypeVar

import yaml

from personagraph.model.catalog import (
    MAX_FACETS,
    Archetype,
    FunctionFile,
    JtbdDefinition,
    JtbdLibraryFile,
    OpportunityDefinition,
    OpportunityLibraryFile,
    Persona,
    normalize_key,
)
from personagraph.seeding.validation import read_catalog_file

__all__ = [
    "ARCHETYPES",
    "FACETS",
    "SENIORITY",
    "Facet",
    "Item",
    "Pool",
    "Qualifiers",
    "Source",
    "Vocabulary",
    "build_vocabulary",
    "item_key",
    "pool_size",
    "qualified_variants",
    "qualify_key",
    "qualify_name",
    "qualify_sentence",
    "read_source",
    "read_yaml",
    "slugify",
]

T = TypeVar("T")
B = TypeVar("B")
Qualifier = tuple[str, str]  # (phrase that extends a sentence, tag for names and keys)
Qualifiers = tuple[Qualifier, ...]

POOL_GROWTH = 0.6  # vocabularies grow sub-linearly with the population that uses them
ZIPF_EXPONENT = 1.0
MIN_POOL = 40
ARCHETYPES = tuple(Archetype)
SENIORITY = ("entry", "mid", "senior", "director", "executive", "c_suite")
# Grouped by dimension: a text is qualified at most once per dimension ("EMEA" and
# "North America" together would contradict each other).
QUALIFIER_GROUPS: tuple[Qualifiers, ...] = (
    (("in the EMEA region", "EMEA"), ("in North America", "North America"),
     ("in APAC markets", "APAC"), ("in Latin America", "LATAM"), ("at global level", "Global")),
    (("for the oncology portfolio", "Oncology"), ("for rare disease programmes", "Rare Disease"),
     ("for enterprise accounts", "Enterprise"), ("for the digital channel", "Digital")),
    (("during quarter close", "Quarter Close"), ("during product launches", "Launch"),
     ("after the reorganisation", "Post-Reorg")),
    (("across business units", "Cross-BU"), ("in the affiliate offices", "Affiliates"),
     ("in regulated markets", "Regulated"), ("in shared services", "Shared Services")),
)  # fmt: skip


@dataclass(frozen=True)
class Facet:
    field: str  # the Persona field
    text_field: str | None  # None: each entry is the text itself
    pool_factor: float


FACETS = (
    Facet("pain_points", "text", 8.0),
    Facet("goals", "text", 6.0),
    Facet("challenges", None, 4.0),
    Facet("motivations", None, 1.5),
    Facet("frustrations", None, 3.0),
    Facet("skills", "name", 3.0),
    Facet("responsibilities", None, 5.0),
    Facet("stakeholders", "name", 2.0),
    Facet("activities", "name", 3.0),
)


@dataclass(frozen=True)
class Item:
    text: str
    payload: Mapping[str, Any]  # the entry's other fields, as the real catalog wrote them
    archetypes: frozenset[str]  # the archetypes whose real personas use the text


class Pool:
    """Items ranked by popularity; draws follow a Zipf law over the rank."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = items
        everyone = self._view(range(len(items)))
        self._views: dict[Archetype | None, tuple[list[int], list[float]]] = {None: everyone}
        for archetype in ARCHETYPES:
            view = self._view(i for i, item in enumerate(items) if archetype in item.archetypes)
            # Too few texts of this archetype to fill a list: draw from the whole pool.
            self._views[archetype] = view if len(view[0]) >= MAX_FACETS else everyone

    @staticmethod
    def _view(indices: Iterable[int]) -> tuple[list[int], list[float]]:
        chosen = list(indices)
        return chosen, list(accumulate((i + 1) ** -ZIPF_EXPONENT for i in chosen))

    def draw(self, rng: Random, wanted: int, archetype: Archetype | None) -> list[Item]:
        indices, cum = self._views[archetype]
        total, wanted = cum[-1], min(wanted, len(indices))
        picked: dict[int, None] = {}  # distinct, in draw order
        while len(picked) < wanted:
            picked[indices[bisect_right(cum, rng.random() * total)]] = None
        return [self.items[i] for i in picked]


@dataclass(frozen=True)
class Source:
    """What the generator reuses from the hand-made catalog."""

    personas: Sequence[Persona]
    jtbds: Mapping[str, JtbdDefinition]
    opportunities: Sequence[OpportunityDefinition]
    names: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Vocabulary:
    """What personas are drawn from: facet pools, JTBD variants, templates and names."""

    pools: Mapping[str, Pool]
    jtbds: Sequence[JtbdDefinition]
    jtbd_pool: Pool
    templates: Mapping[tuple[str, str], Sequence[Persona]]
    names: Mapping[str, Sequence[str]]


def _qualifications(rng: Random) -> Iterator[Qualifiers]:
    """None, then one qualifier, then pairs, then pairs in numbered waves (huge pools only)."""
    group = {q: number for number, qs in enumerate(QUALIFIER_GROUPS) for q in qs}
    single = list(group)
    rng.shuffle(single)
    yield ()
    yield from ((q,) for q in single)
    pairs = [(a, b) for a, b in permutations(single, 2) if group[a] != group[b]]
    rng.shuffle(pairs)
    yield from pairs
    for wave in count(2):
        yield from ((*pair, (f"in wave {wave}", f"Wave {wave}")) for pair in pairs)


def qualified_variants(
    bases: Sequence[B], size: int, compose: Callable[[B, Qualifiers], T | None],
    key: Callable[[T], str], rng: Random,
) -> list[T]:  # fmt: skip
    """The first ``size`` distinct compositions: plain bases first, so they become the hubs."""
    ranked: list[T] = []
    seen: set[str] = set()
    for qualifiers in _qualifications(rng):
        for base in bases:
            item = compose(base, qualifiers)
            if item is not None and key(item) not in seen:
                seen.add(key(item))
                ranked.append(item)
                if len(ranked) == size:
                    return ranked
    raise AssertionError("unreachable: qualifications never run out")


def qualify_sentence(base: str, qualifiers: Qualifiers) -> str:
    """Returns: ``base`` extended by the first qualifier's phrase, the others as tags."""
    if not qualifiers:
        return base
    (phrase, _), *more = qualifiers
    tags = f" ({', '.join(tag for _, tag in more)})" if more else ""
    return f"{base.rstrip('. ')} {phrase}{tags}"


def qualify_name(base: str, qualifiers: Qualifiers) -> str:
    """Returns: ``base`` with the qualifiers' tags in parentheses."""
    return base + (f" ({', '.join(tag for _, tag in qualifiers)})" if qualifiers else "")


def qualify_key(base: str, qualifiers: Qualifiers) -> str:
    """Returns: the key ``base`` extended by the qualifiers' slugged tags."""
    return "_".join((base, *(slugify(tag) for _, tag in qualifiers)))


def slugify(text: str, separator: str = "_") -> str:
    return re.sub(r"[^a-z0-9]+", separator, text.lower()).strip(separator)


def pool_size(factor: float, personas: int, minimum: int = MIN_POOL) -> int:
    return max(minimum, round(factor * math.pow(personas, POOL_GROWTH)))


def _bases(
    real: Iterable[Persona], entries: Callable[[Persona], Iterable[tuple[str, Any]]], rng: Random
) -> list[Item]:
    """The distinct texts real personas use, most used first, tagged with their archetypes."""
    uses: Counter[str] = Counter()
    first: dict[str, tuple[str, Any]] = {}
    users: dict[str, set[str]] = {}
    for persona in real:
        for text, payload in entries(persona):
            key = normalize_key(text)
            uses[key] += 1
            first.setdefault(key, (text, payload))
            users.setdefault(key, set()).add(persona.archetype)
    order = sorted(first, key=lambda key: (-uses[key], rng.random()))  # the seed breaks ties
    return [Item(*first[key], frozenset(users[key])) for key in order]


def _facet_pool(facet: Facet, real: Sequence[Persona], size: int, rng: Random) -> Pool:
    def entries(persona: Persona) -> Iterator[tuple[str, Any]]:
        for entry in getattr(persona, facet.field):
            if facet.text_field is None:
                yield entry, {}
            else:  # activity shares are drawn per persona, so "percent" is dropped
                rest = entry.model_dump(mode="json", exclude={facet.text_field, "percent"})
                yield getattr(entry, facet.text_field), rest

    # Names (skills, stakeholders, activities) are short, so qualifiers go in parentheses.
    shape, limit = (qualify_name, 120) if facet.text_field == "name" else (qualify_sentence, 400)

    def compose(item: Item, qualifiers: Qualifiers) -> Item | None:
        text = shape(item.text, qualifiers)
        return Item(text, item.payload, item.archetypes) if len(text) <= limit else None

    ranked = qualified_variants(_bases(real, entries, rng), size, compose, item_key, rng)
    return Pool(ranked)


def item_key(item: Item) -> str:
    return normalize_key(item.text)


def _jtbd_pool(source: Source, size: int, rng: Random) -> tuple[list[JtbdDefinition], Pool]:
    def compose(base: Item, qualifiers: Qualifiers) -> tuple[JtbdDefinition, Item]:
        job, key = source.jtbds[base.text], qualify_key(base.text, qualifiers)
        # Outcome keys are unique across JTBDs, so a variant's outcomes take its key as prefix.
        outcomes = [
            o.model_dump() | {"key": f"{key}.{o.key.rpartition('.')[2]}"} for o in job.outcomes
        ]
        statement = qualify_sentence(job.statement, qualifiers)
        update = {"key": key, "statement": statement, "outcomes": outcomes}
        variant = JtbdDefinition.model_validate(job.model_dump() | update)
        outcome_keys = tuple(o.key for o in variant.outcomes)
        return variant, Item(key, {"outcomes": outcome_keys}, base.archetypes)

    bases = _bases(source.personas, lambda p: ((job.key, {}) for job in p.jtbds), rng)
    ranked = qualified_variants(bases, size, compose, lambda pair: pair[0].key, rng)
    return [job for job, _ in ranked], Pool([item for _, item in ranked])


def _templates(real: Sequence[Persona]) -> dict[tuple[str, str], list[Persona]]:
    """Per (archetype, seniority): the real personas of the archetype at the nearest seniority."""
    templates: dict[tuple[str, str], list[Persona]] = {}
    for archetype in ARCHETYPES:
        own = [p for p in real if p.archetype == archetype]
        ranks = [SENIORITY.index(p.attributes.seniority_level) for p in own]
        for rank, level in enumerate(SENIORITY):
            gap = min(abs(r - rank) for r in ranks)
            templates[archetype, level] = [
                p for r, p in zip(ranks, own, strict=True) if abs(r - rank) == gap
            ]
    return templates


def read_yaml(path: Path) -> Any:
    # The C loader, where PyYAML has one, reads the real catalog several times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(read_catalog_file(path), Loader=loader)  # a safe loader either way


@lru_cache(maxsize=4)  # benchmarks and tests generate many catalogs from one source
def read_source(source: Path) -> Source:
    """Returns: the personas, JTBDs, opportunities and names of the catalog at ``source``."""
    functions = sorted((source / "functions").glob("*.yaml"))
    jtbds = JtbdLibraryFile.model_validate(read_yaml(source / "library" / "jtbds.yaml"))
    opportunities = read_yaml(source / "library" / "opportunities.yaml")
    return Source(
        personas=[p for f in functions for p in FunctionFile.model_validate(read_yaml(f)).personas],
        jtbds={job.key: job for job in jtbds.jtbds},
        opportunities=OpportunityLibraryFile.model_validate(opportunities).opportunities,
        names=read_yaml(source / "blocks" / "names.yaml"),
    )


def build_vocabulary(source: Source, personas: int, rng: Random) -> Vocabulary:
    """Returns: every pool and template sized for ``personas`` personas, drawn from ``source``."""
    pools = {
        f.field: _facet_pool(f, source.personas, pool_size(f.pool_factor, personas), rng)
        for f in FACETS
    }
    jtbds, jtbd_pool = _jtbd_pool(source, pool_size(0.5, personas), rng)
    return Vocabulary(pools, jtbds, jtbd_pool, _templates(source.personas), source.names)
