"""Reading a catalog directory and checking all of it before anything is written.

Every problem is collected, not just the first: each names the file, the path
inside it (``personas[12].pain_points[3].severity``), the bad value and the
rule it breaks. Only a catalog without problems comes out of :func:`read_catalog`.

Only regular files are read, each up to ``catalog_max_file_bytes``: a FIFO, a device,
a folder named like a catalog file or an oversized file is a problem that names it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError

from personagraph.errors import UnreadableFile, ValidationFailed
from personagraph.model.catalog import (
    ArchetypeLibraryFile,
    Catalog,
    FunctionFile,
    JtbdLibraryFile,
    OpportunityLibraryFile,
    ServiceLayerLibraryFile,
)
from personagraph.model.routing import PolicyFile, RoutingFiles, RuleFile
from personagraph.model.templates import TemplateFile, WorkforceTemplate
from personagraph.regular_files import describe, read_regular
from personagraph.seeding.routing_validation import routing_problems
from personagraph.settings import get_settings

M = TypeVar("M", bound=BaseModel)
SUFFIXES = (".yaml", ".yml", ".json")
LIBRARY: dict[str, type[BaseModel]] = {
    "archetypes": ArchetypeLibraryFile,
    "service_layers": ServiceLayerLibraryFile,
    "jtbds": JtbdLibraryFile,
    "opportunities": OpportunityLibraryFile,
}
# routing/<name>.yaml: optional as a folder, but with both files when it is there.
ROUTING: dict[str, type[BaseModel]] = {"rules": RuleFile, "policies": PolicyFile}
_NO_VALUE = object()
LIMIT_SETTING = "PERSONAGRAPH_CATALOG_MAX_FILE_BYTES"
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """libyaml's safe loader when available (C, not Python), refusing repeated keys.

    YAML keeps the last of two equal keys silently; in a catalog that hides an edit.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in one mapping", mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def read_catalog_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of one catalog (or rules, or building-block) file.

    Args:
        limit: the most bytes accepted; the ``catalog_max_file_bytes`` setting by default.

    Raises:
        UnreadableFile: ``path`` is not a regular file (its kind is named), is over the
            limit, or cannot be read.
    """
    limit = get_settings().catalog_max_file_bytes if limit is None else limit
    return read_regular(path, limit, setting=LIMIT_SETTING)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalog, located precisely."""

    file: str
    location: str
    message: str
    value: object = _NO_VALUE

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        got = "" if self.value is _NO_VALUE else f" (got {_show(self.value)})"
        return f"{where}: {self.message}{got}"


def read_catalog(root: Path, *, max_file_bytes: int | None = None) -> Catalog:
    """Parse and validate every file of the catalog at ``root``.

    Args:
        max_file_bytes: the largest file read; the ``catalog_max_file_bytes`` setting
            by default.

    Raises:
        ValidationFailed: lists every problem found, across all files.
    """
    reader = _Reader(root, max_file_bytes)
    library: dict[str, Any] = {
        name: reader.library_file(name, model) for name, model in LIBRARY.items()
    }
    functions = [(path, reader.model(path, FunctionFile)) for path in reader.function_files()]
    valid_functions = [(path, f) for path, f in functions if f is not None]
    # A reference can only be judged against files that were read: with an invalid
    # function file, "no persona experiences this pain" could be false.
    every_function_valid = bool(functions) and len(valid_functions) == len(functions)
    reader.problems.extend(
        _cross_file_problems(
            root, library, valid_functions, reader.library_names, every_function_valid
        )
    )
    routing = reader.routing_files()
    if routing is not None:
        found = routing_problems(
            routing, [f for _, f in valid_functions], check_catalog_names=every_function_valid
        )
        reader.problems.extend(
            Problem(file, location, message, _NO_VALUE if value is None else value)
            for file, location, message, value in found
        )
    templates = [(path, reader.model(path, TemplateFile)) for path in reader.template_files()]
    valid_templates = [(reader.name(path), t) for path, t in templates if t is not None]
    reader.problems.extend(
        _template_problems(valid_templates, [f for _, f in valid_functions], every_function_valid)
    )
    if reader.problems:
        raise ValidationFailed([str(problem) for problem in reader.problems])
    return Catalog.model_construct(
        archetypes=library["archetypes"],
        service_layers=library["service_layers"],
        jtbds=library["jtbds"],
        opportunities=library["opportunities"],
        functions=[function for _, function in valid_functions],
        routing=routing,
        templates=[t for _, file in valid_templates for t in file.templates],
    )


