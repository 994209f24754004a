"""Small documents the tests write themselves: a two-page PDF, a DOCX with headings, a
Markdown handout with a numbered exercise, and broken files of each kind."""

from __future__ import annotations

import io
import zipfile

import docx
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

WORRY_PDF_PAGE_1 = (
    "Worry is the mind trying to solve a problem that has not happened yet. "
    "Setting aside a fixed worry time each day helps: when a worry comes up, write it "
    "down and postpone it until your worry period in the late afternoon."
)
WORRY_PDF_PAGE_2_STEPS = [
    "Sit comfortably and close your eyes.",
    "Tense the muscles of your hands and forearms for five seconds.",
    "Release the tension all at once and notice the difference for fifteen seconds.",
    "Move on to the shoulders, then the face, then the legs.",
]
SLEEP_DOCX = {
    "Wind-down Routine": (
        "Begin a wind-down routine an hour before bed: dim the lights, put screens away "
        "and read something calm."
    ),
    "Caffeine and Alcohol": (
        "Coffee, black tea and energy drinks stay in the body for up to eight hours, so "
        "avoid caffeine after lunch. Alcohol makes sleep lighter in the second half of the night."
    ),
}
THOUGHT_RECORD_MD = """# Thought Records

A thought record helps you notice automatic thoughts and test them against the facts.

## Why it helps

Automatic thoughts arrive quickly and feel true. Writing them down slows them down,
so that you can look at the evidence for and against them.

## Exercise: Catch the Thought

1. Write down the situation: where you were, who was there, what happened.
2. Name the emotion you felt and rate its strength from 0 to 100.
3. Write the automatic thought that went through your mind, word for word.
4. List the evidence that supports the thought and the evidence against it.
5. Write a balanced thought and rate the emotion again.
"""


def two_page_pdf() -> bytes:
    """A handout on worry: page 1 worry time, page 2 progressive muscle relaxation."""
    pdf = FPDF()
    pdf.add_page()
    _heading(pdf, "Managing Worry", 18)
    _heading(pdf, "Worry Time", 14)
    _paragraph(pdf, WORRY_PDF_PAGE_1)
    pdf.add_page()
    _heading(pdf, "Progressive Muscle Relaxation", 14)
    _paragraph(pdf, "Practise this once a day, ideally before sleep:")
    for number, step in enumerate(WORRY_PDF_PAGE_2_STEPS, 1):
        _paragraph(pdf, f"{number}. {step}")
    return bytes(pdf.output())


def pdf_of_pages(pages: list[list[tuple[str, str]]]) -> bytes:
    """A PDF of the given pages, each a list of (kind, text) with kind heading or text."""
    pdf = FPDF()
    for page in pages:
        pdf.add_page()
        for kind, text in page:
            if kind == "heading":
                _heading(pdf, text, 14)
            else:
                _paragraph(pdf, text)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str, size: int) -> None:
    pdf.set_font("Helvetica", "B", size)
    pdf.multi_cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(two_page_pdf())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_pdf() -> bytes:
    """A PDF header followed by garbage: a file cut off in transfer."""
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"\x00garbage" * 40


def sleep_docx() -> bytes:
    """A sleep-hygiene handout: a title (Heading 1), two sections (Heading 2), a numbered list."""
    document = docx.Document()
    document.add_heading("Sleep Hygiene Handout", level=1)
    for title, text in SLEEP_DOCX.items():
        document.add_heading(title, level=2)
        document.add_paragraph(text)
    document.add_heading("Tonight", level=2)
    for step in ["Set an alarm for bedtime.", "Leave the phone in another room."]:
        document.add_paragraph(step, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(unpacked: int = 300 * 1024 * 1024) -> bytes:
    """A DOCX whose document.xml unpacks to ``unpacked`` bytes of one repeated byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\x20" * (1024 * 1024)
            for _ in range(unpacked // len(block)):
                member.write(block)
    return out.getvalue()


def thought_record_md() -> bytes:
    return THOUGHT_RECORD_MD.encode("utf-8")
