"""The persona definitions file: assistant personas in and out as one JSON or YAML file.

The shape is the one the persona services of ``seed-docs/003`` read, keyed by persona::

    {"python_developer": {"name": "Python Developer", "role": "Senior Python engineer",
                          "system_prompt": "...", "context": "...",
                          "expertise": ["python", "testing"], "response_format": "..."}}

plus personagraph's optional fields (``description``, ``icon``, ``category``,
``specialty``, ``tags``, ``settings``, ``is_default``). The key is the persona's id;
``role`` is its ``title`` in the graph (a free-text role, not a ``Role`` node). ``name``
and ``system_prompt`` are required; ``role``, unlike in the source, may be left out (a
persona made from a template has none, and its export must import unchanged).

:func:`parse_definitions` checks a whole file before anything is written and reports
every problem with its persona key and field: bytes that are not UTF-8, malformed JSON
or YAML, a key given twice, wrong types, unknown fields, values over their limits
(never echoed whole), and two personas with one display name.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from personagraph.errors import ValidationFailed
from personagraph.model.persona_edits import SettingsPatch
from personagraph.seeding.validation import StrictLoader

__all__ = [
    "MAX_PROMPT_CHARS",
    "Definition",
    "DefinitionsFormat",
    "parse_definitions",
    "render_definitions",
]

DefinitionsFormat = Literal["json", "yaml"]
MAX_PROMPT_CHARS = 100_000
PersonaKey = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+([_-][a-z0-9]+)*$", max_length=96)
]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
_Prompt = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROMPT_CHARS)
]
_Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
_Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
_Icon = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]

# Definition field -> persona property (only ``role`` is renamed).
PROPERTY_OF = {
    "name": "name",
    "role": "title",
    "system_prompt": "system_prompt",
    "context": "context",
    "expertise": "expertise",
    "response_format": "response_format",
    "description": "description",
    "icon": "icon",
    "category": "category",
    "specialty": "specialty",
    "tags": "tags",
    "settings": "settings",
    "is_default": "is_default",
}


class Definition(BaseModel):
    """One assistant persona of a definitions file (its key is :attr:`id`)."""

    # Parsed strictly: "yes" is not a boolean and 3 is not a name; a wrong type is a problem.
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: PersonaKey
    name: _Short
    role: _Short | None = None
    system_prompt: _Prompt
    context: _Prompt | None = None
    expertise: list[_Short] = Field(default_factory=list, max_length=100)
    response_format: _Text | None = None
    description: _Text | None = None
    icon: _Icon | None = None
    category: _Short | None = None
    specialty: _Short | None = None
    tags: list[_Tag] | None = Field(default=None, max_length=50)
    settings: SettingsPatch | None = None
    is_default: bool = False

    def graph_properties(self) -> dict[str, Any]:
        """Every persona property a definition decides; None where it gives no value, so
        that a field taken out of the file is taken off the persona."""
        values: dict[str, Any] = {
            PROPERTY_OF[field]: getattr(self, field) for field in PROPERTY_OF if field != "settings"
        }
        values["settings"] = None if self.settings is None else self.settings.json_text()
        values["kind"] = "assistant"
        return values

    def entry(self) -> dict[str, Any]:
        """The definition as the file holds it (under its key), optional fields when set."""
        data = self.model_dump(mode="json", exclude={"id"}, exclude_none=True)
        if not self.is_default:
            data.pop("is_default")
        if not self.expertise:
            data.pop("expertise")
        if self.settings is not None:
            data["settings"] = self.settings.model_dump(exclude_none=True)
        return data


def definition_of(persona_id: str, props: Mapping[str, Any]) -> Definition:
    """The definition a stored assistant persona exports as (``props`` as stored)."""
    data: dict[str, Any] = {"id": persona_id}
    for field, prop in PROPERTY_OF.items():
        value = props.get(prop)
        if value is not None:
            data[field] = value
    if isinstance(data.get("settings"), str):
        data["settings"] = json.loads(data["settings"])
    return Definition.model_validate(data, strict=False)


@dataclass(frozen=True)
class _Located:
    key: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.key}.{self.field}" if self.field else self.key
        return f"{where}: {self.message}"


def parse_definitions(
    data: bytes, fmt: DefinitionsFormat, source: str = "definitions"
) -> list[Definition]:
    """Every definition in ``data``, or every problem with it.

    Raises:
        ValidationFailed: each problem as ``<source>: <persona key>.<field>: <what is wrong>``.
    """
    repeats: list[str] = []
    document = _document(data, fmt, source, repeats)
    if not isinstance(document, dict):
        raise ValidationFailed(
            [
                f"{source}: the file must map each persona key to its definition "
                f'({{"<persona key>": {{"name": ..., "role": ..., "system_prompt": ...}}}}), '
                f"not a {type(document).__name__}"
            ]
        )
    problems = [
        _Located(
            key,
            "",
            "this key appears twice in one JSON object (only the last would count); give "
            "each persona, and each field, one entry",
        )
        for key in dict.fromkeys(repeats)
    ]
    problems += _repeated_names(document)
    found: list[Definition] = []
    for key, entry in document.items():
        if not isinstance(entry, dict):
            problems.append(
                _Located(str(key), "", f"must be a mapping of fields, not {_kind(entry)}")
            )
            continue
        try:
            found.append(Definition.model_validate({"id": key, **entry}, strict=True))
        except ValidationError as exc:
            problems.extend(_problems(str(key), exc))
    if problems:
        raise ValidationFailed([f"{source}: {problem}" for problem in problems])
    return found


def render_definitions(definitions: list[Definition], fmt: DefinitionsFormat) -> str:
    """The text of a definitions file holding ``definitions`` in key order."""
    document = {d.id: d.entry() for d in sorted(definitions, key=lambda d: d.id)}
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _document(data: bytes, fmt: DefinitionsFormat, source: str, repeats: list[str]) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationFailed(
            [
                f"{source}: byte {exc.start} (line {line}) is not UTF-8 text "
                f"({data[exc.start : exc.start + 1]!r}): save the file as UTF-8"
            ]
        ) from exc
    if fmt == "json":
        try:
            return json.loads(text, object_pairs_hook=_noting_repeats(repeats))
        except json.JSONDecodeError as exc:
            raise ValidationFailed(
                [f"{source}: line {exc.lineno}, column {exc.colno}: malformed JSON: {exc.msg}"]
            ) from exc
    try:
        return yaml.load(text, StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise ValidationFailed([f"{source}: {where}malformed YAML: {reason}"]) from exc


def _noting_repeats(repeats: list[str]) -> Any:
    """A JSON object hook that notes keys given twice in one object (JSON would keep only
    the last, hiding a definition or a field) and goes on, so every problem is found."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        counts = Counter(key for key, _ in items)
        repeats.extend(key for key, count in counts.items() if count > 1)
        return dict(items)

    return pairs


