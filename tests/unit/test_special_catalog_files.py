"""Catalog, rules and feature files are read only when they are regular files of a bounded
size: a FIFO, a link to a device, a folder or an oversized file is refused at once, named.

The FIFO and /dev/zero cases run the real command in a child process: on a reader that
opens them, the child would wait forever or read until its memory ran out, and the
timeout and memory cap turn that into a failure instead of a hung test run.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.errors import UnreadableFile, ValidationFailed
from personagraph.regular_files import read_regular
from personagraph.seeding.behavioral_synthetic import write_behavioral_dataset
from personagraph.seeding.validation import read_catalog
from personagraph.settings import get_settings

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
# Far longer than refusing takes; only a reader that waits on the FIFO gets near it.
HANG = 120
MEMORY_CAP = 2 * 1024**3


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(MINIMAL, root)
    return root


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PERSONAGRAPH_CATALOG_MAX_FILE_BYTES", "1000")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def personagraph(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The command line in a child process, with a deadline and a memory cap."""
    return subprocess.run(
        [sys.executable, "-m", "personagraph", *arguments],
        capture_output=True,
        text=True,
        timeout=HANG,
        preexec_fn=_cap_memory,
        env={**os.environ, "COLUMNS": "400"},
        check=False,
    )


def problems_of(root: Path, **limits: int) -> list[str]:
    with pytest.raises(ValidationFailed) as refused:
        read_catalog(root, **limits)
    return refused.value.problems


def test_a_fifo_among_the_function_files_does_not_hang_seed_validate(catalog: Path) -> None:
    os.mkfifo(catalog / "functions" / "pipe.yaml")

    result = personagraph("seed", "validate", str(catalog))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "functions/pipe.yaml: is a FIFO (named pipe), not a regular file" in result.stderr


def test_a_link_to_dev_zero_is_refused_without_reading_it(catalog: Path) -> None:
    (catalog / "functions" / "sales.yaml").unlink()
    (catalog / "functions" / "sales.yaml").symlink_to("/dev/zero")

    result = personagraph("seed", "validate", str(catalog))

    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "functions/sales.yaml: is a symbolic link to /dev/zero, a character device, "
        "not a regular file" in result.stderr
    )


def test_a_fifo_in_place_of_a_library_file_is_named_not_called_missing(catalog: Path) -> None:
    (catalog / "library" / "jtbds.yaml").unlink()
    os.mkfifo(catalog / "library" / "jtbds.yaml")

    problems = problems_of(catalog)

    assert "library/jtbds.yaml: is a FIFO (named pipe), not a regular file" in problems
    assert not any("missing library file" in problem for problem in problems)


@pytest.mark.parametrize("where", ["functions/extra.yaml", "library/opportunities.yaml"])
def test_a_directory_where_a_file_is_expected_is_named(catalog: Path, where: str) -> None:
    path = catalog / where
    path.unlink(missing_ok=True)
    path.mkdir()

    problems = problems_of(catalog)

    assert f"{where}: is a directory, not a regular file" in problems


def test_a_file_over_the_limit_is_refused_naming_its_size_and_the_setting(catalog: Path) -> None:
    size = (catalog / "functions" / "sales.yaml").stat().st_size

    problems = problems_of(catalog, max_file_bytes=size - 1)

    assert (
        f"functions/sales.yaml: is {size:,} bytes or more, over the limit of {size - 1:,} bytes "
        "(raise PERSONAGRAPH_CATALOG_MAX_FILE_BYTES if the file is meant to be this large)"
    ) in problems
    assert read_catalog(catalog, max_file_bytes=size).functions


@pytest.mark.usefixtures("small_limit")
def test_the_limit_comes_from_the_setting(catalog: Path) -> None:
    result = CliRunner().invoke(app, ["seed", "validate", str(catalog)], env={"COLUMNS": "400"})

    assert result.exit_code == 1, result.output
    assert "over the limit of 1,000 bytes" in result.output


def test_a_file_that_reads_longer_than_its_size_is_cut_off_at_the_limit() -> None:
    # /proc files are regular files of size 0 whose reads return text: only counting
    # what is read can stop them (as it would a file growing while it is read).
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0

    with pytest.raises(UnreadableFile, match="over the limit of 10 bytes"):
        read_regular(status, 10)


def test_the_root_itself_must_be_a_directory(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "catalog")

    problems = problems_of(tmp_path / "catalog")

    assert problems[0].endswith("not a catalog directory: it is a FIFO (named pipe)")


def test_a_fifo_as_the_rules_file_does_not_hang_assign(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "rules.yaml")

    result = personagraph(
        "assign", "--as-of", "2025-11-04", "--rules", str(tmp_path / "rules.yaml")
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "rules.yaml: is a FIFO (named pipe), not a regular file" in result.stderr


def test_a_fifo_among_the_feature_files_does_not_hang_assign(tmp_path: Path) -> None:
    features = tmp_path / "features"
    write_behavioral_dataset(features)
    (features / "credit.parquet").unlink()
    os.mkfifo(features / "credit.parquet")

    result = personagraph("assign", "--as-of", "2025-11-04", "--features", str(features))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "credit.parquet: is a FIFO (named pipe), not a regular file" in result.stderr
