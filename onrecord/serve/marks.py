"""An article's text cut into pieces, each knowing which statement, cue and
claim covers it — so a template can mark statements in place from their
offsets without building markup from strings.

The ledger keeps each statement's content offsets (into the body, or into
the title for a headline statement) and each claim's; it keeps the cue's
words but not where they are, so the cue is found as the occurrence of those
words nearest the content, inside the same sentence window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

PALETTE = 10   # speaker colours in static/style.css: .sp-0 ... .sp-9
CUE_WINDOW = 240


@dataclass
class Piece:
    """A run of text under the same marks."""

    text: str
    statement: Optional[dict[str, Any]] = None
    first: bool = False            # first piece of its statement: the anchor and the keyboard stop
    cue: Optional[dict[str, Any]] = None
    claim: Optional[dict[str, Any]] = None


@dataclass
class Block:
    """A paragraph (or the headline) as pieces."""

    pieces: list[Piece] = field(default_factory=list)


def speaker_colours(statements: list[dict[str, Any]]) -> dict[str, int]:
    """A colour index per speaker, in order of first appearance."""
    colours: dict[str, int] = {}
    for s in statements:
        name = who_key(s)
        if name not in colours:
            colours[name] = len(colours) % PALETTE
    return colours


def who_key(statement: dict[str, Any]) -> str:
    speaker = statement["speaker"]
    return str(speaker.get("entity_id") or speaker.get("name") or "?")


def find_cue(text: str, statement: dict[str, Any]) -> Optional[tuple[int, int]]:
    """Where the statement's cue words are: the occurrence nearest its content,
    outside it, within ``CUE_WINDOW`` characters."""
    cue = (statement.get("cue") or {}).get("text")
    start, end = statement["content"]["start"], statement["content"]["end"]
    if not cue or start is None or end is None:
        return None
    lo, hi = max(0, start - CUE_WINDOW), min(len(text), end + CUE_WINDOW)
    best: Optional[tuple[int, int]] = None
    for match in re.finditer(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", text[lo:hi]):
        s, e = match.start() + lo, match.end() + lo
        if s < end and e > start:      # inside the content: not the cue
            continue
        distance = start - e if e <= start else s - end
        if best is None or distance < best[0]:
            best = (distance, s, e)    # type: ignore[assignment]
    return (best[1], best[2]) if best else None   # type: ignore[misc]


def blocks(text: str, statements: list[dict[str, Any]], claims: list[dict[str, Any]],
           *, paragraphs: bool = True) -> list[Block]:
    """``text`` as blocks (paragraphs split at blank lines when ``paragraphs``)
    of pieces marked by ``statements`` (content and cue) and ``claims``."""
    spans: list[tuple[int, int, str, dict[str, Any]]] = []
    for s in statements:
        start, end = s["content"]["start"], s["content"]["end"]
        if start is None or end is None or not (0 <= start < end <= len(text)):
            continue
        spans.append((start, end, "statement", s))
        cue = find_cue(text, s)
        if cue:
            spans.append((cue[0], cue[1], "cue", s))
    for c in claims:
        if c["start"] is not None and c["end"] is not None and 0 <= c["start"] < c["end"] <= len(text):
            spans.append((c["start"], c["end"], "claim", c))
    cuts = {0, len(text)}
    for start, end, _, _ in spans:
        cuts.update((start, end))
    if paragraphs:
        for match in re.finditer(r"\n\s*\n", text):
            cuts.update((match.start(), match.end()))
    ordered = sorted(cuts)
    out: list[Block] = [Block()]
    begun: set[int] = set()
    for lo, hi in zip(ordered, ordered[1:]):
        piece_text = text[lo:hi]
        if paragraphs and re.fullmatch(r"\n\s*\n", piece_text):
            out.append(Block())
            continue
        piece = Piece(piece_text)
        for start, end, kind, item in spans:
            if start <= lo and hi <= end:
                if kind == "statement" and piece.statement is None:
                    piece.statement = item
                elif kind == "cue" and piece.cue is None:
                    piece.cue = item
                elif kind == "claim" and piece.claim is None:
                    piece.claim = item
        if piece.statement is not None and id(piece.statement) not in begun:
            begun.add(id(piece.statement))
            piece.first = True
        out[-1].pieces.append(piece)
    return [b for b in out if b.pieces]
