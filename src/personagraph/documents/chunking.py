"""Structure-aware chunking: a document's blocks cut into chunks of a token budget.

The rules, in order of precedence:

- A chunk holds text of one section; its section path (the headings above it) is
  carried as a context header into what is embedded and searched.
- Lists and numbered steps stay whole, with the sentence that introduces them (a
  paragraph ending in ``:``); a section whose heading names an exercise, worksheet
  or practice stays whole, as does everything from an "Exercise:" paragraph to the
  end of its section; a paragraph opening with "For example" stays with what it
  illustrates. "Whole" as long as it fits the budget.
- What does not fit is cut between blocks, then between sentences; only a single
  sentence longer than the budget is cut between words.
- Consecutive chunks of one section share up to ``overlap`` tokens of prose:
  whole sentences of the end of one repeated at the start of the next.

Sizes are counted with ``count_tokens`` (the embedding model's tokenizer in use; any
counter in tests), so the budget holds for the header and text that are embedded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from personagraph.documents.blocks import Block, BlockKind
from personagraph.documents.sentences import split_sentences

TokenCounter = Callable[[str], int]

_EXERCISE_HEADING = re.compile(
    r"\b(exercises?|worksheets?|practices?|homework|activity|activities|try this|"
    r"journal(ing)? prompts?|self-check|quiz)\b",
    re.IGNORECASE,
)
_EXERCISE_START = re.compile(r"^(exercise|worksheet|practice|homework|try this)\b", re.IGNORECASE)
_EXAMPLE_START = re.compile(r"^(for example|for instance|example\b|e\.g\.)", re.IGNORECASE)
HEADER_SEPARATOR = " > "


class ChunkKind(StrEnum):
    """What a chunk mostly holds."""

    TEXT = "text"
    LIST = "list"
    STEPS = "steps"
    EXERCISE = "exercise"


@dataclass(frozen=True)
class ChunkingOptions:
    """The token budget of a chunk (header included) and the overlap between neighbours."""

    max_tokens: int = 512
    overlap: int = 50

    def __post_init__(self) -> None:
        if self.max_tokens < 16:
            raise ValueError(f"max_tokens={self.max_tokens}: a chunk needs at least 16 tokens")
        if not 0 <= self.overlap < self.max_tokens // 2:
            raise ValueError(
                f"overlap={self.overlap}: give 0 to {self.max_tokens // 2 - 1} "
                f"(under half of max_tokens={self.max_tokens})"
            )


@dataclass(frozen=True)
class Chunk:
    """One chunk: its text, where it is in the document, and what it holds."""

    index: int
    text: str
    section: tuple[str, ...]
    page: int | None
    kind: ChunkKind
    tokens: int

    @property
    def header(self) -> str:
        """The section path as one line, e.g. ``Coping with panic > Box breathing``."""
        return HEADER_SEPARATOR.join(self.section)

    @property
    def context_text(self) -> str:
        """The header and the text: what is embedded."""
        return context_text(self.header, self.text)


def context_text(header: str, text: str) -> str:
    """A chunk's section header and text, as they are embedded."""
    return f"{header}\n\n{text}" if header else text


@dataclass(frozen=True)
class _Atom:
    """The smallest piece the packer moves: a whole unit, block, sentence or word run."""

    text: str
    tokens: int
    page: int | None
    kind: ChunkKind
    joiner: str  # put before it when it follows another atom in a chunk


@dataclass(frozen=True)
class _Unit:
    kind: ChunkKind
    blocks: tuple[Block, ...]


