"""Markdown text with its structure, read by markdown-it-py (CommonMark with tables).

Headings keep their level; items of numbered lists become steps with their number,
of bulleted lists list items; a later paragraph inside an item stays with the item;
code blocks, quotes and table rows are paragraphs. Inline markup is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from personagraph.documents.blocks import Block, BlockKind
from personagraph.documents.extraction.plain import clean

_PARSER = MarkdownIt("commonmark").enable("table")


@dataclass
class _Item:
    ordered: bool
    number: str
    block_index: int | None = None  # where its block is, once its first paragraph came


def markdown_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown document."""
    blocks: list[Block] = []
    lists: list[bool] = []  # open lists, innermost last: ordered or not
    items: list[_Item] = []
    heading_level = 0
    row: list[str] = []
    in_cell = False
    for token in _PARSER.parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            items.append(_Item(lists[-1], token.info or "1"))
        elif kind == "list_item_close":
            items.pop()
        elif kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = kind.endswith("_open")
        elif kind == "tr_close" and any(row):
            blocks.append(Block(BlockKind.PARAGRAPH, " | ".join(row)))
        elif kind in ("fence", "code_block") and token.content.strip():
            blocks.append(Block(BlockKind.PARAGRAPH, clean(token.content)))
        elif kind == "inline":
            content = _inline_text(token)
            if not content:
                continue
            if heading_level:
                blocks.append(Block(BlockKind.HEADING, content, heading_level))
                heading_level = 0
            elif in_cell:
                row.append(content)
            elif items:
                _add_to_item(blocks, items[-1], content)
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, content))
    return blocks


def _add_to_item(blocks: list[Block], item: _Item, content: str) -> None:
    if item.block_index is not None:
        held = blocks[item.block_index]
        blocks[item.block_index] = Block(held.kind, f"{held.text} {content}")
        return
    if item.ordered:
        blocks.append(Block(BlockKind.STEP, f"{item.number}. {content}"))
    else:
        blocks.append(Block(BlockKind.LIST_ITEM, f"- {content}"))
    item.block_index = len(blocks) - 1


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return clean("".join(parts))
