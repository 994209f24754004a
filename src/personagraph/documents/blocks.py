"""The text of a document as blocks: what every extractor returns and the chunker reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block is in its document."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"  # a bulleted item
    STEP = "step"  # a numbered item: an instruction or a step of an exercise


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item.

    Attributes:
        kind: what it is.
        text: its text, whitespace-normalised; list items keep their marker (``- `` or ``3. ``).
        level: a heading's level (1 = top); 0 for other blocks.
        page: the 1-based page it starts on, for formats with pages (PDF); else None.
    """

    kind: BlockKind
    text: str
    level: int = 0
    page: int | None = None


def heading(text: str, level: int = 1, page: int | None = None) -> Block:
    return Block(BlockKind.HEADING, text, level, page)


def paragraph(text: str, page: int | None = None) -> Block:
    return Block(BlockKind.PARAGRAPH, text, 0, page)
