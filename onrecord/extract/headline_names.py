"""Names in title-case lines, cut to the name the article body gives.

A headline, a video label or a subhead writes every word with a capital
("Obama Speech at Black Caucus Foundation", "The Absurd Double Standard
Clinton And Trump Face"), and the small NER model then takes a common word
next to a name for part of it: "Obama Speech", "Standard Clinton", "Trump
Face".  Such a span made a person of its own, and worse, a second full name
ending in "Clinton" made the article's bare "Clinton" ambiguous.

The rule needs no list of headline words: inside a title-case line, an edge
word of a person span is dropped when the body (the lines written in
sentence case) never uses it in a person's name, it is a common English word
(written in lower case in the article, or a noun, verb, adjective or adverb
the lemmatizer knows, inflected or not) and it is not a given name the census
lists know ("Hillary" is also a WordNet noun).  The trim is kept only when
what is left holds a word the body does use in a name, so a person named
only in the headline stays as tagged.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Iterable

from onrecord.extract.gender import first_name_pronoun

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

#: a line is title case when at least this share of its words of four letters
#: or more outside named entities start with a capital (and it has at least two
#: such words): names do not count, or a sentence listing senators would be one
TITLE_CASE_SHARE = 0.75
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"))


class TitleCaseLines:
    """Which tokens of a doc stand in a title-case line (a headline, a
    label), computed once per doc."""

    def __init__(self, doc: "Doc") -> None:
        text = doc.text
        self._breaks = [i for i, c in enumerate(text) if c == "\n"]
        counts: dict[int, list[int]] = {}
        for token in doc:
            word = token.text
            if token.is_alpha and len(word) >= 4 and not token.ent_type_:
                seen = counts.setdefault(self.line_of(token), [0, 0])
                seen[0] += 1
                seen[1] += word[0].isupper()
        self._title = {line for line, (words, upper) in counts.items()
                       if words >= 2 and upper >= TITLE_CASE_SHARE * words}

    def line_of(self, token: "Token") -> int:
        return bisect_right(self._breaks, token.idx)

    def __contains__(self, token: "Token") -> bool:
        return self.line_of(token) in self._title


def body_name_words(doc: "Doc", lines: TitleCaseLines, spans: Iterable[tuple[int, int]]) -> frozenset[str]:
    """Lower-cased words of the name spans (token ranges) that stand outside
    title-case lines: the words the article itself writes as names."""
    return frozenset(doc[i].lower_ for start, end in spans for i in range(start, end)
                     if doc[start] not in lines)


_LEMMAS: list[tuple[frozenset[str], frozenset[str]]] = []


def _lemma_tables() -> tuple[frozenset[str], frozenset[str]]:
    """(lemmas of every part of speech, irregular forms) the loaded English
    pipeline's lemmatizer knows; empty when none is loaded yet (then not
    kept, so a later call with the pipeline loaded reads them)."""
    if _LEMMAS:
        return _LEMMAS[0]
    from onrecord.nlp import model

    for nlp in list(getattr(model, "_cache", {}).values()):
        try:
            lookups = nlp.get_pipe("lemmatizer").lookups
            index, exc = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
        except (KeyError, AttributeError, ValueError):
            continue
        _LEMMAS.append((frozenset(w for pos in index.keys() for w in index[pos]),
                        frozenset(w for pos in exc.keys() for w in exc[pos])))
        return _LEMMAS[0]
    return frozenset(), frozenset()


def is_common_word(word: str, lower_words: frozenset[str] = frozenset()) -> bool:
    """A common English word, not a given name: in ``lower_words`` (the
    article's lower-case words) or a lemma, irregular form or regular
    inflection the lemmatizer knows ("Speech", "Hid", "Breaks")."""
    low = word.lower()
    if not low.isalpha() or first_name_pronoun(word) is not None:
        return False
    if low in lower_words:
        return True
    lemmas, irregular = _lemma_tables()
    return low in lemmas or low in irregular or any(
        low.endswith(suffix) and len(low) > len(suffix) + 1 and low[:-len(suffix)] + repl in lemmas
        for suffix, repl in _INFLECTIONS)


def trim_title_case_name(doc: "Doc", start: int, end: int, lines: TitleCaseLines, names: frozenset[str],
                         lower_words: frozenset[str]) -> tuple[int, int]:
    """The token range of a person span without the common words a title-case
    line put around the name ("Obama Speech" is Obama); the range unchanged
    outside such lines or when no word the body writes as a name is left."""
    if end - start < 2 or doc[start] not in lines:
        return start, end

    def cut(token: "Token") -> bool:
        return token.lower_ not in names and is_common_word(token.text, lower_words)
    s, e = start, end
    while e - s > 1 and cut(doc[s]):
        s += 1
    while e - s > 1 and cut(doc[e - 1]):
        e -= 1
    while e - s > 1 and (doc[e - 1].is_punct or doc[e - 1].text in _POSSESSIVE):
        e -= 1  # "Trump’s Supporters" is Trump, not "Trump’s"
    if (s, e) != (start, end) and any(doc[i].lower_ in names for i in range(s, e)):
        return s, e
    return start, end


def lower_case_words(doc: "Doc") -> frozenset[str]:
    """Words the article writes in lower case (a common word, whatever a
    headline does with it)."""
    return frozenset(t.text for t in doc if t.is_alpha and t.text.islower())

