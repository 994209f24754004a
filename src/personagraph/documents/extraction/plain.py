"""Structure in plain text: headings, bulleted and numbered items, paragraphs.

Used for ``.txt`` files and for PDF pages whose layout carries no font information.
Markdown-style ``#`` headings and underlined (``===``/``---``) headings are headings;
so is a short line standing alone without closing punctuation (ALL CAPS: level 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from personagraph.documents.blocks import Block, BlockKind

BULLET = re.compile(r"^\s*[-*+\u2022\u25e6\u25aa\u2023\u25cf\u25cb]\s+(?P<text>\S.*)$")
NUMBERED = re.compile(
    r"^\s*(?P<marker>\d{1,3}[.)]|step\s+\d{1,3}\s*[:.)]?)\s+(?P<text>\S.*)$", re.IGNORECASE
)
_ATX = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_SPACES = re.compile(r"\s+")
_CLOSING = ".,;:!?"


def clean(text: str) -> str:
    """``text`` with runs of whitespace made single spaces, trimmed."""
    return _SPACES.sub(" ", text).strip()


def item_block(line: str, page: int | None) -> Block | None:
    """The list item or step that ``line`` starts, if it starts one."""
    numbered = NUMBERED.match(line)
    if numbered:
        marker = clean(numbered["marker"])
        return Block(BlockKind.STEP, f"{marker} {clean(numbered['text'])}", 0, page)
    bullet = BULLET.match(line)
    if bullet:
        return Block(BlockKind.LIST_ITEM, f"- {clean(bullet['text'])}", 0, page)
    return None


def looks_like_heading(line: str) -> int:
    """The heading level a lone short line suggests (1 for ALL CAPS, 2 otherwise), or 0."""
    text = clean(line)
    words = text.split()
    if not 0 < len(words) <= 10 or text[-1] in _CLOSING or not text[0].isupper():
        return 0
    letters = [char for char in text if char.isalpha()]
    if letters and all(char.isupper() for char in letters) and len(letters) > 1:
        return 1
    return 2


def text_blocks(text: str, page: int | None = None) -> list[Block]:
    """The blocks of a plain-text document (or of one page of one)."""
    blocks: list[Block] = []
    for group in _groups(text.splitlines()):
        blocks.extend(_group_blocks(group, page))
    return blocks


def _groups(lines: Iterable[str]) -> list[list[str]]:
    """Lines split at blank lines, with ATX headings and underlined headings on their own."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            groups.append([])
        elif _ATX.match(line) or (_UNDERLINE.match(line) and len(groups[-1]) == 1):
            groups[-1].append(line)
            groups.append([])
        else:
            groups[-1].append(line)
    return [group for group in groups if group]


def _group_blocks(group: list[str], page: int | None) -> list[Block]:
    first = group[0]
    atx = _ATX.match(first)
    if atx:
        return [Block(BlockKind.HEADING, clean(atx["text"]), len(atx["hashes"]), page)]
    if len(group) == 2 and _UNDERLINE.match(group[1]):
        level = 1 if group[1].strip().startswith("=") else 2
        return [Block(BlockKind.HEADING, clean(first), level, page)]
    if len(group) == 1 and item_block(first, page) is None:
        level = looks_like_heading(first)
        if level:
            return [Block(BlockKind.HEADING, clean(first), level, page)]
    return _items_and_paragraphs(group, page)


def _items_and_paragraphs(group: list[str], page: int | None) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for line in group:
        item = item_block(line, page)
        if item is not None:
            if current is not None:
                blocks.append(current)
            current = item
        elif current is None:
            current = Block(BlockKind.PARAGRAPH, clean(line), 0, page)
        else:
            current = Block(
                current.kind, join_lines(current.text, line), current.level, current.page
            )
    if current is not None:
        blocks.append(current)
    return blocks


def join_lines(text: str, line: str) -> str:
    """``line`` appended to ``text``; a word hyphenated across the line break is rejoined."""
    line = clean(line)
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
        return text[:-1] + line
    return f"{text} {line}" if text else line