def _problems(key: str, exc: ValidationError) -> list[_Located]:
    problems = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            nested = error["loc"][0] == "settings" and len(error["loc"]) > 1
            known = SettingsPatch.model_fields if nested else PROPERTY_OF
            problems.append(_Located(key, field, f"unknown field; known: {', '.join(known)}"))
            continue
        if field == "id":
            field, message = "", "the persona key must be lower case letters and digits joined "
            message += "by - or _ (e.g. python_developer), at most 96 characters"
            problems.append(_Located(key, field, f"{message} (got {_show(error.get('input'))})"))
            continue
        got = "" if error["type"] == "missing" else f" (got {_show(error.get('input'))})"
        problems.append(_Located(key, field, f"{error['msg']}{got}"))
    return problems


def _repeated_names(document: Mapping[str, Any]) -> list[_Located]:
    first: dict[str, str] = {}
    problems = []
    for key, entry in document.items():
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        folded = name.strip().casefold()
        if folded in first:
            problems.append(
                _Located(
                    str(key),
                    "name",
                    f"{name!r} is also the name of {first[folded]!r}; give each persona a "
                    "name of its own",
                )
            )
        first.setdefault(folded, str(key))
    return problems


def _kind(value: Any) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


def _show(value: Any) -> str:
    if isinstance(value, str) and len(value) > 60:
        return f"a text of {len(value):,} characters starting {value[:40]!r}"
    if isinstance(value, list | dict) and len(repr(value)) > 60:
        return f"a {type(value).__name__} of {len(value)} entries"
    return "null" if value is None else repr(value)
