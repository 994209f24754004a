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

``synthetic_pools`` builds the vocabulary, ``synthetic_personas`` draws each persona and
this module writes the files: functions, then libraries and opportunities.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import yaml

from personagraph.errors import ValidationFailed
from personagraph.model.catalog import (
    ArchetypeLibraryFile,
    JtbdDefinition,
    JtbdLibraryFile,
    OpportunityDefinition,
    OpportunityLibraryFile,
    OpportunityPainLink,
    RoleDefinition,
    ServiceLayerLibraryFile,
    normalize_key,
)
from personagraph.seeding.synthetic_personas import bounded, draw_persona
from personagraph.seeding.synthetic_pools import (
    FACETS,
    Pool,
    Qualifiers,
    Source,
    Vocabulary,
    build_vocabulary,
    item_key,
    pool_size,
    qualified_variants,
    qualify_key,
    qualify_name,
    qualify_sentence,
    read_source,
    read_yaml,
    slugify,
)

__all__ = ["SyntheticStats", "write_synthetic_catalog"]

VARIANT_STATUSES = ("identified", "identified", "evaluating", "evaluating", "piloting")
REPORT_STEPS = 200  # progress callbacks per run, however large N is
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


LINK_FIELDS = (*(f.field for f in FACETS), "service_layers", "jtbds")


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
            {"key": slugify(t).upper(), "title": t, "seniority_level": level}
        )
        for t, level in titles
    ]


def _write_function(
    path: Path, v: Vocabulary, rng: Random, name: str, size: int, tally: _Tally
) -> None:
    roles = _roles(rng, name, size)
    tally.roles += len(roles)
    header = {
        "key": slugify(name).upper(),
        "name": name,
        "description": f"Synthetic {name} function for scale benchmarks.",
        "roles": [role.model_dump(mode="json") for role in roles],
    }
    slug = slugify(name, "-")
    with path.open("w", encoding="utf-8") as out:
        # The header object is left open so that personas can be written one at a time.
        out.write(json.dumps(header)[:-1] + ', "personas": [\n')
        for number in range(1, size + 1):
            persona = draw_persona(v, rng, rng.choice(roles), f"synth-{slug}-{number}")
            out.write(("" if number == 1 else ",\n") + json.dumps(persona, separators=(",", ":")))
            tally.add(persona)
        out.write("\n]}\n")


def _opportunities(
    v: Vocabulary, source: Source, tally: _Tally, rng: Random
) -> OpportunityLibraryFile:
    used = {normalize_key(text) for text in tally.pains}
    # Only pains some persona experiences may be addressed, or the catalog would not load.
    pains = Pool([item for item in v.pools["pain_points"].items if item_key(item) in used])
    known_jobs = {job.key for job in v.jtbds}

    def compose(base: OpportunityDefinition, qualifiers: Qualifiers) -> dict[str, Any] | None:
        name = qualify_name(base.name, qualifiers)
        description = qualify_sentence(base.description, qualifiers)
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
                "key": qualify_key(base.key, qualifiers),
                "name": name,
                "description": description.rstrip(".") + ".",
                "status": rng.choice(VARIANT_STATUSES) if qualifiers else base.status,
                "addresses": [link.model_dump() for link in links.values()],
                "supports": list(dict.fromkeys(jobs)),
            }
            | _opportunity_figures(rng, base)
        )

    size = pool_size(0.3, tally.total, minimum=12)
    ranked = qualified_variants(source.opportunities, size, compose, lambda o: str(o["key"]), rng)
    return OpportunityLibraryFile.model_validate({"opportunities": ranked})


def _opportunity_figures(rng: Random, base: OpportunityDefinition) -> dict[str, Any]:
    # A regional or portfolio variant is worth less than the whole and costs about as much.
    value = base.estimated_annual_value_usd * rng.uniform(0.2, 1)
    effort = bounded(base.effort_person_months * rng.uniform(0.7, 1.3), 0.5, 240)
    return {
        "feasibility": round(bounded(base.feasibility + rng.uniform(-0.1, 0.1), 0.05, 1), 2),
        "estimated_annual_value_usd": round(value / 1000) * 1000,
        "effort_person_months": round(effort, 1),
    }


def _write_libraries(source: Path, target: Path, jtbds: Sequence[JtbdDefinition]) -> None:
    archetypes = ArchetypeLibraryFile.model_validate(read_yaml(source / "archetypes.yaml"))
    layers = ServiceLayerLibraryFile.model_validate(read_yaml(source / "service_layers.yaml"))
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
        ValidationFailed: ``personas`` is below 1 or ``out`` is not empty.
        pydantic.ValidationError: a file under ``source`` breaks its model.
    """
    if personas < 1:
        raise ValidationFailed([f"personas is {personas}; ask for at least 1 persona"])
    if out.exists() and any(out.iterdir()):
        raise ValidationFailed(
            [f"{out} is not empty; write the synthetic catalog to a new directory"]
        )
    rng, real = Random(seed), read_source(source)
    vocabulary = build_vocabulary(real, personas, rng)
    (out / "library").mkdir(parents=True)
    (out / "functions").mkdir()
    _write_libraries(source / "library", out / "library", vocabulary.jtbds)
    tally, plan = _Tally(personas, report), _apportion(rng, personas)
    for name, size in plan:
        _write_function(
            out / "functions" / f"{slugify(name)}.json", vocabulary, rng, name, size, tally
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
