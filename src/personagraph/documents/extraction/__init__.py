"""Text blocks out of a document's bytes, one reader per format (see each module)."""

from __future__ import annotations

from personagraph.documents.blocks import Block
from personagraph.documents.extraction.docx import docx_blocks
from personagraph.documents.extraction.html import html_blocks
from personagraph.documents.extraction.markdown import markdown_blocks
from personagraph.documents.extraction.pdf import pdf_blocks
from personagraph.documents.extraction.plain import text_blocks
from personagraph.documents.formats import DocumentType
from personagraph.errors import EmptyDocument, UnreadableDocument

__all__ = ["extract_blocks"]


def extract_blocks(
    document_type: DocumentType, data: bytes, file_name: str, *, max_unpacked_bytes: int
) -> list[Block]:
    """The text blocks of ``data``, a document of ``document_type`` named ``file_name``.

    Raises:
        UnreadableDocument: the file is corrupt, encrypted, or text in no known encoding.
        DocumentTooLarge: a DOCX that unpacks beyond ``max_unpacked_bytes``.
        EmptyDocument: the file holds no text (a scanned PDF, an empty page).
    """
    if document_type is DocumentType.PDF:
        blocks = pdf_blocks(data, file_name)
    elif document_type is DocumentType.DOCX:
        blocks = docx_blocks(data, file_name, max_unpacked_bytes)
    else:
        text = _decoded(data, file_name)
        if document_type is DocumentType.MARKDOWN:
            blocks = markdown_blocks(text)
        elif document_type is DocumentType.HTML:
            blocks = html_blocks(text)
        else:
            blocks = text_blocks(text)
    if not any(block.text.strip() for block in blocks):
        hint = " (a scanned PDF needs OCR first)" if document_type is DocumentType.PDF else ""
        raise EmptyDocument(file_name, f"no text found in the document{hint}")
    return blocks


def _decoded(data: bytes, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            file_name,
            f"the text is not UTF-8 (byte {exc.start}); save it as UTF-8 and add it again",
        ) from exc