def chunk_blocks(
    blocks: Sequence[Block], options: ChunkingOptions, count_tokens: TokenCounter
) -> list[Chunk]:
    """The chunks of a document's blocks, in document order (see the module's rules)."""
    chunks: list[Chunk] = []
    for section, content in _sections(blocks):
        header = HEADER_SEPARATOR.join(section)
        header_tokens = count_tokens(header) + 1 if section else 0
        budget = max(options.max_tokens - header_tokens, options.max_tokens // 2)
        atoms = [
            atom
            for position, unit in enumerate(_units(section, content))
            for atom in _atoms(unit, budget, count_tokens, "" if position == 0 else "\n\n")
        ]
        for text, page, kind, tokens in _pack(atoms, budget, options.overlap):
            chunks.append(Chunk(len(chunks), text, section, page, kind, tokens + header_tokens))
    return chunks


def _sections(blocks: Sequence[Block]) -> list[tuple[tuple[str, ...], list[Block]]]:
    sections: list[tuple[tuple[str, ...], list[Block]]] = []
    path: list[tuple[int, str]] = []
    for block in blocks:
        if not block.text.strip():
            continue
        if block.kind is BlockKind.HEADING:
            path = [(level, text) for level, text in path if level < block.level]
            path.append((block.level, block.text))
            continue
        section = tuple(text for _, text in path)
        if not sections or sections[-1][0] != section:
            sections.append((section, []))
        sections[-1][1].append(block)
    return sections


def _units(section: tuple[str, ...], blocks: list[Block]) -> list[_Unit]:
    if section and _EXERCISE_HEADING.search(section[-1]):
        return [_Unit(ChunkKind.EXERCISE, tuple(blocks))]
    units: list[_Unit] = []
    for index, block in enumerate(blocks):
        kind = _item_kind(block)
        previous = units[-1] if units else None
        if block.kind is BlockKind.PARAGRAPH and _EXERCISE_START.match(block.text):
            units.append(_Unit(ChunkKind.EXERCISE, tuple(blocks[index:])))
            break
        if previous is not None and _joins(previous, block, kind):
            merged = kind if previous.kind is ChunkKind.TEXT and kind else previous.kind
            units[-1] = _Unit(merged, (*previous.blocks, block))
        else:
            units.append(_Unit(kind or ChunkKind.TEXT, (block,)))
    return units


_FIRST_STEP = re.compile(r"\s*1[.)]\s")


def _item_kind(block: Block) -> ChunkKind | None:
    if block.kind is BlockKind.STEP:
        return ChunkKind.STEPS
    if block.kind is BlockKind.LIST_ITEM:
        return ChunkKind.LIST
    return None


def _joins(previous: _Unit, block: Block, kind: ChunkKind | None) -> bool:
    """Whether ``block`` belongs with the unit before it."""
    last = previous.blocks[-1]
    if kind is ChunkKind.STEPS and previous.kind is kind and _FIRST_STEP.match(block.text):
        return False  # numbering starts again: a list of its own
    if kind is not None:
        # The next item of the same list, or the first item after its introduction.
        introduced = last.kind is BlockKind.PARAGRAPH and last.text.rstrip().endswith(":")
        return previous.kind is kind or (previous.kind is ChunkKind.TEXT and introduced)
    return block.kind is BlockKind.PARAGRAPH and bool(_EXAMPLE_START.match(block.text))


def _atoms(unit: _Unit, budget: int, count: TokenCounter, joiner: str) -> list[_Atom]:
    whole = "\n".join(block.text for block in unit.blocks)
    tokens = count(whole)
    page = unit.blocks[0].page
    if tokens <= budget:
        return [_Atom(whole, tokens, page, unit.kind, joiner)]
    atoms: list[_Atom] = []
    for position, run in enumerate(_runs(unit.blocks)):
        run_joiner = joiner if position == 0 else "\n"
        text = "\n".join(block.text for block in run)
        if len(run) > 1 and (tokens := count(text)) <= budget:
            # A list inside a unit too big for one chunk still travels whole when it fits.
            atoms.append(_Atom(text, tokens, run[0].page, unit.kind, run_joiner))
            continue
        for index, block in enumerate(run):
            block_joiner = run_joiner if index == 0 else "\n"
            atoms.extend(_block_atoms(block, unit.kind, budget, count, block_joiner))
    return atoms


def _runs(blocks: Sequence[Block]) -> list[list[Block]]:
    """``blocks`` with each list (consecutive items of one kind, a step "1." starting a
    new one) as one run and every other block on its own."""
    runs: list[list[Block]] = []
    for block in blocks:
        previous = runs[-1][-1] if runs else None
        same_list = (
            previous is not None
            and _item_kind(block) is not None
            and previous.kind is block.kind
            and not (block.kind is BlockKind.STEP and _FIRST_STEP.match(block.text))
        )
        if same_list:
            runs[-1].append(block)
        else:
            runs.append([block])
    return runs


def _block_atoms(
    block: Block, kind: ChunkKind, budget: int, count: TokenCounter, joiner: str
) -> list[_Atom]:
    tokens = count(block.text)
    if tokens <= budget:
        return [_Atom(block.text, tokens, block.page, kind, joiner)]
    atoms: list[_Atom] = []
    for sentence in split_sentences(block.text):
        for piece in _word_runs(sentence, budget, count):
            atoms.append(_Atom(piece, count(piece), block.page, kind, joiner if not atoms else " "))
    return atoms


def _word_runs(sentence: str, budget: int, count: TokenCounter) -> list[str]:
    """``sentence`` itself, or, when it alone is over the budget, runs of its words."""
    if count(sentence) <= budget:
        return [sentence]
    runs: list[str] = []
    run: list[str] = []
    for word in sentence.split():
        if run and count(" ".join([*run, word])) > budget:
            runs.append(" ".join(run))
            run = []
        run.append(word)
    if run:
        runs.append(" ".join(run))
    return runs


def _pack(
    atoms: list[_Atom], budget: int, overlap: int
) -> list[tuple[str, int | None, ChunkKind, int]]:
    packed: list[tuple[str, int | None, ChunkKind, int]] = []
    current: list[_Atom] = []
    carried = 0  # how many atoms at the start of `current` repeat the previous chunk
    for atom in atoms:
        if current and sum(a.tokens for a in current) + atom.tokens > budget:
            packed.append(_joined(current, carried))
            tail = _overlap_tail(current, overlap)
            fits = sum(a.tokens for a in tail) + atom.tokens <= budget
            current, carried = (tail, len(tail)) if fits else ([], 0)
        current.append(atom)
    if current and len(current) > carried:
        packed.append(_joined(current, carried))
    return packed


def _overlap_tail(atoms: list[_Atom], overlap: int) -> list[_Atom]:
    """The last prose atoms of a chunk that fit in ``overlap`` tokens (whole ones only)."""
    tail: list[_Atom] = []
    total = 0
    for atom in reversed(atoms):
        if atom.kind is not ChunkKind.TEXT or total + atom.tokens > overlap:
            break
        tail.insert(0, atom)
        total += atom.tokens
    return tail


def _joined(atoms: list[_Atom], carried: int) -> tuple[str, int | None, ChunkKind, int]:
    text = atoms[0].text + "".join(atom.joiner + atom.text for atom in atoms[1:])
    new = atoms[carried:] or atoms
    kinds = {atom.kind for atom in new}
    kind = next(
        (k for k in (ChunkKind.EXERCISE, ChunkKind.STEPS, ChunkKind.LIST) if k in kinds),
        ChunkKind.TEXT,
    )
    return text, new[0].page, kind, sum(atom.tokens for atom in atoms)
