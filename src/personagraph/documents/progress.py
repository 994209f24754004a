"""How far a document's processing has got: its phase (extract, chunk, embed, write, then
completed or failed) and a percent, per dataset, in the process that processes it.

:func:`~personagraph.documents.ingestion.add_document` reports each phase as it begins to
a :data:`PhaseReport`; :class:`DatasetProgressBoard` keeps the latest of each dataset for
the ``datasetProgress`` subscription. The board lives in one process: with
``serve --workers N`` only the worker running an upload knows how far it got.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["FINISHED", "PHASES", "DatasetProgress", "DatasetProgressBoard", "PhaseReport"]

# The phases in order, each with the percent done when it begins.
PHASES: dict[str, float] = {
    "extract": 0.0,
    "chunk": 25.0,
    "embed": 50.0,
    "write": 75.0,
    "completed": 100.0,
}
FAILED = "failed"
FINISHED = frozenset({"completed", FAILED})

PhaseReport = Callable[[str, str], None]  # (dataset id, phase)


@dataclass(frozen=True)
class DatasetProgress:
    """A dataset's processing as last reported: ``percent`` never decreases."""

    dataset_id: str
    percent: float
    phase: str

    @property
    def finished(self) -> bool:
        return self.phase in FINISHED


class DatasetProgressBoard:
    """The latest progress of each dataset processed in this process.

    Args:
        keep: how many datasets to remember (the oldest reported are forgotten first).
    """

    def __init__(self, keep: int = 1000) -> None:
        self._keep = keep
        self._lock = threading.Lock()
        self._latest: OrderedDict[str, DatasetProgress] = OrderedDict()

    def report(self, dataset_id: str, phase: str) -> None:
        """Record that ``dataset_id`` began ``phase`` (one of :data:`PHASES` or failed)."""
        if phase != FAILED and phase not in PHASES:
            raise ValueError(f"phase: {phase!r} is not one of {[*PHASES, FAILED]}")
        with self._lock:
            before = self._latest.pop(dataset_id, None)
            if phase == "extract":
                before = None  # a new processing of the dataset starts over
            percent = before.percent if before else 0.0
            if phase != FAILED:
                percent = max(percent, PHASES[phase])
            self._latest[dataset_id] = DatasetProgress(dataset_id, percent, phase)
            while len(self._latest) > self._keep:
                self._latest.popitem(last=False)

    def get(self, dataset_id: str) -> DatasetProgress | None:
        """The dataset's latest progress, or None when this process has none."""
        with self._lock:
            return self._latest.get(dataset_id)
