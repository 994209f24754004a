"""An analysis' progress events (:mod:`personagraph.analytics.progress`) drawn as a rich
progress bar: the bar counts steps, its label names the current one, with the rows
written so far when the step writes in batches."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import TaskID

from personagraph.analytics.progress import Progress, ProgressEvent
from personagraph.cli.output import progress_bar


def describe(event: ProgressEvent) -> str:
    """The bar's label for ``event``: ``"kNN (6/7)"``, ``"write the links 2000/9000 (6/7)"``."""
    rows = f" {event.done}/{event.total}" if event.done is not None else ""
    return f"{event.step}{rows} ({event.index}/{event.steps})"


def completed(event: ProgressEvent) -> float:
    """How many steps ``event`` says are done: the steps before it and its written share."""
    share = event.done / event.total if event.done is not None and event.total else 0.0
    return event.index - 1 + share


@contextmanager
def analysis_bar() -> Iterator[Progress]:
    """A callback that draws an analysis' steps on one bar, gone when the block ends."""
    with progress_bar() as bar:
        task: list[TaskID] = []

        def show(event: ProgressEvent) -> None:
            if not task:
                task.append(bar.add_task(describe(event), total=event.steps))
            bar.update(
                task[0], description=describe(event), completed=completed(event), total=event.steps
            )

        yield show
