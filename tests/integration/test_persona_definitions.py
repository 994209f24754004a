"""The definitions file as the way in and out: checked whole before anything is written,
imported all or nothing, idempotent, exported in the same shape (export -> import is a
no-op), and safe against concurrent importers."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from personagraph.admin import definitions, favourites
from personagraph.admin.changes import Actor
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.cli.app import app
from personagraph.errors import PersonagraphError, ValidationFailed
from personagraph.model.definitions import parse_definitions
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration.assistant_catalog import MINIMAL
from tests.integration.graphql_api import Api, api_for

# The source document's shape: persona key -> name, role, prompt, context, expertise, format.
SOURCE: dict[str, Any] = {
    "python_developer": {
        "name": "Python Developer",
        "role": "Senior Python engineer",
        "system_prompt": "You are a senior Python engineer. Answer with working code.",
        "context": "Backend services, typed Python 3.12.",
        "expertise": ["python", "testing", "packaging"],
        "response_format": "Code first, then a short explanation.",
    },
    "metrics_analyst": {
        "name": "Metrics Analyst",
        "role": "Product metrics analyst",
        "system_prompt": "You define and critique product metrics.",
        "expertise": ["metrics", "experimentation"],
        "category": "analytics",
        "tags": ["kpi"],
        "settings": {"temperature": 0.2, "max_tokens": 800},
    },
    "default_cloud": {
        "name": "Default (cloud)",
        "role": "General assistant",
        "system_prompt": "You are a helpful assistant.",
        "is_default": True,
    },
}
ACTOR = Actor("importer")


@pytest.fixture
def loaded(store: Store) -> Store:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    return store


def write(folder: Path, document: dict[str, Any], name: str = "personas.json") -> Path:
    path = folder / name
    if name.endswith(".json"):
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def run_import(store: Store, path: Path, **options: Any) -> definitions.ImportReport:
    return definitions.import_definitions(store, definitions.read_file(path), ACTOR, **options)


def test_a_file_is_imported_and_importing_it_again_changes_nothing(
    loaded: Store, tmp_path: Path
) -> None:
    path = write(tmp_path, SOURCE)

    first = run_import(loaded, path)
    after_first = fingerprint(loaded)
    second = run_import(loaded, path)

    assert first.created == ["default_cloud", "metrics_analyst", "python_developer"]
    assert (first.updated, first.unchanged, first.retired) == ([], [], [])
    assert second.unchanged == first.created
    assert not second.changed
    assert fingerprint(loaded) == after_first
    [row] = loaded.read("read/persona_versions", ids=["python_developer"])
    assert (row["version"], row["is_active"]) == (1, True)


def test_export_then_import_is_a_no_op_in_either_format(loaded: Store, tmp_path: Path) -> None:
    run_import(loaded, write(tmp_path, SOURCE))
    exported = definitions.export_definitions(loaded)
    before = fingerprint(loaded)

    for fmt in ("json", "yaml"):
        path = tmp_path / f"export.{fmt}"
        path.write_text(exported.text(fmt), encoding="utf-8")
        report = run_import(loaded, path)
        assert report.unchanged == sorted(SOURCE), fmt
        assert not report.changed, fmt

    assert fingerprint(loaded) == before
    # The export has the source's shape: the same keys and fields that went in.
    document = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert document == SOURCE


def test_changed_and_removed_definitions_are_updated_and_retired(
    loaded: Store, tmp_path: Path
) -> None:
    run_import(loaded, write(tmp_path, SOURCE))
    edited = json.loads(json.dumps(SOURCE))
    edited["python_developer"]["system_prompt"] = "You are a Python mentor."
    del edited["python_developer"]["context"]  # a field left out is taken off
    del edited["metrics_analyst"]

    report = run_import(loaded, write(tmp_path, edited, "edited.yaml"))

    assert (report.created, report.updated) == ([], ["python_developer"])
    assert (report.unchanged, report.retired) == (["default_cloud"], ["metrics_analyst"])
    rows = {r["id"]: r for r in loaded.read("read/persona_versions", ids=sorted(SOURCE))}
    assert (rows["python_developer"]["version"], rows["python_developer"]["is_active"]) == (2, True)
    assert (rows["metrics_analyst"]["version"], rows["metrics_analyst"]["is_active"]) == (2, False)
    exported = {d.id: d for d in definitions.export_definitions(loaded).definitions}
    assert exported["python_developer"].context is None
    assert exported["python_developer"].system_prompt == "You are a Python mentor."
    assert "metrics_analyst" not in exported


def test_a_default_persona_the_file_leaves_out_is_refused_and_nothing_changes(
    loaded: Store, tmp_path: Path
) -> None:
    run_import(loaded, write(tmp_path, SOURCE))
    before = fingerprint(loaded)
    without_default = {k: v for k, v in SOURCE.items() if k != "default_cloud"}

    with pytest.raises(ValidationFailed) as refused:
        run_import(loaded, write(tmp_path, without_default, "less.json"))

    assert "default_cloud: is a default persona, which cannot be deleted" in str(refused.value)
    assert fingerprint(loaded) == before


def test_a_key_held_by_a_workforce_persona_is_refused(loaded: Store, tmp_path: Path) -> None:
    clash = {"sales-development-representative-skeptic": SOURCE["python_developer"]}
    before = fingerprint(loaded)

    with pytest.raises(ValidationFailed, match="is a workforce persona in the graph"):
        run_import(loaded, write(tmp_path, clash))

    assert fingerprint(loaded) == before


def test_a_bad_file_is_refused_with_every_problem_named_and_nothing_written(
    loaded: Store, tmp_path: Path
) -> None:
    bad = {
        "wrong_types": {"name": 42, "role": "x", "system_prompt": "ok", "expertise": "python"},
        "huge_prompt": {"name": "Huge", "role": "x", "system_prompt": "p" * (10 * 1024 * 1024)},
        "first": {"name": "Twin", "role": "x", "system_prompt": "one"},
        "second": {"name": "Twin", "role": "x", "system_prompt": "two"},
        "typo": {"name": "Typo", "role": "x", "system_prompt": "ok", "respone_format": "md"},
        "flag": {"name": "Flag", "role": "x", "system_prompt": "ok", "is_default": "yes"},
        "Bad Key": {"name": "Spaces", "role": "x", "system_prompt": "ok"},
    }
    path = write(tmp_path, bad)
    before = fingerprint(loaded)

    with pytest.raises(ValidationFailed) as refused:
        run_import(loaded, path)

    problems = refused.value.problems
    expected = [
        "wrong_types.name: Input should be a valid string (got 42)",
        "wrong_types.expertise: Input should be a valid list (got 'python')",
        "huge_prompt.system_prompt: String should have at most 100000 characters "
        "(got a text of 10,485,760 characters",
        "second.name: 'Twin' is also the name of 'first'",
        "typo.respone_format: unknown field",
        "flag.is_default: Input should be a valid boolean (got 'yes')",
        "Bad Key: the persona key must be lower case letters and digits",
    ]
    for words in expected:
        assert any(words in problem for problem in problems), (words, problems)
    assert all(problem.startswith("personas.json: ") for problem in problems)
    assert len(problems) == len(expected)
    assert fingerprint(loaded) == before


def test_invalid_utf8_and_repeated_keys_are_named(loaded: Store, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(b'{"cafe": {"name": "Caf\xe9", "role": "x", "system_prompt": "ok"}}')
    repeated = tmp_path / "repeated.json"
    repeated.write_text(
        '{"a": {"name": "A", "system_prompt": "one"}, "a": {"name": "B", "system_prompt": "two"}}',
        encoding="utf-8",
    )
    before = fingerprint(loaded)

    with pytest.raises(ValidationFailed) as not_utf8:
        run_import(loaded, latin1)
    with pytest.raises(ValidationFailed) as twice:
        run_import(loaded, repeated)

    assert not_utf8.value.problems == [
        "latin1.json: byte 22 (line 1) is not UTF-8 text (b'\\xe9'): save the file as UTF-8"
    ]
    assert "a: this key appears twice in one JSON object" in twice.value.problems[0]
    assert fingerprint(loaded) == before


def test_concurrent_imports_of_one_file_create_each_persona_once(
    loaded: Store, tmp_path: Path
) -> None:
    found = parse_definitions(json.dumps(SOURCE).encode(), "json")
    start = threading.Barrier(6)

    def attempt(_: int) -> str:
        start.wait()
        try:
            report = definitions.import_definitions(loaded, found, ACTOR)
        except PersonagraphError as refused:
            return f"refused: {type(refused).__name__}"
        return "created" if report.created else "unchanged"

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(attempt, range(6)))

    # One creates them; an import that raced it is refused whole (the id's uniqueness
    # constraint: a conflict, run it again) or, started after it committed, changes nothing.
    assert outcomes.count("created") == 1, outcomes
    assert set(outcomes) <= {"created", "unchanged", "refused: EditConflict"}, outcomes
    rows = loaded.read("read/persona_versions", ids=sorted(SOURCE))
    assert [r["version"] for r in rows] == [1, 1, 1]
    again = definitions.import_definitions(loaded, found, ACTOR)
    assert not again.changed


def test_an_import_and_an_edit_of_one_persona_serialize(loaded: Store, tmp_path: Path) -> None:
    run_import(loaded, write(tmp_path, SOURCE))
    edited = json.loads(json.dumps(SOURCE))
    edited["python_developer"]["system_prompt"] = "Changed by the import."
    found = parse_definitions(json.dumps(edited).encode(), "json")
    start = threading.Barrier(2)

    work: list[Callable[[], Any]] = [
        lambda: definitions.import_definitions(loaded, found, ACTOR),
        lambda: favourites.set_favourite(loaded, "python_developer", True, Actor("fan")),
    ]

    def run(job: Callable[[], Any]) -> Any:
        start.wait()
        return job()

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, work))

    [row] = loaded.read("read/persona_versions", ids=["python_developer"])
    assert row["version"] == 3  # both applied, one after the other
    state = dict(loaded.read("read/history/states", ids=["python_developer"], skip=[])[0]["props"])
    assert state["system_prompt"] == "Changed by the import."
    assert state["is_favourite"] is True


@pytest.fixture
def api(neo4j_server: Provisioned, loaded: Store) -> Iterator[Api]:
    with api_for(neo4j_server.spec) as api:
        yield api


def test_graphql_imports_for_an_admin_key_only_and_exports_for_readers(
    api: Api, loaded: Store
) -> None:
    admin = create_key(loaded, "ops", Role.ADMIN).secret
    editor = create_key(loaded, "writer", Role.EDITOR).secret
    document = """mutation I($doc: String!) {
      importPersonaDefinitions(document: $doc, format: YAML) {
        created updated unchanged retired dryRun } }"""
    text = yaml.safe_dump(SOURCE)

    assert api(document, {"doc": text}, key=editor).codes == ["FORBIDDEN"]
    dry = api.ok(
        document.replace("format: YAML", "format: YAML, dryRun: true"), {"doc": text}, key=admin
    )["importPersonaDefinitions"]
    assert (dry["created"], dry["dryRun"]) == (sorted(SOURCE), True)
    assert loaded.read("read/persona_versions", ids=sorted(SOURCE)) == []
    made = api.ok(document, {"doc": text}, key=admin)["importPersonaDefinitions"]
    assert made["created"] == sorted(SOURCE)
    exported = api.ok(
        "{ personaDefinitions(format: JSON) { document personas skipped } }", key=editor
    )["personaDefinitions"]
    assert json.loads(exported["document"]) == SOURCE
    bad = api(document, {"doc": "a: {name: 3}"}, key=admin)
    assert bad.codes == ["BAD_USER_INPUT"]
    assert "a.system_prompt: Field required" in bad.errors[0]["message"]
    assert "a.name: Input should be a valid string (got 3)" in bad.errors[0]["message"]


def test_the_cli_imports_and_exports(loaded: Store, tmp_path: Path, cli_env: None) -> None:
    path = write(tmp_path, SOURCE, "personas.yaml")
    runner = CliRunner()

    imported = runner.invoke(app, ["personas", "import", str(path)])
    exported = runner.invoke(
        app, ["personas", "export", "--format", "json", "--to", str(tmp_path / "out.json")]
    )
    before = fingerprint(loaded)
    again = runner.invoke(app, ["personas", "import", str(tmp_path / "out.json")])
    broken = runner.invoke(app, ["personas", "import", str(write(tmp_path, {"x": {}}, "x.json"))])

    assert imported.exit_code == 0, imported.output
    assert "default_cloud, metrics_analyst, python_developer" in imported.output
    assert exported.exit_code == 0, exported.output
    assert "wrote 3 personas" in exported.output
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == SOURCE
    assert again.exit_code == 0, again.output
    assert fingerprint(loaded) == before
    assert broken.exit_code == 1
    assert "x.json: x.name: Field required" in broken.output
    assert "x.json: x.system_prompt: Field required" in broken.output