def read_routing(path: Path) -> RoutingFiles:
    """A candidate rule set: a folder with rules.yaml and policies.yaml, or a catalog
    (checked whole) whose routing/ has them.

    Without the catalog, names of functions, roles and personas cannot be checked; the
    rest is (shape, policy references, gaps, ties, dead rules).

    Raises:
        ValidationFailed: every problem, located.
    """
    if (path / "functions").is_dir():
        catalog = read_catalog(path)
        if catalog.routing is None:
            raise ValidationFailed([f"{path}: the catalog has no routing/ folder"])
        return catalog.routing
    folder = path / "routing" if (path / "routing").is_dir() else path
    reader = _Reader(folder.parent, None)
    routing = None
    if not folder.is_dir():
        reader.problems.append(Problem(str(path), "", "no such folder of routing rules"))
    else:
        routing = reader.routing_files(folder)
    if routing is not None:
        found = routing_problems(routing, [], check_catalog_names=False)
        reader.problems.extend(
            Problem(file, location, message, _NO_VALUE if value is None else value)
            for file, location, message, value in found
        )
    if reader.problems or routing is None:
        raise ValidationFailed([str(problem) for problem in reader.problems])
    return routing


def parse_routing(rules: Any, policies: Any) -> RoutingFiles:
    """A candidate rule set given as two JSON documents (the files' content).

    Raises:
        ValidationFailed: every problem, located in ``rules`` or ``policies``.
    """
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    for name, document in (("rules", rules), ("policies", policies)):
        try:
            parsed[name] = ROUTING[name].model_validate(document)
        except ValidationError as exc:
            problems.extend(_from_validation_error(name, exc))
    if not problems:
        routing = RoutingFiles.model_construct(**parsed)
        found = routing_problems(routing, [], check_catalog_names=False)
        problems += [Problem("rules", location, message) for _, location, message, _ in found]
    if problems:
        raise ValidationFailed([str(problem) for problem in problems])
    return RoutingFiles.model_construct(**parsed)


