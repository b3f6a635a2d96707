"""What the zones of a scraped page collect before the ``Article`` is built.

The header, body, trailer and comment readers all put lines somewhere: a
field (a byline, a timestamp, a photo), the paragraphs, or the list of
removed furniture.  ``PageParts`` is that shared destination, with the few
moves every zone makes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Optional

from onrecord.article.credits import parse_credit
from onrecord.article.text.roles import CAPTION, CREDIT, META, TIMESTAMP, Meta, Tagged
from onrecord.article.timestamps import Stamp
from onrecord.record import Article, Image


@dataclass
class PageParts:
    """The article under construction plus the metadata lines found so far."""

    article: Article = field(default_factory=Article)
    stamps: list[Stamp] = field(default_factory=list)
    bylines: list[Meta] = field(default_factory=list)
    parsed_credits: dict[tuple[Optional[str], Optional[str]], Image] = field(default_factory=dict)

    def remove(self, text: str) -> None:
        """Drop a line from the text, and say so in ``boilerplate_removed``."""
        self.article.boilerplate_removed.append(text)

    def add_image(self, credit: Optional[str], caption: Optional[str]) -> None:
        """A photo; ``parse_credit`` is remembered for this page, since a
        concatenation of pages repeats its captions (each image is a copy)."""
        key = (credit, caption)
        image = self.parsed_credits.get(key)
        if image is None:
            image = self.parsed_credits[key] = parse_credit(credit, caption)
        self.article.images.append(dataclasses.replace(image))

    def take_back(self, text: str) -> None:
        """Undo the last placement of ``text`` (as furniture or as a
        paragraph): it turned out to be a caption."""
        for placed in (self.article.boilerplate_removed, self.article.paragraphs):
            if placed and placed[-1] == text:
                placed.pop()
                return

    def take_metadata(self, item: Tagged, *, labelled_only: bool) -> bool:
        """Put a timestamp, byline or caption line into its field; False if
        the line is none of these.  ``labelled_only`` accepts only bylines
        that say 'By' (inside the story a bare name is text)."""
        if item.role == TIMESTAMP and item.data:
            self.stamps.extend(item.data)
            return True
        if item.role == META and (item.data.byline.labelled or not labelled_only):
            self.bylines.append(item.data)
            return True
        if item.role in (CAPTION, CREDIT):
            caption, credit = item.data
            self.add_image(credit, caption or None)
            return True
        return False
