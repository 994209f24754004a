"""HTML text with its structure, read by Beautiful Soup (the standard library's parser).

``h1`` to ``h6`` are headings; ``li`` of an ``ol`` are numbered steps, of a ``ul`` list
items; ``p``, ``pre``, ``blockquote``, ``dt``/``dd`` and table rows are paragraphs.
Scripts, styles and navigation are left out. Text outside any of those elements (a
page of bare text) is read as plain text.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from personagraph.documents.blocks import Block, BlockKind
from personagraph.documents.extraction.plain import clean, text_blocks

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_PARAGRAPHS = {"p", "pre", "blockquote", "dt", "dd", "tr", "figcaption"}
_LEFT_OUT = ["script", "style", "noscript", "template", "nav", "head"]


def html_blocks(text: str) -> list[Block]:
    """The blocks of an HTML page."""
    soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(_LEFT_OUT):
        element.decompose()
    wanted = {*_HEADINGS, *_PARAGRAPHS, "li"}
    blocks: list[Block] = []
    for element in soup.find_all(wanted):
        if _inside(element, wanted):
            continue  # its text is part of the enclosing block
        block = _block(element)
        if block is not None:
            blocks.append(block)
    return blocks or text_blocks(soup.get_text("\n"))


def _inside(element: Tag, wanted: set[str]) -> bool:
    return any(parent.name in wanted for parent in element.parents)


def _block(element: Tag) -> Block | None:
    name = element.name
    if name == "tr":
        cells = [clean(cell.get_text(" ")) for cell in element.find_all(["th", "td"])]
        row = " | ".join(cell for cell in cells if cell)
        return Block(BlockKind.PARAGRAPH, row) if row else None
    text = clean(element.get_text(" "))
    if not text:
        return None
    if name in _HEADINGS:
        return Block(BlockKind.HEADING, text, _HEADINGS[name])
    if name == "li":
        return _item(element, text)
    return Block(BlockKind.PARAGRAPH, text)


def _item(element: Tag, text: str) -> Block:
    parent = element.find_parent(["ol", "ul"])
    if parent is not None and parent.name == "ol":
        start = str(parent.get("start", "1"))
        siblings = parent.find_all("li", recursive=False)
        position = next((index for index, child in enumerate(siblings) if child is element), 0)
        number = position + (int(start) if start.isdigit() else 1)
        return Block(BlockKind.STEP, f"{number}. {text}")
    return Block(BlockKind.LIST_ITEM, f"- {text}")
