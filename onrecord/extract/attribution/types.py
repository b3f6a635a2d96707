"""The intermediate form every attribution finder produces.

Rule-based finders and the trained tagger both emit ``RawAttribution``s with
character offsets into the text of the spaCy ``Doc`` they read; the resolver
then turns them into ``Statement`` records with speakers resolved to entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

Offsets = tuple[int, int]


@dataclass
class RawAttribution:
    """One attribution as found, before its source is resolved."""

    content_spans: list[Offsets]
    cue: Optional[Offsets] = None
    source: Optional[Offsets] = None
    kind: str = "indirect"  # direct | indirect | mixed
    confidence: float = 1.0
    origin: str = "rules"  # which finder produced it (rules, tagger, quotes...)
    extra: dict = field(default_factory=dict)

    @property
    def content_start(self) -> int:
        return min(s for s, _ in self.content_spans)

    @property
    def content_end(self) -> int:
        return max(e for _, e in self.content_spans)

    def holds(self, span: Offsets) -> bool:
        """Whether ``span`` lies whole inside one piece of the content."""
        return any(s <= span[0] and span[1] <= e for s, e in self.content_spans)
