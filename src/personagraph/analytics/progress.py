"""How a long analysis says how far it has got: one event per step started and per batch
written, passed to a callback.

The CLI draws the events as a rich progress bar (:mod:`personagraph.cli.progress`); a
service can publish the same events to its subscribers. An analysis knows its steps in
advance, so every event carries the step's number and the number of steps; a step that
writes in batches also says how many rows of how many it has written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Progress", "ProgressEvent", "Steps", "ignore"]


@dataclass(frozen=True)
class ProgressEvent:
    """One step of an analysis, started (``done`` None) or advanced (``done`` of ``total``).

    ``analysis`` is ``scoring``, ``pain_clusters`` or ``similar_personas``; ``run_id`` the
    run it belongs to; ``step`` the step's name, the ``index``-th of ``steps`` (from 1).
    """

    analysis: str
    run_id: str
    step: str
    index: int
    steps: int
    done: int | None = None
    total: int | None = None


Progress = Callable[[ProgressEvent], None]


def ignore(_: ProgressEvent) -> None:
    """The callback of a caller who does not follow progress."""


class Steps:
    """The steps of one run, in order; :meth:`start` and :meth:`advance` send the events.

    Args:
        analysis: the kind of analysis (``scoring``, ...).
        run_id: the run's id.
        names: every step the run will take, in order.
        progress: the callback (None: nobody listens).
    """

    def __init__(
        self, analysis: str, run_id: str, names: Sequence[str], progress: Progress | None
    ) -> None:
        self.analysis = analysis
        self.run_id = run_id
        self.names = tuple(names)
        self.progress = progress or ignore
        self._current = 0

    def start(self, name: str) -> None:
        """Say the step ``name`` (one of the names given) has begun."""
        self._current = self.names.index(name) + 1
        self._send(name, None, None)

    def advance(self, done: int, total: int) -> None:
        """Say the current step has done ``done`` of ``total`` (rows written, say)."""
        self._send(self.names[self._current - 1], done, total)

    def _send(self, name: str, done: int | None, total: int | None) -> None:
        self.progress(
            ProgressEvent(
                self.analysis, self.run_id, name, self._current, len(self.names), done, total
            )
        )
