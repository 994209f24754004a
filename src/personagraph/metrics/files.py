"""Reading metrics entries from CSV or Parquet files, batch by batch.

Columns (header names): ``persona_id``, ``timestamp`` (ISO 8601; without an offset it
is taken as UTC), ``latency_ms``, ``success`` (true/false), and optionally
``satisfaction`` (1-5), ``chat_started`` (true/false), ``dataset_count`` and
``requests`` (how many alike requests the row stands for, default 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from personagraph.errors import UnreadableFile, ValidationFailed
from personagraph.regular_files import describe

BATCH_ROWS = 1_000_000


def batches(path: Path, fmt: str | None = None) -> Iterator[pa.Table]:
    """The file's rows, a table at a time (columns as the file has them).

    Raises:
        UnreadableFile: missing or not a regular file.
        ValidationFailed: not CSV or Parquet, or unreadable as one.
    """
    if not path.is_file():
        reason = (
            "no such file" if not path.exists() else f"is {describe(path, path.stat().st_mode)}"
        )
        raise UnreadableFile(path, reason)
    kind = (fmt or path.suffix.lstrip(".")).lower()
    try:
        if kind == "parquet":
            source = pq.ParquetFile(path)
            for batch in source.iter_batches(batch_size=BATCH_ROWS):
                yield pa.Table.from_batches([batch])
        elif kind == "csv":
            options = pa_csv.ReadOptions(block_size=64 << 20)
            convert = pa_csv.ConvertOptions(
                column_types={"persona_id": pa.string(), "timestamp": pa.string()}
            )
            with pa_csv.open_csv(path, read_options=options, convert_options=convert) as reader:
                for batch in reader:
                    yield pa.Table.from_batches([batch])
        else:
            raise ValidationFailed(
                [f"{path.name}: {kind!r} is neither csv nor parquet; pass --format"]
            )
    except (pa.ArrowInvalid, OSError) as exc:
        raise ValidationFailed([f"{path.name}: cannot be read as {kind}: {exc}"]) from exc
