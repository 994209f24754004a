"""Synthetic persona catalogs at benchmark scale (``personagraph seed synth``).

The catalog written here has the layout and the models of ``seeds/`` and is worded by
recombining the hand-made catalog, so benchmarks meet the shapes of the real graph:

* Facet texts (pain points, goals, skills, ...), JTBDs and opportunities come from pools
  that grow like ``c * N ** 0.6``: the real texts first, then the same texts qualified
  by a region, portfolio or period. Draws follow a Zipf law over a pool's rank, so a few
  pain points are shared by thousands of personas and most by a handful.
* A persona copies the attributes of a real persona of its archetype (with a little
  jitter) and draws only texts that archetype uses in the real catalog, so archetype
  inference puts it in the quadrant it declares.
* Function files are JSON, because PyYAML is far too slow at 100k personas, and are
  streamed persona by persona, so memory is bounded by the pools, not by N.

The files depend only on N, the seed and the source catalog: one ``random.Random`` makes
every choice, iteration orders are fixed and nothing time-dependent is written.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, count, pairwise, permutations
from pathlib import Path
from random import Random
from typing import Any, TypeVar

import yaml

from personagraph.errors import ConfigurationError
from personagraph.model.catalog import (
    MAX_FACETS,
    Archetype,
    ArchetypeLibraryFile,
    FunctionFile,
    JtbdDefinition,
    JtbdLibraryFile,
    OpportunityDefinition,
    OpportunityLibraryFile,
    OpportunityPainLink,
    Persona,
    PersonaAttributes,
    RoleDefinition,
    ServiceLayerLibraryFile,
    normalize_key,
)

__all__ = ["SyntheticStats", "write_synthetic_catalog"]

T = TypeVar("T")
B = TypeVar("B")
Qualifier = tuple[str, str]  # (phrase that extends a sentence, tag for names and keys)
Qualifiers = tuple[Qualifier, ...]

POOL_GROWTH = 0.6  # vocabularies grow sub-linearly with the population that uses them
ZIPF_EXPONENT = 1.0
MIN_POOL = 40
# Real personas mostly list 3-4 entries per facet; longer lists are rare, and every entry
# costs load time in each benchmark.
FACET_COUNTS, FACET_COUNT_CUM = (3, 4, 5, 6), tuple(accumulate((50, 30, 15, 5)))
ARCHETYPES = tuple(Archetype)
ARCHETYPE_CUM = tuple(accumulate((25, 20, 30, 25)))  # in ARCHETYPES order
SENIORITY = ("entry", "mid", "senior", "director", "executive", "c_suite")
# As in the hand-made catalog: automators and learners sit one level below their role.
SENIORITY_SHIFT = {"AUTOMATOR": -1, "ORCHESTRATOR": 1, "LEARNER": -1, "SKEPTIC": 1}
FREQUENCIES = ("daily", "weekly", "weekly", "weekly", "monthly", "monthly", "quarterly")
VARIANT_STATUSES = ("identified", "identified", "evaluating", "evaluating", "piloting")
REPORT_STEPS = 200  # progress callbacks per run, however large N is
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
FUNCTIONS = (
    "Sales", "Marketing", "Finance", "Engineering", "Human Resources", "Medical Affairs",
    "Clinical Operations", "Regulatory Affairs", "Supply Chain", "Procurement", "Legal",
    "Customer Support", "Product Management", "Data Science", "Quality Assurance",
    "Manufacturing", "Market Access", "Pharmacovigilance", "Corporate Communications",
    "IT Operations", "Risk Management", "Internal Audit", "Business Development",
    "Learning and Development",
)  # fmt: skip
# Title prefix and its seniority; with the kinds below, 40 distinct titles per function.
ROLE_LEVELS = (
    ("Associate", "entry"), ("", "mid"), ("Senior", "senior"), ("Principal", "director"),
    ("Executive", "executive"),
)  # fmt: skip
ROLE_KINDS = (
    "Analyst", "Specialist", "Manager", "Coordinator", "Consultant", "Strategist", "Advisor",
    "Program Manager",
)  # fmt: skip


@dataclass(frozen=True)
class SyntheticStats:
    """What a synthetic catalog holds; ``relationships`` counts the graph edges it loads as."""

    functions: int
    roles: int
    personas: int
    jtbds: int
    pain_points: int
    opportunities: int
    relationships: int


@dataclass(frozen=True)
class _Facet:
    field: str  # the Persona field
    text_field: str | None  # None: each entry is the text itself
    pool_factor: float


FACETS = (
    _Facet("pain_points", "text", 8.0),
    _Facet("goals", "text", 6.0),
    _Facet("challenges", None, 4.0),
    _Facet("motivations", None, 1.5),
    _Facet("frustrations", None, 3.0),
    _Facet("skills", "name", 3.0),
    _Facet("responsibilities", None, 5.0),
    _Facet("stakeholders", "name", 2.0),
    _Facet("activities", "name", 3.0),
)
LINK_FIELDS = (*(f.field for f in FACETS), "service_layers", "jtbds")


@dataclass(frozen=True)
class _Item:
    text: str
    payload: Mapping[str, Any]  # the entry's other fields, as the real catalog wrote them
    archetypes: frozenset[str]  # the archetypes whose real personas use the text


class _Pool:
    """Items ranked by popularity; draws follow a Zipf law over the rank."""

    def __init__(self, items: Sequence[_Item]) -> None:
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

    def draw(self, rng: Random, wanted: int, archetype: Archetype | None) -> list[_Item]:
        indices, cum = self._views[archetype]
        total, wanted = cum[-1], min(wanted, len(indices))
        picked: dict[int, None] = {}  # distinct, in draw order
        while len(picked) < wanted:
            picked[indices[bisect_right(cum, rng.random() * total)]] = None
        return [self.items[i] for i in picked]


@dataclass(frozen=True)
class _Source:
    """What the generator reuses from the hand-made catalog."""

    personas: Sequence[Persona]
    jtbds: Mapping[str, JtbdDefinition]
    opportunities: Sequence[OpportunityDefinition]
    names: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class _Vocabulary:
    pools: Mapping[str, _Pool]
    jtbds: Sequence[JtbdDefinition]
    jtbd_pool: _Pool
    templates: Mapping[tuple[str, str], Sequence[Persona]]
    names: Mapping[str, Sequence[str]]


@dataclass
class _Tally:
    total: int
    report: Callable[[int, int], None] | None
    done: int = 0
    relationships: int = 0
    roles: int = 0
    pains: set[str] = field(default_factory=set)

    def add(self, persona: Mapping[str, Any]) -> None:
        ratings = sum(len(job["outcome_ratings"]) for job in persona["jtbds"])
        # HAS_ROLE and IS_A, one edge per facet entry, one RATES per outcome rating.
        self.relationships += 2 + ratings + sum(len(persona[name]) for name in LINK_FIELDS)
        self.pains.update(p["text"] for p in persona["pain_points"])
        self.done += 1
        step = max(1, self.total // REPORT_STEPS)
        if self.report is not None and (self.done % step == 0 or self.done == self.total):
            self.report(self.done, self.total)


# --- pools ------------------------------------------------------------------------------------


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


def _ranked(
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


def _sentence(base: str, qualifiers: Qualifiers) -> str:
    if not qualifiers:
        return base
    (phrase, _), *more = qualifiers
    tags = f" ({', '.join(tag for _, tag in more)})" if more else ""
    return f"{base.rstrip('. ')} {phrase}{tags}"


def _name(base: str, qualifiers: Qualifiers) -> str:
    return base + (f" ({', '.join(tag for _, tag in qualifiers)})" if qualifiers else "")


def _keyed(base: str, qualifiers: Qualifiers) -> str:
    return "_".join((base, *(_slug(tag) for _, tag in qualifiers)))


def _slug(text: str, separator: str = "_") -> str:
    return re.sub(r"[^a-z0-9]+", separator, text.lower()).strip(separator)


def _pool_size(factor: float, personas: int, minimum: int = MIN_POOL) -> int:
    return max(minimum, round(factor * math.pow(personas, POOL_GROWTH)))


def _bases(
    real: Iterable[Persona], entries: Callable[[Persona], Iterable[tuple[str, Any]]], rng: Random
) -> list[_Item]:
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
    return [_Item(*first[key], frozenset(users[key])) for key in order]


def _facet_pool(facet: _Facet, real: Sequence[Persona], size: int, rng: Random) -> _Pool:
    def entries(persona: Persona) -> Iterator[tuple[str, Any]]:
        for entry in getattr(persona, facet.field):
            if facet.text_field is None:
                yield entry, {}
            else:  # activity shares are drawn per persona, so "percent" is dropped
                rest = entry.model_dump(mode="json", exclude={facet.text_field, "percent"})
                yield getattr(entry, facet.text_field), rest

    # Names (skills, stakeholders, activities) are short, so qualifiers go in parentheses.
    shape, limit = (_name, 120) if facet.text_field == "name" else (_sentence, 400)

    def compose(item: _Item, qualifiers: Qualifiers) -> _Item | None:
        text = shape(item.text, qualifiers)
        return _Item(text, item.payload, item.archetypes) if len(text) <= limit else None

    ranked = _ranked(_bases(real, entries, rng), size, compose, _item_key, rng)
    return _Pool(ranked)


def _item_key(item: _Item) -> str:
    return normalize_key(item.text)


def _jtbd_pool(source: _Source, size: int, rng: Random) -> tuple[list[JtbdDefinition], _Pool]:
    def compose(base: _Item, qualifiers: Qualifiers) -> tuple[JtbdDefinition, _Item]:
        job, key = source.jtbds[base.text], _keyed(base.text, qualifiers)
        # Outcome keys are unique across JTBDs, so a variant's outcomes take its key as prefix.
        outcomes = [
            o.model_dump() | {"key": f"{key}.{o.key.rpartition('.')[2]}"} for o in job.outcomes
        ]
        statement = _sentence(job.statement, qualifiers)
        update = {"key": key, "statement": statement, "outcomes": outcomes}
        variant = JtbdDefinition.model_validate(job.model_dump() | update)
        outcome_keys = tuple(o.key for o in variant.outcomes)
        return variant, _Item(key, {"outcomes": outcome_keys}, base.archetypes)

    bases = _bases(source.personas, lambda p: ((job.key, {}) for job in p.jtbds), rng)
    ranked = _ranked(bases, size, compose, lambda pair: pair[0].key, rng)
    return [job for job, _ in ranked], _Pool([item for _, item in ranked])


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


def _read_yaml(path: Path) -> Any:
    # The C loader, where PyYAML has one, reads the real catalog several times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)  # a safe loader either way


@lru_cache(maxsize=4)  # benchmarks and tests generate many catalogs from one source
def _read_source(source: Path) -> _Source:
    functions = sorted((source / "functions").glob("*.yaml"))
    jtbds = JtbdLibraryFile.model_validate(_read_yaml(source / "library" / "jtbds.yaml"))
    opportunities = _read_yaml(source / "library" / "opportunities.yaml")
    return _Source(
        personas=[
            p for f in functions for p in FunctionFile.model_validate(_read_yaml(f)).personas
        ],
        jtbds={job.key: job for job in jtbds.jtbds},
        opportunities=OpportunityLibraryFile.model_validate(opportunities).opportunities,
        names=_read_yaml(source / "blocks" / "names.yaml"),
    )


def _vocabulary(source: _Source, personas: int, rng: Random) -> _Vocabulary:
    pools = {
        f.field: _facet_pool(f, source.personas, _pool_size(f.pool_factor, personas), rng)
        for f in FACETS
    }
    jtbds, jtbd_pool = _jtbd_pool(source, _pool_size(0.5, personas), rng)
    return _Vocabulary(pools, jtbds, jtbd_pool, _templates(source.personas), source.names)


# --- personas ---------------------------------------------------------------------------------


def _pick(rng: Random, values: Sequence[T], cum: Sequence[int]) -> T:
    return values[bisect_right(cum, rng.random() * cum[-1])]


def _bounded(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _attributes(rng: Random, base: PersonaAttributes) -> dict[str, Any]:
    # Jitter stays small so that the persona keeps its template's quadrant.
    return base.model_dump(mode="json") | {
        "years_of_experience": int(_bounded(base.years_of_experience + rng.randint(-2, 2), 0, 50)),
        "team_size": round(base.team_size * rng.uniform(0.8, 1.2)),
        "budget_authority": round(base.budget_authority * rng.uniform(0.9, 1.05) / 1000) * 1000,
        "stakeholder_count": max(base.stakeholder_count + rng.randint(-1, 1), 0),
        "strategic_time_percent": int(
            _bounded(base.strategic_time_percent + rng.randint(-5, 5), 0, 100)
        ),
        "meeting_ratio": round(_bounded(base.meeting_ratio + rng.uniform(-0.05, 0.05), 0, 1), 2),
    }


def _entry(facet: _Facet, item: _Item, rng: Random) -> Any:
    if facet.text_field is None:
        return item.text
    entry = {facet.text_field: item.text, **item.payload}
    if "severity" in entry:  # the same pain hurts some people more than others
        entry["severity"] = int(_bounded(entry["severity"] + rng.choice((-1, 0, 0, 1)), 1, 5))
    return entry


def _percents(rng: Random, parts: int) -> list[int]:
    """``parts`` multiples of 5, none zero, that sum to 100."""
    cuts = [0, *sorted(rng.sample(range(1, 20), parts - 1)), 20]
    return [5 * (high - low) for low, high in pairwise(cuts)]


def _service_layers(rng: Random, template: Persona) -> list[dict[str, Any]]:
    ranked = sorted(template.service_layers, key=lambda s: -s.weight)
    keep = len(ranked) - 1 if len(ranked) > 3 and rng.random() < 0.3 else len(ranked)
    return [
        {
            "layer": s.layer.value,
            "weight": round(_bounded(s.weight + rng.uniform(-0.05, 0.05), 0, 1), 2),
        }
        for s in ranked[:keep]
    ]


def _job(rng: Random, item: _Item) -> dict[str, Any]:
    outcomes = item.payload["outcomes"]
    rated = rng.sample(outcomes, min(len(outcomes), rng.choice((1, 2, 2))))
    ratings = [
        {"outcome": o, "importance": rng.randint(6, 10), "satisfaction": rng.randint(2, 7)}
        for o in rated
    ]
    return {
        "key": item.text,
        "importance": rng.randint(5, 10),
        "frequency": rng.choice(FREQUENCIES),
        "outcome_ratings": ratings,
    }


def _persona(v: _Vocabulary, rng: Random, role: RoleDefinition, persona_id: str) -> dict[str, Any]:
    archetype = _pick(rng, ARCHETYPES, ARCHETYPE_CUM)
    rank = _bounded(SENIORITY.index(role.seniority_level) + SENIORITY_SHIFT[archetype], 0, 5)
    template = rng.choice(v.templates[archetype, SENIORITY[int(rank)]])
    person = f"{rng.choice(v.names['first_names'])} {rng.choice(v.names['last_names'])}"
    persona: dict[str, Any] = {
        "id": persona_id,
        "name": f"{person} - {role.title} ({archetype.title()})",
        "title": role.title,
        "role": role.key,
        "archetype": archetype.value,
        "tagline": f"{template.tagline.split()[0]} {role.title}",
        "attributes": _attributes(rng, template.attributes),
    }
    for facet in FACETS:
        items = v.pools[facet.field].draw(rng, _pick(rng, FACET_COUNTS, FACET_COUNT_CUM), archetype)
        persona[facet.field] = [_entry(facet, item, rng) for item in items]
    activities = persona["activities"]
    for activity, percent in zip(activities, _percents(rng, len(activities)), strict=True):
        activity["percent"] = percent
    persona["service_layers"] = _service_layers(rng, template)
    jobs = v.jtbd_pool.draw(rng, _pick(rng, FACET_COUNTS, FACET_COUNT_CUM), archetype)
    persona["jtbds"] = [_job(rng, item) for item in jobs]
    return persona


# --- files ------------------------------------------------------------------------------------


def _apportion(rng: Random, personas: int) -> list[tuple[str, int]]:
    """Functions and their persona counts: uneven, as in real organisations, none empty."""
    names = list(FUNCTIONS[: max(1, min(len(FUNCTIONS), personas // 50))])
    rng.shuffle(names)  # which function is the largest depends on the seed
    weights = [(rank + 1) ** -0.5 for rank in range(len(names))]
    exact = [(personas - len(names)) * w / sum(weights) for w in weights]
    counts = [1 + int(share) for share in exact]
    by_remainder = sorted(range(len(names)), key=lambda i: int(exact[i]) - exact[i])
    for i in by_remainder[: personas - sum(counts)]:
        counts[i] += 1
    return sorted(zip(names, counts, strict=True))


def _roles(rng: Random, function: str, personas: int) -> list[RoleDefinition]:
    combos = [(prefix, level, kind) for prefix, level in ROLE_LEVELS for kind in ROLE_KINDS]
    chosen = rng.sample(combos, min(personas, rng.randint(10, 30)))
    titles = [(" ".join(filter(None, (p, function, kind))), level) for p, level, kind in chosen]
    return [
        RoleDefinition.model_validate(
            {"key": _slug(t).upper(), "title": t, "seniority_level": level}
        )
        for t, level in titles
    ]


def _write_function(
    path: Path, v: _Vocabulary, rng: Random, name: str, size: int, tally: _Tally
) -> None:
    roles = _roles(rng, name, size)
    tally.roles += len(roles)
    header = {
        "key": _slug(name).upper(),
        "name": name,
        "description": f"Synthetic {name} function for scale benchmarks.",
        "roles": [role.model_dump(mode="json") for role in roles],
    }
    slug = _slug(name, "-")
    with path.open("w", encoding="utf-8") as out:
        # The header object is left open so that personas can be written one at a time.
        out.write(json.dumps(header)[:-1] + ', "personas": [\n')
        for number in range(1, size + 1):
            persona = _persona(v, rng, rng.choice(roles), f"synth-{slug}-{number}")
            out.write(("" if number == 1 else ",\n") + json.dumps(persona, separators=(",", ":")))
            tally.add(persona)
        out.write("\n]}\n")


def _opportunities(
    v: _Vocabulary, source: _Source, tally: _Tally, rng: Random
) -> OpportunityLibraryFile:
    used = {normalize_key(text) for text in tally.pains}
    # Only pains some persona experiences may be addressed, or the catalog would not load.
    pains = _Pool([item for item in v.pools["pain_points"].items if _item_key(item) in used])
    known_jobs = {job.key for job in v.jtbds}

    def compose(base: OpportunityDefinition, qualifiers: Qualifiers) -> dict[str, Any] | None:
        name, description = _name(base.name, qualifiers), _sentence(base.description, qualifiers)
        if len(name) > 120 or len(description) > 399:
            return None
        links = {link.key: link for link in base.addresses if link.key in used}
        # Pareto-many links: most opportunities address a pain or two, a few a dozen.
        for item in pains.draw(rng, min(int(rng.paretovariate(1.2)), 12), None):
            link = OpportunityPainLink(
                pain_point=item.text, strength=round(rng.uniform(0.3, 0.9), 2)
            )
            links.setdefault(link.key, link)
        # Small catalogs hold only the most performed real jobs, so base links may dangle.
        jobs = [key for key in base.supports if key in known_jobs]
        jobs += [item.text for item in v.jtbd_pool.draw(rng, rng.randint(1, 2), None)]
        return (
            base.model_dump(mode="json")
            | {
                "key": _keyed(base.key, qualifiers),
                "name": name,
                "description": description.rstrip(".") + ".",
                "status": rng.choice(VARIANT_STATUSES) if qualifiers else base.status,
                "addresses": [link.model_dump() for link in links.values()],
                "supports": list(dict.fromkeys(jobs)),
            }
            | _opportunity_figures(rng, base)
        )

    size = _pool_size(0.3, tally.total, minimum=12)
    ranked = _ranked(source.opportunities, size, compose, lambda o: str(o["key"]), rng)
    return OpportunityLibraryFile.model_validate({"opportunities": ranked})


def _opportunity_figures(rng: Random, base: OpportunityDefinition) -> dict[str, Any]:
    # A regional or portfolio variant is worth less than the whole and costs about as much.
    value = base.estimated_annual_value_usd * rng.uniform(0.2, 1)
    effort = _bounded(base.effort_person_months * rng.uniform(0.7, 1.3), 0.5, 240)
    return {
        "feasibility": round(_bounded(base.feasibility + rng.uniform(-0.1, 0.1), 0.05, 1), 2),
        "estimated_annual_value_usd": round(value / 1000) * 1000,
        "effort_person_months": round(effort, 1),
    }


def _write_libraries(source: Path, target: Path, jtbds: Sequence[JtbdDefinition]) -> None:
    archetypes = ArchetypeLibraryFile.model_validate(_read_yaml(source / "archetypes.yaml"))
    layers = ServiceLayerLibraryFile.model_validate(_read_yaml(source / "service_layers.yaml"))
    for name, model in (("archetypes", archetypes), ("service_layers", layers)):
        text = yaml.safe_dump(model.model_dump(mode="json"), sort_keys=False, width=100)
        (target / f"{name}.yaml").write_text(text, encoding="utf-8")
    _write_json(target / "jtbds.json", JtbdLibraryFile(jtbds=list(jtbds)).model_dump(mode="json"))


def _write_json(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def write_synthetic_catalog(
    out: Path,
    personas: int,
    seed: int,
    report: Callable[[int, int], None] | None = None,
    *,
    source: Path = Path("seeds"),
) -> SyntheticStats:
    """Write a synthetic catalog of ``personas`` personas, recombined from a real one.

    Args:
        out: the catalog directory to create; it must be absent or empty.
        personas: how many personas to generate (at least 1).
        seed: the random seed; the same ``personas`` and ``seed`` give byte-identical files.
        report: called with ``(done, total)`` as personas are written, about 200 times a run.
        source: the hand-made catalog whose wording and attributes are recombined.

    Returns:
        What was written, with the number of graph relationships it loads as.

    Raises:
        ConfigurationError: ``personas`` is below 1 or ``out`` is not empty.
        pydantic.ValidationError: a file under ``source`` breaks its model.
    """
    if personas < 1:
        raise ConfigurationError(f"personas is {personas}; ask for at least 1 persona")
    if out.exists() and any(out.iterdir()):
        raise ConfigurationError(
            f"{out} is not empty; write the synthetic catalog to a new directory"
        )
    rng, real = Random(seed), _read_source(source)
    vocabulary = _vocabulary(real, personas, rng)
    (out / "library").mkdir(parents=True)
    (out / "functions").mkdir()
    _write_libraries(source / "library", out / "library", vocabulary.jtbds)
    tally, plan = _Tally(personas, report), _apportion(rng, personas)
    for name, size in plan:
        _write_function(
            out / "functions" / f"{_slug(name)}.json", vocabulary, rng, name, size, tally
        )
    library = _opportunities(vocabulary, real, tally, rng)
    _write_json(out / "library" / "opportunities.json", library.model_dump(mode="json"))
    opportunities = library.opportunities
    outcomes = sum(len(job.outcomes) for job in vocabulary.jtbds)
    links = sum(len(o.addresses) + len(o.supports) + len(o.delivered_via) for o in opportunities)
    return SyntheticStats(
        functions=len(plan),
        roles=tally.roles,
        personas=personas,
        jtbds=len(vocabulary.jtbds),
        pain_points=len(tally.pains),
        opportunities=len(opportunities),
        # IN_FUNCTION per role, HAS_OUTCOME per outcome, three link kinds per opportunity.
        relationships=tally.relationships + tally.roles + outcomes + links,
    )
