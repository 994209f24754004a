"""DOCX text with its headings, read by python-docx after a check of the zip inside.

A DOCX is a zip archive. Before python-docx opens it, the archive's directory is
read and the file refused when its members would unpack beyond a limit, or a member
is compressed more than any real document is (a zip bomb).
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from personagraph.documents.blocks import Block, BlockKind
from personagraph.documents.extraction.plain import clean, item_block
from personagraph.errors import DocumentTooLarge, UnreadableDocument

# Word's XML compresses about 10:1; 100:1 over a megabyte is a crafted archive.
MAX_RATIO = 100
_RATIO_FLOOR = 1024 * 1024
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def check_archive(data: bytes, file_name: str, max_unpacked: int) -> None:
    """Refuse a DOCX whose zip is broken or would unpack to more than ``max_unpacked`` bytes.

    Raises:
        UnreadableDocument: the zip archive is corrupt.
        DocumentTooLarge: it unpacks too large, or a member is compressed like a zip bomb.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise UnreadableDocument(
            file_name, f"the DOCX is not a readable zip archive ({exc}); save it again from Word"
        ) from exc
    total = sum(member.file_size for member in members)
    if total > max_unpacked:
        raise DocumentTooLarge(
            file_name,
            f"the DOCX unpacks to {total:,} bytes, over the limit of {max_unpacked:,} "
            "(PERSONAGRAPH_DOCUMENT_MAX_UNPACKED_BYTES); it may be a zip bomb",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise DocumentTooLarge(
                file_name,
                f"member {member.filename!r} expands {ratio:,.0f} times "
                f"(more than {MAX_RATIO}); the DOCX looks like a zip bomb and is refused",
            )


def docx_blocks(data: bytes, file_name: str, max_unpacked: int) -> list[Block]:
    """The blocks of a DOCX: headings from Word's heading styles, lists, tables by row.

    Raises:
        UnreadableDocument: it is not a DOCX python-docx can read.
        DocumentTooLarge: see :func:`check_archive`.
    """
    check_archive(data, file_name, max_unpacked)
    try:
        document = docx.Document(io.BytesIO(data))
        return _blocks(document)
    except (KeyError, ValueError, LxmlError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument(
            file_name, f"the DOCX cannot be read ({exc}); save it again from Word"
        ) from exc


def _blocks(document: Document) -> list[Block]:
    blocks: list[Block] = []
    number = 0  # Word numbers "List Number" paragraphs itself: their text has no number
    for element in document.iter_inner_content():
        if isinstance(element, Table):
            blocks.extend(_table_rows(element))
            number = 0
            continue
        block, numbered_by_word = _paragraph(element)
        if block is None:
            continue
        if numbered_by_word:
            number += 1
            block = Block(BlockKind.STEP, f"{number}. {block.text}")
        else:
            number = 0
        blocks.append(block)
    return blocks


def _table_rows(table: Table) -> list[Block]:
    rows = [" | ".join(clean(cell.text) for cell in row.cells) for row in table.rows]
    return [Block(BlockKind.PARAGRAPH, row) for row in rows if row.strip(" |")]


def _paragraph(paragraph: Paragraph) -> tuple[Block | None, bool]:
    """The paragraph's block, and whether Word numbers it (a "List Number" style)."""
    text = clean(paragraph.text)
    if not text:
        return None, False
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = _HEADING_STYLE.match(style)
    if heading or style == "Title":
        return Block(BlockKind.HEADING, text, int(heading[1]) if heading else 1), False
    written = item_block(text, None)
    lowered = style.lower()
    if written is None and "list number" in lowered:
        return Block(BlockKind.STEP, text), True
    if written is None and "list" in lowered:
        return Block(BlockKind.LIST_ITEM, f"- {text}"), False
    return written or Block(BlockKind.PARAGRAPH, text), False
