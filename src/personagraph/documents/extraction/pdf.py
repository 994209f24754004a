"""PDF text with its pages, read by pypdf; headings found by font size and weight.

pypdf hands each piece of text to a visitor with its font and position. Pieces on
one baseline make a line. The most common size (by characters) is the body size: a
line clearly larger is a heading (the largest sizes are the top levels), as is a
short bold line without closing punctuation. Other lines join into paragraphs and
list items, a new one starting at a bullet, a number or a wider gap than usual.
"""

from __future__ import annotations

import io
import itertools
import logging
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from personagraph.documents.blocks import Block, BlockKind
from personagraph.documents.extraction.plain import clean, item_block, join_lines, text_blocks
from personagraph.errors import EncryptedDocument, UnreadableDocument

_HEADING_RATIO = 1.15
_PARAGRAPH_GAP = 1.45  # times the usual distance between lines


@dataclass
class _Line:
    page: int
    y: float
    size: float = 0.0
    bold: bool = False
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return clean("".join(self.parts))


def pdf_blocks(data: bytes, file_name: str) -> list[Block]:
    """The blocks of a PDF, each with the page it starts on.

    Raises:
        EncryptedDocument: the PDF needs a password.
        UnreadableDocument: it is not a PDF pypdf can read (corrupt, truncated).
    """
    # pypdf logs every repair it makes to a broken file; the error below says it once.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise EncryptedDocument(
                file_name,
                "the PDF is encrypted (password-protected); save an unprotected copy and add that",
            )
        lines = [
            line for number, page in enumerate(reader.pages, 1) for line in _lines(page, number)
        ]
    except FileNotDecryptedError as exc:
        raise EncryptedDocument(
            file_name, "the PDF is encrypted (password-protected); save an unprotected copy"
        ) from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableDocument(
            file_name, f"the PDF cannot be read ({exc}); it may be corrupt or truncated"
        ) from exc
    return _blocks(lines)


def _lines(page: Any, number: int) -> list[_Line]:
    lines: list[_Line] = []
    current: _Line | None = None

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        nonlocal current
        if not text:
            return
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if index > 0:
                current = None
            if not piece.strip():
                continue
            y = tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or 1.0
            if current is None or abs(current.y - y) > 1.0:
                current = _Line(number, y)
                lines.append(current)
            current.parts.append(piece)
            name = str(font.get("/BaseFont", "")) if font else ""
            current.size = max(current.size, size * scale)
            current.bold = current.bold or "bold" in name.lower()

    page.extract_text(visitor_text=visit)
    if lines or not page.extract_text().strip():
        return [line for line in lines if line.text]
    # No positions came through: fall back to the page's plain text.
    return [_Line(number, 0.0, parts=[block.text]) for block in text_blocks(page.extract_text())]


def _blocks(lines: list[_Line]) -> list[Block]:
    if not lines:
        return []
    body = _body_size(lines)
    levels = _heading_levels(lines, body)
    spacing = _line_spacing(lines, body)
    blocks: list[Block] = []
    previous: _Line | None = None
    for line in lines:
        level = levels.get(round(line.size, 1), 0) or _bold_heading(line, len(levels) + 1)
        if level:
            blocks.append(Block(BlockKind.HEADING, line.text, level, line.page))
        else:
            item = item_block(line.text, line.page)
            last = blocks[-1] if blocks else None
            if item is not None:
                blocks.append(item)
            elif (
                last is not None
                and last.kind is not BlockKind.HEADING
                and _continues(previous, line, spacing)
            ):
                blocks[-1] = Block(last.kind, join_lines(last.text, line.text), 0, last.page)
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, line.text, 0, line.page))
        previous = line
    return blocks


def _body_size(lines: list[_Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def _heading_levels(lines: list[_Line], body: float) -> dict[float, int]:
    larger = sorted(
        {round(line.size, 1) for line in lines if line.size > body * _HEADING_RATIO},
        reverse=True,
    )
    return {size: min(index + 1, 6) for index, size in enumerate(larger)}


def _bold_heading(line: _Line, level: int) -> int:
    """``level`` for a short bold line without closing punctuation (a run-in heading), else 0."""
    text = line.text
    short = len(text.split()) <= 12 and text[-1] not in ".,;:!?"
    return min(level, 6) if line.bold and short and item_block(text, None) is None else 0


def _line_spacing(lines: list[_Line], body: float) -> float:
    gaps = [
        above.y - below.y
        for above, below in itertools.pairwise(lines)
        if above.page == below.page and 0 < above.y - below.y < body * 3
    ]
    return median(gaps) if gaps else body * 1.2


def _continues(previous: _Line | None, line: _Line, spacing: float) -> bool:
    if previous is None or previous.page != line.page:
        # A paragraph carried over a page break goes on when it had not ended.
        return previous is not None and previous.text[-1] not in ".!?:"
    return 0 < previous.y - line.y <= spacing * _PARAGRAPH_GAP