class _Reader:
    def __init__(self, root: Path, limit: int | None) -> None:
        self.root = root
        self.limit = get_settings().catalog_max_file_bytes if limit is None else limit
        self.problems: list[Problem] = []
        self.library_names: dict[str, str] = {}
        if not root.is_dir():
            self.problems.append(Problem(str(root), "", _not_a_catalog(root)))

    def library_file(self, name: str, model: type[M]) -> M | None:
        candidates = [self.root / "library" / f"{name}{suffix}" for suffix in SUFFIXES]
        # Anything by that name, so that a FIFO or a folder is named, not called missing.
        found = [path for path in candidates if path.exists() or path.is_symlink()]
        if not found:
            self.problems.append(
                Problem(f"library/{name}.yaml", "", "missing library file (.yaml or .json)")
            )
            return None
        self.library_names[name] = self._name(found[0])
        return self.model(found[0], model)

    def routing_files(self, folder: Path | None = None) -> RoutingFiles | None:
        """Both files of ``folder`` (default ``routing/``), or None without the folder or
        with a bad file."""
        folder = folder or self.root / "routing"
        if not folder.is_dir():
            return None
        files: dict[str, Any] = {}
        for name, model in ROUTING.items():
            candidates = [folder / f"{name}{suffix}" for suffix in SUFFIXES]
            # Anything by that name, so that a FIFO or a folder is named, not called missing.
            found = [path for path in candidates if path.exists() or path.is_symlink()]
            if not found:
                missing = self._name(folder / f"{name}.yaml")
                self.problems.append(Problem(missing, "", "missing routing file (.yaml or .json)"))
                continue
            files[name] = self.model(found[0], model)
        if any(files.get(name) is None for name in ROUTING):
            return None
        return RoutingFiles.model_construct(rules=files["rules"], policies=files["policies"])

    def function_files(self) -> list[Path]:
        folder = self.root / "functions"
        files = (
            sorted(p for p in folder.glob("*") if p.suffix in SUFFIXES) if folder.is_dir() else []
        )
        if not files and self.root.is_dir():
            self.problems.append(
                Problem("functions/", "", "no function files: add functions/<function>.yaml")
            )
        return files

    def template_files(self) -> list[Path]:
        """``templates/*`` (optional: a catalog without templates has none)."""
        folder = self.root / "templates"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*") if p.suffix in SUFFIXES)

    def name(self, path: Path) -> str:
        return self._name(path)

    def model(self, path: Path, model: type[M]) -> M | None:
        name = self._name(path)
        data = self._parse(path, name)
        if data is _NO_VALUE:
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(_from_validation_error(name, exc))
            return None

    def _parse(self, path: Path, name: str) -> Any:
        try:
            text = read_catalog_file(path, self.limit).decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(
                Problem(name, f"byte {exc.start}", "not UTF-8 text: save the file as UTF-8")
            )
            return _NO_VALUE
        except UnreadableFile as exc:
            self.problems.append(Problem(name, "", exc.reason))
            return _NO_VALUE
        try:
            return json.loads(text) if path.suffix == ".json" else yaml.load(text, StrictLoader)
        except yaml.YAMLError as exc:
            self.problems.append(Problem(name, _mark(exc, "problem_mark"), _yaml_reason(exc)))
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            self.problems.append(Problem(name, where, f"malformed JSON: {exc.msg}"))
        return _NO_VALUE

    def _name(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _not_a_catalog(root: Path) -> str:
    try:
        mode = root.stat().st_mode
    except OSError:
        return "no such catalog directory"
    return f"not a catalog directory: it is {describe(root, mode)}"


def _from_validation_error(name: str, exc: ValidationError) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        message = error["msg"].removeprefix("Value error, ")
        value = error.get("input", _NO_VALUE)
        # A whole persona (or list) says nothing useful; a missing field has no value.
        if error["type"] == "missing" or isinstance(value, dict | list):
            value = _NO_VALUE
        if error["type"] == "extra_forbidden":
            message = _unknown_field(error["loc"])
            value = _NO_VALUE
        yield Problem(name, _location(error["loc"]), message, value)


def _unknown_field(loc: tuple[int | str, ...]) -> str:
    field = str(loc[-1])
    others = [name for name in _known_fields() if name != field]
    close = difflib.get_close_matches(field, others, n=1, cutoff=0.75)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown field {field!r}{hint}"


@cache
def _known_fields() -> list[str]:
    names: set[str] = set()
    pending: list[type[BaseModel]] = [
        *LIBRARY.values(),
        *ROUTING.values(),
        FunctionFile,
        TemplateFile,
    ]
    while pending:
        model = pending.pop()
        for name, info in model.model_fields.items():
            names.add(name)
            pending.extend(_models_in(info.annotation))
    return sorted(names)


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _mark(exc: yaml.YAMLError, attribute: str) -> str:
    mark = getattr(exc, attribute, None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def _yaml_reason(exc: yaml.YAMLError) -> str:
    reason = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    # The context says where the unfinished construct began, e.g. an unclosed "[".
    started = f" ({context} that starts at {_mark(exc, 'context_mark')})" if context else ""
    return f"malformed YAML: {reason}{started}"


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _show(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _cross_file_problems(
    root: Path,
    library: dict[str, Any],
    functions: list[tuple[Path, FunctionFile]],
    library_names: dict[str, str],
    every_function_valid: bool,
) -> list[Problem]:
    names = [path.relative_to(root).as_posix() for path, _ in functions]
    files = list(zip(names, (f for _, f in functions), strict=True))
    problems = _repeated_identities(files)
    if library["jtbds"] is not None:
        problems += _persona_references(files, library["jtbds"])
    if library["opportunities"] is not None and library["jtbds"] is not None:
        problems += _opportunity_references(
            files,
            library["opportunities"],
            library["jtbds"],
            library_names["opportunities"],
            check_pains=every_function_valid,
        )
    return problems


def _repeated_identities(files: list[tuple[str, FunctionFile]]) -> list[Problem]:
    """Keys that must be unique across the catalog: function keys, role keys, persona ids."""
    # (file, location, value) for each identity, in file order; the first use wins.
    kinds: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
        "function key": ("function key also used in", []),
        "role key": ("role key also defined in", []),
        "persona id": ("duplicate persona id, first used in", []),
    }
    for name, function in files:
        kinds["function key"][1].append((name, "key", function.key))
        kinds["role key"][1].extend(
            (name, f"roles[{i}].key", role.key) for i, role in enumerate(function.roles)
        )
        kinds["persona id"][1].extend(
            (name, f"personas[{i}].id", p.id) for i, p in enumerate(function.personas)
        )
    problems: list[Problem] = []
    for message, uses in kinds.values():
        first: dict[str, str] = {}
        for name, location, value in uses:
            if value in first:
                problems.append(Problem(name, location, f"{message} {first[value]}", value))
            # "functions/x.yaml personas[3]": the entry, not its key field.
            entry = location.rsplit(".", 1)[0] if "." in location else ""
            first.setdefault(value, f"{name} {entry}".strip())
    return problems


def _persona_references(
    files: list[tuple[str, FunctionFile]], jtbds: JtbdLibraryFile
) -> list[Problem]:
    outcomes = {job.key: {o.key for o in job.outcomes} for job in jtbds.jtbds}
    problems: list[Problem] = []
    for name, function in files:
        for i, persona in enumerate(function.personas):
            for j, job in enumerate(persona.jtbds):
                where = f"personas[{i}].jtbds[{j}]"
                if job.key not in outcomes:
                    problems.append(
                        Problem(
                            name,
                            f"{where}.key",
                            "unknown JTBD: add it to library/jtbds.yaml or fix the key",
                            job.key,
                        )
                    )
                    continue
                for k, rating in enumerate(job.outcome_ratings):
                    if rating.outcome not in outcomes[job.key]:
                        problems.append(
                            Problem(
                                name,
                                f"{where}.outcome_ratings[{k}].outcome",
                                f"JTBD {job.key!r} has no such outcome "
                                f"(it has: {', '.join(sorted(outcomes[job.key]))})",
                                rating.outcome,
                            )
                        )
    return problems


def _opportunity_references(
    files: list[tuple[str, FunctionFile]],
    opportunities: OpportunityLibraryFile,
    jtbds: JtbdLibraryFile,
    name: str,
    check_pains: bool,
) -> list[Problem]:
    pains = {p.key for _, f in files for persona in f.personas for p in persona.pain_points}
    jobs = {job.key for job in jtbds.jtbds}
    problems: list[Problem] = []
    for i, opportunity in enumerate(opportunities.opportunities):
        for j, link in enumerate(opportunity.addresses):
            if check_pains and link.key not in pains:
                problems.append(
                    Problem(
                        name,
                        f"opportunities[{i}].addresses[{j}].pain_point",
                        "no persona experiences this pain point (the text must match one "
                        "exactly, ignoring case and outer punctuation)",
                        link.pain_point,
                    )
                )
        for j, key in enumerate(opportunity.supports):
            if key not in jobs:
                problems.append(
                    Problem(
                        name,
                        f"opportunities[{i}].supports[{j}]",
                        "unknown JTBD: add it to library/jtbds.yaml or fix the key",
                        key,
                    )
                )
    return problems


def _template_problems(
    files: list[tuple[str, TemplateFile]], functions: list[FunctionFile], check_roles: bool
) -> list[Problem]:
    """Template keys unique across files; a workforce template's role exists and has
    personas to start from (an archetype without one is not offered)."""
    problems: list[Problem] = []
    first: dict[str, str] = {}
    variants: dict[str, set[str]] = {}
    for function in functions:
        for role in function.roles:
            variants.setdefault(role.key, set())
        for persona in function.personas:
            variants.setdefault(persona.role, set()).add(persona.archetype.value)
    for name, file in files:
        for i, template in enumerate(file.templates):
            if template.key in first:
                problems.append(
                    Problem(
                        name,
                        f"templates[{i}].key",
                        f"duplicate template key, first used in {first[template.key]}",
                        template.key,
                    )
                )
            first.setdefault(template.key, f"{name} templates[{i}]")
            if not check_roles or not isinstance(template, WorkforceTemplate):
                continue
            where = f"templates[{i}].role"
            if template.role not in variants:
                problems.append(
                    Problem(name, where, "unknown role: no function file defines it", template.role)
                )
                continue
            if not variants[template.role]:
                problems.append(
                    Problem(
                        name,
                        where,
                        "the role has no persona for the template to start from; add one "
                        "per archetype to its function file",
                        template.role,
                    )
                )
    return problems
