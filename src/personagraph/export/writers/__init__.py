"""One writer per target; each stages its output and publishes it only when complete."""

from __future__ import annotations

from personagraph.export.writers.base import TableWriter, open_writer

__all__ = ["TableWriter", "open_writer"]
