"""Reading documents: what each format gives as blocks, and how bad files are refused
(each error names the file and says what to do)."""

from __future__ import annotations

import pytest

from personagraph.documents.blocks import Block, BlockKind
from personagraph.documents.extraction import extract_blocks
from personagraph.documents.formats import DocumentType, detect_type
from personagraph.errors import (
    DocumentRejected,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    UnreadableDocument,
    UnsupportedDocument,
)
from tests import document_files

LIMIT = 10 * 1024 * 1024


def read(name: str, data: bytes) -> list[Block]:
    kind = detect_type(name, data, max_bytes=LIMIT)
    return extract_blocks(kind, data, name, max_unpacked_bytes=LIMIT)


def headings(blocks: list[Block]) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in blocks if b.kind is BlockKind.HEADING]


def test_a_pdf_keeps_its_pages_headings_and_numbered_steps() -> None:
    blocks = read("worry.pdf", document_files.two_page_pdf())

    assert headings(blocks) == [
        (1, "Managing Worry"),
        (2, "Worry Time"),
        (2, "Progressive Muscle Relaxation"),
    ]
    assert {b.page for b in blocks if "worry period" in b.text} == {1}
    steps = [b for b in blocks if b.kind is BlockKind.STEP]
    assert [b.page for b in steps] == [2, 2, 2, 2]
    assert steps[1].text == "2. " + document_files.WORRY_PDF_PAGE_2_STEPS[1]


def test_a_pdf_paragraph_wrapped_over_lines_is_one_block() -> None:
    blocks = read("worry.pdf", document_files.two_page_pdf())

    assert any(b.text == document_files.WORRY_PDF_PAGE_1 for b in blocks)


def test_a_docx_keeps_its_heading_levels_and_word_numbered_lists() -> None:
    blocks = read("sleep.docx", document_files.sleep_docx())

    assert headings(blocks) == [
        (1, "Sleep Hygiene Handout"),
        (2, "Wind-down Routine"),
        (2, "Caffeine and Alcohol"),
        (2, "Tonight"),
    ]
    assert [b.text for b in blocks if b.kind is BlockKind.STEP] == [
        "1. Set an alarm for bedtime.",
        "2. Leave the phone in another room.",
    ]
    assert all(b.page is None for b in blocks)


def test_markdown_keeps_headings_numbered_steps_and_bullets_without_inline_markup() -> None:
    text = (
        "# Title\n\nSome **bold** and `code` text.\n\n## Steps\n\n1. First\n2. Second\n"
        "   still the second\n\n- a bullet\n- another\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )

    blocks = read("notes.md", text.encode())

    assert headings(blocks) == [(1, "Title"), (2, "Steps")]
    assert Block(BlockKind.PARAGRAPH, "Some bold and code text.") in blocks
    assert [b.text for b in blocks if b.kind is BlockKind.STEP] == [
        "1. First",
        "2. Second still the second",
    ]
    assert [b.text for b in blocks if b.kind is BlockKind.LIST_ITEM] == ["- a bullet", "- another"]
    assert Block(BlockKind.PARAGRAPH, "1 | 2") in blocks


def test_html_reads_headings_lists_and_paragraphs_but_not_scripts() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>t</title><script>var x = 1;</script></head><body>"
        "<nav>Home | About</nav><h1>Grounding</h1><p>Use your <b>senses</b>.</p>"
        "<ol start='3'><li>See five things</li><li>Hear four things</li></ol>"
        "<ul><li><p>Stay here</p></li></ul></body></html>"
    )

    blocks = read("grounding.html", page.encode())

    assert blocks == [
        Block(BlockKind.HEADING, "Grounding", 1),
        Block(BlockKind.PARAGRAPH, "Use your senses ."),
        Block(BlockKind.STEP, "3. See five things"),
        Block(BlockKind.STEP, "4. Hear four things"),
        Block(BlockKind.LIST_ITEM, "- Stay here"),
    ]


