"""A dataset's life: claimed for a file, then ``pending → processing → completed | error``.

Every status change goes through :func:`record_status`, in the transaction of the work
it reports (the events issue will publish each change from there). A dataset is owned
by one processing run at a time (``run_id``): a newer add of a changed file takes it
over, and the older run's writes then match nothing and stop.

Which dataset a file lands in (:func:`claim`):

- the same content (sha256) is already a dataset → that one, linked to the persona;
  it is processed again only when it failed, was made by another model, or its run
  was abandoned (``processing`` past ``PERSONAGRAPH_DOCUMENT_PROCESSING_TIMEOUT``);
- else a dataset of the same name, used by this persona (or global, with ``--global``)
  → the file replaces its content; a name another persona uses is refused;
- else a new dataset.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from personagraph.errors import (
    ConstraintViolation,
    EditConflict,
    EntityNotFound,
    RequestRejected,
)
from personagraph.store import Store
from personagraph.store.connection import Transaction


class DatasetStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    ERROR = "error"


class ClaimOutcome(StrEnum):
    """What adding a file did with it."""

    NEW = "new"  # a new dataset
    CHANGED = "changed"  # the file replaces the content of the dataset of its name
    RETRIED = "retried"  # the same file again, processed anew (it had failed, or another model)
    DUPLICATE = "duplicate"  # the same file is already a completed dataset: linked only
    IN_PROGRESS = "in_progress"  # the same file is being processed by another run: linked only


ACCESS_LEVELS = ("full", "summary", "reference_only")


@dataclass(frozen=True)
class FileFacts:
    """A file as a dataset records it."""

    file_name: str
    file_type: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class ClaimRequest:
    """Which file, under which name, for which persona (or all of them)."""

    file: FileFacts
    dataset_name: str
    persona_id: str | None
    is_global: bool = False
    weight: float = 1.0
    access_level: str = "full"


@dataclass(frozen=True)
class Claim:
    """The dataset a file landed in; ``run_id`` is set when this caller must process it."""

    dataset_id: str
    dataset_name: str
    outcome: ClaimOutcome
    run_id: str | None


@dataclass(frozen=True)
class StatusChange:
    """A status to record; the counts and model go with ``completed`` (and are cleared
    with ``error``)."""

    status: DatasetStatus
    error: str | None = None
    chunk_count: int | None = None
    embedding_model: str | None = None
    embedding_dimension: int | None = None


def record_status(tx: Transaction, dataset_id: str, run_id: str, change: StatusChange) -> bool:
    """Set the dataset's status, if run ``run_id`` still owns it: the one place a status
    changes. Returns False when another run has taken the dataset over."""
    rows = tx.run(
        "write/documents/set_status",
        id=dataset_id,
        run_id=run_id,
        status=change.status.value,
        error=change.error,
        chunk_count=0 if change.status is DatasetStatus.ERROR else change.chunk_count,
        embedding_model=change.embedding_model,
        embedding_dimension=change.embedding_dimension,
        clear_model=change.status is DatasetStatus.ERROR,
    )
    return bool(rows)


def claim(store: Store, request: ClaimRequest, model_id: str, stale_after: float) -> Claim:
    """The dataset ``request``'s file goes to (see the module docstring), in one transaction.

    Raises:
        EntityNotFound: the persona does not exist.
        EditConflict: the name belongs to a dataset of other personas.
    """
    try:
        return store.transaction(lambda tx: _claim(tx, request, model_id, stale_after))
    except ConstraintViolation:
        # Another add created a dataset of this content or name meanwhile: join it.
        return store.transaction(lambda tx: _claim(tx, request, model_id, stale_after))


def _claim(tx: Transaction, request: ClaimRequest, model_id: str, stale_after: float) -> Claim:
    if request.persona_id is not None and not tx.run(
        "read/documents/persona_exists", id=request.persona_id
    ):
        raise EntityNotFound(
            f"persona: no active persona with id {request.persona_id!r}; "
            "check the id (personagraph personas show ID)"
        )
    same = tx.run("read/documents/dataset_by_sha256", sha256=request.file.sha256)
    if same:
        return _same_content(tx, request, same[0], model_id, stale_after)
    named = tx.run("read/documents/dataset_by_name", name=request.dataset_name)
    if named:
        # An add of the same file may have committed between the two look-ups (each
        # statement sees what is committed when it runs): then this is its content.
        same = tx.run("read/documents/dataset_by_sha256", sha256=request.file.sha256)
        if same:
            return _same_content(tx, request, same[0], model_id, stale_after)
        return _same_name(tx, request, named[0])
    dataset_id = uuid.uuid4().hex
    run_id = uuid.uuid4().hex
    tx.run(
        "write/documents/create_dataset",
        id=dataset_id,
        name=request.dataset_name,
        is_global=request.is_global,
        run_id=run_id,
        **_file(request.file),
    )
    _link(tx, request, dataset_id)
    record_status(tx, dataset_id, run_id, StatusChange(DatasetStatus.PENDING))
    return Claim(dataset_id, request.dataset_name, ClaimOutcome.NEW, run_id)


def _same_content(
    tx: Transaction, request: ClaimRequest, found: dict[str, Any], model_id: str, stale: float
) -> Claim:
    dataset_id = found["id"]
    _link(tx, request, dataset_id)
    if request.is_global and not found["is_global"]:
        tx.run("write/documents/set_global", id=dataset_id)
    status = found["status"]
    if status == DatasetStatus.COMPLETED and found["embedding_model"] == model_id:
        return Claim(dataset_id, found["name"], ClaimOutcome.DUPLICATE, None)
    running = status in (DatasetStatus.PENDING, DatasetStatus.PROCESSING)
    if running and found["idle_seconds"] < stale:
        return Claim(dataset_id, found["name"], ClaimOutcome.IN_PROGRESS, None)
    return _take_over(tx, request, dataset_id, found["name"], ClaimOutcome.RETRIED)


def _same_name(tx: Transaction, request: ClaimRequest, found: dict[str, Any]) -> Claim:
    users = found["personas"]
    mine = request.persona_id is not None and request.persona_id in users
    if not (mine or (request.is_global and found["is_global"])):
        holders = ", ".join(repr(user) for user in users) or "all personas (global)"
        raise EditConflict(
            f"dataset: the name {request.dataset_name!r} belongs to another file, used by "
            f"{holders}; give this file another name (--dataset NAME), or add it for one "
            "of those personas to replace that file"
        )
    _link(tx, request, found["id"])
    return _take_over(tx, request, found["id"], found["name"], ClaimOutcome.CHANGED)


def _take_over(
    tx: Transaction, request: ClaimRequest, dataset_id: str, name: str, outcome: ClaimOutcome
) -> Claim:
    run_id = uuid.uuid4().hex
    tx.run(
        "write/documents/take_over",
        id=dataset_id,
        run_id=run_id,
        is_global=request.is_global,
        **_file(request.file),
    )
    record_status(tx, dataset_id, run_id, StatusChange(DatasetStatus.PENDING))
    return Claim(dataset_id, name, outcome, run_id)


def _file(file: FileFacts) -> dict[str, Any]:
    return {
        "file_name": file.file_name,
        "file_type": file.file_type,
        "size_bytes": file.size_bytes,
        "sha256": file.sha256,
    }


def _link(tx: Transaction, request: ClaimRequest, dataset_id: str) -> None:
    if request.persona_id is not None:
        tx.run(
            "write/documents/link_persona",
            persona_id=request.persona_id,
            dataset_id=dataset_id,
            weight=request.weight,
            access_level=request.access_level,
        )


def check_link(weight: float | None, access_level: str | None) -> None:
    """Refuse a link weight outside 0-1 or an unknown access level.

    Raises:
        RequestRejected: naming the value.
    """
    if weight is not None and not 0 <= weight <= 1:
        raise RequestRejected(f"weight: {weight} is outside 0-1 (1 = full importance)")
    if access_level is not None and access_level not in ACCESS_LEVELS:
        raise RequestRejected(
            f"access level: {access_level!r} is not one of {', '.join(ACCESS_LEVELS)}"
        )


def change_link(
    store: Store,
    persona_id: str,
    dataset_name: str,
    *,
    enabled: bool | None = None,
    weight: float | None = None,
    access_level: str | None = None,
) -> str:
    """Change how a persona uses a dataset (None leaves a setting); returns the dataset's id.

    Raises:
        RequestRejected: a bad weight or access level.
        EntityNotFound: the persona uses no dataset of that name.
    """
    check_link(weight, access_level)
    found = store.read("read/documents/dataset_by_name", name=dataset_name)
    changed = found and store.write(
        "write/documents/set_link",
        persona_id=persona_id,
        dataset_id=found[0]["id"],
        enabled=enabled,
        weight=weight,
        access_level=access_level,
    )
    if not changed:
        raise EntityNotFound(
            f"persona {persona_id!r} does not use a dataset named {dataset_name!r}; "
            f"see personagraph docs list --persona {persona_id}"
        )
    dataset_id: str = found[0]["id"]
    return dataset_id
