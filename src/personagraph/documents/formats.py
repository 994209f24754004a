"""What a file is: its type from its extension, checked against its first bytes.

Checks that need no parsing happen here, before a dataset exists: a file of 0 bytes,
over the size limit, of a type personagraph does not read, or whose content is not
what its extension says. Each error names the file and what to do.
"""

from __future__ import annotations

import re
from enum import StrEnum

from personagraph.errors import DocumentTooLarge, EmptyDocument, UnsupportedDocument


class DocumentType(StrEnum):
    """The formats personagraph reads."""

    PDF = "pdf"
    DOCX = "docx"
    MARKDOWN = "md"
    HTML = "html"
    TEXT = "txt"


EXTENSIONS: dict[str, DocumentType] = {
    ".pdf": DocumentType.PDF,
    ".docx": DocumentType.DOCX,
    ".md": DocumentType.MARKDOWN,
    ".markdown": DocumentType.MARKDOWN,
    ".html": DocumentType.HTML,
    ".htm": DocumentType.HTML,
    ".txt": DocumentType.TEXT,
    ".text": DocumentType.TEXT,
}
_READS = "personagraph reads PDF, DOCX, Markdown, HTML and plain text (.pdf .docx .md .html .txt)"
# Formats people try that have a usual way out.
_CONVERT = {
    ".doc": "save it as .docx in Word or LibreOffice",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".pages": "export it as .docx or .pdf",
}
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_SNIFF = 8192


def _content_type(data: bytes) -> str:
    """A name for what the first bytes look like (for messages and checks)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[: _SNIFF * 8] else "zip"
    head = data[:_SNIFF]
    if b"\x00" in head:
        return "binary"  # text in any 8-bit encoding or UTF-8 has no NUL bytes
    return "html" if _HTML_START.match(head) else "text"


_DESCRIBED = {
    "pdf": "a PDF document",
    "docx": "a DOCX (Word) document",
    "zip": "a zip archive",
    "binary": "binary data",
    "html": "an HTML page",
    "text": "plain text",
}
_EXTENSION_OF = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt or .md"}


def detect_type(file_name: str, data: bytes, *, max_bytes: int) -> DocumentType:
    """The document type of ``data`` named ``file_name``.

    Raises:
        EmptyDocument: ``data`` is empty.
        DocumentTooLarge: ``data`` is longer than ``max_bytes``.
        UnsupportedDocument: the extension is not one personagraph reads, or the content
            contradicts it (a PDF named ``.docx``, binary data named ``.txt``).
    """
    if not data:
        raise EmptyDocument(file_name, "the file is empty (0 bytes); add a file with text in it")
    if len(data) > max_bytes:
        raise too_large(file_name, len(data), max_bytes)
    suffix = _suffix(file_name)
    expected = EXTENSIONS.get(suffix)
    if expected is None:
        how = _CONVERT.get(suffix, _READS)
        shown = f"type {suffix!r}" if suffix else "a file without an extension"
        raise UnsupportedDocument(file_name, f"{shown} is not supported; {how}")
    found = _content_type(data)
    if not _agrees(expected, found):
        fix = _EXTENSION_OF.get(found)
        advice = f"rename it to {fix}" if fix else _READS
        raise UnsupportedDocument(
            file_name,
            f"the name says {suffix} but the content is {_DESCRIBED[found]}; {advice}",
        )
    return expected


def too_large(file_name: str, size: int, max_bytes: int) -> DocumentTooLarge:
    """The error for a file of ``size`` bytes over ``max_bytes``."""
    return DocumentTooLarge(
        file_name,
        f"{size:,} bytes is over the limit of {max_bytes:,} bytes; split the document, "
        "or raise PERSONAGRAPH_DOCUMENT_MAX_BYTES",
    )


def _suffix(file_name: str) -> str:
    base = file_name.rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def _agrees(expected: DocumentType, found: str) -> bool:
    if expected is DocumentType.PDF:
        return found == "pdf"
    if expected is DocumentType.DOCX:
        return found == "docx"
    # Markdown and plain text may hold HTML; an HTML file may be a fragment without <html>.
    return found in ("text", "html")
