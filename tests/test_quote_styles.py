"""Every quoting style the issue lists, through the whole extraction (rules
and tagger merged), checked on the speaker, the kind and the quoted words."""

from __future__ import annotations

import pytest

PAGE = """\
„We will not give up“, said Anna Schmidt, the mayor of Bonn.

'We are ready,' said Tom Jones, the club's manager.

« We will rebuild the bridge », said Pierre Martin, the engineer in charge.

"The plan is sound," Mayor Lisa Park said on Tuesday, "and it will pass."

"This is the first part of a long quote that runs on.

"And this is the second paragraph of it," said Senator Mark Hill.

"Nobody expected this."
— Carla Ruiz, head of the union

The company said the figures were wrong. "We stand by them," it added.

"This mark is never closed, said the analyst John Doe, and the text goes on for a while.
"""

EXPECTED = [
    # (speaker, kind, the quoted words, exactly, after trimming marks and punctuation)
    ("Anna Schmidt", "direct", "We will not give up"),
    ("Tom Jones", "direct", "We are ready"),
    ("Pierre Martin", "direct", "We will rebuild the bridge"),
    ("Lisa Park", "direct", "The plan is sound and it will pass"),
    ("Mark Hill", "direct", "This is the first part of a long quote that runs on"),
    ("Mark Hill", "direct", "And this is the second paragraph of it"),
    ("Carla Ruiz", "direct", "Nobody expected this"),
    ("The company", "indirect", "the figures were wrong"),
    ("The company", "direct", "We stand by them"),
    ("John Doe", "direct", "This mark is never closed"),
]


def _words(text: str) -> str:
    return " ".join("".join(c if c.isalnum() or c == "'" else " " for c in text).replace("'", " ").split())


@pytest.fixture(scope="module")
def statements(extractor):
    record = extractor.extract(PAGE, kind="body", published="2024-03-05")
    return [(s.speaker.name, s.kind, _words(" ".join(PAGE[a:b] for a, b in s.content.spans)))
            for s in record.statements]


@pytest.mark.parametrize("speaker,kind,words", EXPECTED)
def test_quote_style(statements, speaker, kind, words):
    assert (speaker, kind, _words(words)) in statements, statements


def test_nothing_else_is_reported(statements):
    assert len(statements) == len(EXPECTED), statements