def test_plain_text_finds_headings_items_and_paragraphs() -> None:
    text = (
        "COPING CARD\n\nWhen panic rises, remember\nit passes within minutes.\n\n"
        "What to do\n\n1. Breathe out slowly\n2. Name what you see\n- keep this card\n"
    )

    blocks = read("card.txt", text.encode())

    assert blocks == [
        Block(BlockKind.HEADING, "COPING CARD", 1),
        Block(BlockKind.PARAGRAPH, "When panic rises, remember it passes within minutes."),
        Block(BlockKind.HEADING, "What to do", 2),
        Block(BlockKind.STEP, "1. Breathe out slowly"),
        Block(BlockKind.STEP, "2. Name what you see"),
        Block(BlockKind.LIST_ITEM, "- keep this card"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("empty.txt", b"", EmptyDocument, "empty.txt: the file is empty (0 bytes)"),
        ("a.pdf", b"hello", UnsupportedDocument,
         "a.pdf: the name says .pdf but the content is plain text; rename it to .txt or .md"),
        ("a.docx", b"%PDF-1.4 x", UnsupportedDocument,
         "a.docx: the name says .docx but the content is a PDF document; rename it to .pdf"),
        ("a.md", b"%PDF-1.4 x", UnsupportedDocument,
         "a.md: the name says .md but the content is a PDF document; rename it to .pdf"),
        ("a.txt", b"\x00\x01\x02binary", UnsupportedDocument, "content is binary data"),
        ("a.png", b"\x89PNG", UnsupportedDocument,
         "a.png: type '.png' is not supported; personagraph reads PDF, DOCX"),
        ("README", b"text", UnsupportedDocument,
         "README: a file without an extension is not supported"),
        ("a.doc", b"x", UnsupportedDocument, "save it as .docx in Word or LibreOffice"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_a_document_is_refused_naming_it(
    name: str, data: bytes, error: type[DocumentRejected], message: str
) -> None:
    with pytest.raises(error) as raised:
        detect_type(name, data, max_bytes=LIMIT)

    assert message in str(raised.value)
    assert raised.value.file_name == name


def test_a_file_over_the_limit_is_refused_with_both_sizes() -> None:
    with pytest.raises(DocumentTooLarge, match=r"big.md: 11 bytes is over the limit of 10 bytes"):
        detect_type("big.md", b"x" * 11, max_bytes=10)


def test_an_encrypted_pdf_is_refused() -> None:
    with pytest.raises(EncryptedDocument, match=r"locked.pdf: the PDF is encrypted"):
        read("locked.pdf", document_files.encrypted_pdf())


def test_a_corrupt_pdf_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match=r"broken.pdf: the PDF cannot be read"):
        read("broken.pdf", document_files.corrupt_pdf())


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = document_files.zip_bomb_docx(20 * 1024 * 1024)

    with pytest.raises(DocumentTooLarge, match=r"bomb.docx: member 'word/document.xml' expands"):
        extract_blocks(DocumentType.DOCX, bomb, "bomb.docx", max_unpacked_bytes=LIMIT * 10)
    with pytest.raises(DocumentTooLarge, match=r"unpacks to 20,971,528 bytes, over the limit"):
        extract_blocks(DocumentType.DOCX, bomb, "bomb.docx", max_unpacked_bytes=1024 * 1024)


def test_a_truncated_docx_is_refused() -> None:
    whole = document_files.sleep_docx()

    with pytest.raises(UnreadableDocument, match=r"half.docx: the DOCX is not a readable zip"):
        read("half.docx", whole[: len(whole) // 2])


def test_text_in_another_encoding_is_refused_with_the_way_out() -> None:
    with pytest.raises(
        UnreadableDocument, match=r"latin.txt: the text is not UTF-8.*save it as UTF-8"
    ):
        read(
            "latin.txt",
            "Caf\xe9 au lait, d\xe9j\xe0 vu, na\xefve r\xe9sum\xe9".encode("latin-1") * 50,
        )


def test_a_document_without_text_is_empty() -> None:
    with pytest.raises(EmptyDocument, match=r"blank.md: no text found"):
        read("blank.md", b"   \n\n---\n\n")
