"""The behavioral rules file: reading, validating and writing it.

``seeds/behavioral/personas.yaml`` holds the five behavioral personas with the
source's thresholds; editing a threshold there is the whole of a rule change. Every
problem of a bad file is listed, each located (``personas[0].all_of[1].op``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import ValidationError

from personagraph.behavioral.rules_file import BehavioralRulesFile
from personagraph.errors import UnreadableFile, ValidationFailed
from personagraph.inference.behavioral_rules import Criterion, IfMissing, PersonaRule, RuleSet
from personagraph.seeding.validation import StrictLoader, read_catalog_file

__all__ = [
    "DEFAULT_FEATURES_DIR",
    "DEFAULT_RULES_FILE",
    "load_rules",
    "rules_from_mapping",
    "rules_to_mapping",
]

# Next to the seed catalog of the checkout, wherever the command runs from (as cypher/).
SHIPPED: Final = Path(__file__).resolve().parents[3] / "seeds" / "behavioral"
DEFAULT_RULES_FILE: Final = SHIPPED / "personas.yaml"
# The synthetic feature data set; generated there (not committed) when first needed.
DEFAULT_FEATURES_DIR: Final = SHIPPED / "features"
# Union members are tagged in pydantic's error locations; a reader knows them by position.
_TAGS: Final = frozenset({"criterion", "group"})


def load_rules(path: Path) -> RuleSet:
    """Reads and validates a rules file (YAML or JSON).

    Raises:
        ValidationFailed: the file is missing, not a regular file, over
            ``catalog_max_file_bytes``, malformed, or breaks a rule; every problem is
            listed with the file name and its location.
    """
    try:
        data = yaml.load(read_catalog_file(path), StrictLoader)
    except UnreadableFile as exc:
        raise ValidationFailed([f"{exc}; give the rules file's path"]) from exc
    except yaml.YAMLError as exc:
        raise ValidationFailed([f"{path}: malformed YAML: {exc}"]) from exc
    if not isinstance(data, Mapping):
        raise ValidationFailed([f"{path}: expected a mapping with 'personas', got {data!r}"])
    try:
        return rules_from_mapping(data)
    except ValidationFailed as exc:
        raise ValidationFailed([f"{path}: {problem}" for problem in exc.problems]) from exc


def rules_from_mapping(data: Mapping[str, Any]) -> RuleSet:
    """Validates rules given as plain data (what the YAML file holds).

    Raises:
        ValidationFailed: every problem, located, with the value that was given.
    """
    try:
        return BehavioralRulesFile.model_validate(data).to_rules()
    except ValidationError as exc:
        raise ValidationFailed(
            [_problem(error) for error in exc.errors(include_url=False)]
        ) from exc


def _problem(error: Any) -> str:
    where = ""
    for part in error["loc"]:
        if part in _TAGS:
            continue
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    message = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    shown = (
        "" if error["type"] == "missing" or isinstance(value, dict | list) else f" (got {value!r})"
    )
    if error["type"] == "extra_forbidden":
        message, shown = "unknown field; remove it or check its spelling", ""
    return f"{where or 'file'}: {message}{shown}"


def rules_to_mapping(rules: RuleSet) -> dict[str, Any]:
    """Returns: ``rules`` as the plain data :func:`rules_from_mapping` reads."""
    return {"personas": [_persona(p) for p in rules.personas]}


def _persona(p: PersonaRule) -> dict[str, Any]:
    groups = [
        {"any_of": [_criterion(c) for c in group]} if len(group) > 1 else _criterion(group[0])
        for group in p.all_of
    ]
    return {
        "id": p.id,
        "key": p.key,
        "name": p.name,
        "priority": p.priority.value,
        "focus": p.focus,
        "risk": p.risk,
        "all_of": groups,
        "severity": {"feature": p.severity.feature, "scale": p.severity.scale},
    }


def _criterion(c: Criterion) -> dict[str, Any]:
    out: dict[str, Any] = {"feature": c.feature, "op": c.op.value, "threshold": c.threshold}
    if c.if_missing is not IfMissing.FAIL:
        out["if_missing"] = c.if_missing.value
    if c.per_month:
        out["per_month"] = True
    return out
