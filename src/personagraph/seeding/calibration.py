"""Fitting and judging the archetype confidence calibration on a catalog.

``personagraph seed calibrate`` (and ``bench/archetype_reliability.py``) run this. The
labelled sets are variants of the catalog's personas (:mod:`personagraph.inference.labelled`),
each labelled with its base persona's declared archetype:

* the **fitting set** (seed :data:`FIT_SEED`) fits the per-axis noise and the steps;
* the **evaluation set** (seed :data:`EVALUATION_SEED`), never seen by the fit, gives the
  reliability table of docs/archetype-inference.md;
* **held-out functions**: each business function in turn is judged by a calibration
  fitted on the other functions' variants only: roles and wordings the fit never saw;
* the **catalog** itself, its personas against their declared archetypes.

The shipped ``calibration.json`` is the fit of the seed catalog with these seeds; a unit
test fits again and compares, so the file can only be what this module writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from personagraph.inference import calibration as calibration_module
from personagraph.inference.calibration import Calibration
from personagraph.inference.evaluation import (
    ReliabilityTable,
    fit_calibration,
    judge,
    reliability,
)
from personagraph.inference.labelled import Base, LabelledPersona, labelled_variants
from personagraph.inference.weights import DEFAULT_WEIGHTS, InferenceWeights
from personagraph.model.archetype import Archetype
from personagraph.model.catalog import Catalog
from personagraph.seeding.plan import persona_signals

__all__ = [
    "EVALUATION_SEED",
    "FIT_SEED",
    "PER_PERSONA",
    "SHIPPED",
    "CalibrationReport",
    "calibrate",
    "catalog_bases",
    "fit",
    "write_calibration",
]

FIT_SEED: Final = 21
EVALUATION_SEED: Final = 2021
PER_PERSONA: Final = 60
SHIPPED: Final = Path(calibration_module.__file__).with_name(calibration_module.RESOURCE)


@dataclass(frozen=True)
class CalibrationReport:
    """A fitted calibration and how it fares on sets it was not fitted on."""

    calibration: Calibration
    evaluation: ReliabilityTable
    catalog: ReliabilityTable
    held_out: ReliabilityTable | None
    evaluation_members: int


def catalog_bases(catalog: Catalog) -> list[Base]:
    """Returns: every persona of ``catalog`` with its declared archetype and function."""
    return [
        Base(persona.id, Archetype(persona.archetype.value), persona_signals(persona), function.key)
        for function in catalog.functions
        for persona in function.personas
    ]


def fit(bases: Sequence[Base], weights: InferenceWeights = DEFAULT_WEIGHTS) -> Calibration:
    """Returns: the calibration fitted on the fitting set of ``bases``."""
    fitting = labelled_variants(bases, FIT_SEED, PER_PERSONA, weights=weights)
    return fit_calibration(fitting, _described(fitting, bases), weights)


def calibrate(
    catalog: Catalog, weights: InferenceWeights = DEFAULT_WEIGHTS, *, held_out: bool = True
) -> CalibrationReport:
    """Fits the calibration on ``catalog`` and judges it.

    Args:
        catalog: the personas the labelled sets are drawn from.
        weights: the points to use (their calibration is replaced by the fit).
        held_out: also judge each function with a calibration fitted without it (six
            more fits on the seed catalog: seconds).

    Returns:
        The calibration and its reliability tables.
    """
    bases = catalog_bases(catalog)
    fitted = replace(weights, calibration=fit(bases, weights))
    evaluation = labelled_variants(bases, EVALUATION_SEED, PER_PERSONA, weights=weights)
    originals = [LabelledPersona(b.id, b.declared, b.signals, (), (), b.group) for b in bases]
    return CalibrationReport(
        calibration=fitted.calibration,
        evaluation=reliability(judge(evaluation, fitted)),
        catalog=reliability(judge(originals, fitted)),
        held_out=_held_out(bases, evaluation, weights) if held_out else None,
        evaluation_members=len(evaluation),
    )


def write_calibration(calibration: Calibration, path: Path = SHIPPED) -> Path:
    """Writes ``calibration`` as JSON (the shipped file by default); returns the path."""
    data = calibration.to_json()
    steps = data.pop("steps")
    head = json.dumps(data, indent=1)[:-2]  # without the closing brace: the steps follow
    rows = ",\n".join(f"  {json.dumps(step)}" for step in steps)
    path.write_text(f'{head},\n "steps": [\n{rows}\n ]\n}}\n', encoding="utf-8")
    return path


def _held_out(
    bases: Sequence[Base], evaluation: Sequence[LabelledPersona], weights: InferenceWeights
) -> ReliabilityTable:
    judged = []
    for group in sorted({b.group for b in bases}):
        others = [b for b in bases if b.group != group]
        fitted = replace(weights, calibration=fit(others, weights))
        judged += judge([p for p in evaluation if p.group == group], fitted)
    return reliability(judged)


def _described(fitting: Sequence[LabelledPersona], bases: Sequence[Base]) -> str:
    return (
        f"{len(fitting):,} labelled variants ({PER_PERSONA} per persona, seed {FIT_SEED}) "
        f"of {len(bases)} catalog personas, labelled with their declared archetypes"
    )
