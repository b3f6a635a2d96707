"""Where a fact-checker reads a number's source when no statement holds it.

A poll story cites its poll once ("In a national USA TODAY/Suffolk
University Poll, ...", "according to a new Associated Press-GfK poll") and
then gives paragraph after paragraph of results; a deficit story cites the
Congressional Budget Office and carries on with its projections. No
statement holds those numbers, yet their source is plain to a reader. This
module lists the *citations* of an article, in text order:

- statements whose speaker publishes figures (a poll, survey, report,
  filing, data, or an agency or office: "the state Division of Gaming
  Enforcement"), or whose speaker is written as one although the speaker
  stage resolved it to someone else;
- mentions of a document in a citing role that no statement captures: the
  subject of a clause ("The poll has bad news for Bush", "The survey of 1,200
  registered voters was taken ..."), "in the poll", "according to X", a
  document's owner ("the budget office's 10-year outlook"), "X surveyed
  troops".

``thread_source`` then gives a number the citation a reader would: one in
its sentence, else one earlier in its paragraph, else, in a story built on
a release (its first citation is a figure publisher in the opening
paragraphs), the last one cited before it, as long as no person has given
figures since and the number is not dated years before the story (a
background figure is the outlet's own: "peaking in 2006 at $5.2 billion").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

from onrecord.record import ClaimSource, DateMention, Statement

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

#: nouns of documents that report figures (a mention of one in a citing role cites it)
DOCUMENT_NOUNS = frozenset({"poll", "polls", "survey", "surveys", "report", "reports", "study", "studies",
                            "analysis", "analyses", "data", "census", "tally", "estimate", "estimates",
                            "review", "audit", "filings", "filing", "records", "documents", "findings",
                            "results", "calculations", "projections", "outlook", "forecast", "sheet"})
#: documents whose figures are a poll's (a poll story's results carry across its paragraphs)
POLL_NOUNS = frozenset({"poll", "polls", "survey", "surveys"})
#: owners whose document a possessive names ("the budget office's outlook")
AGENCY_NOUNS = frozenset({"office", "bureau", "department", "agency", "commission", "division", "administration",
                          "center", "centre", "institute", "foundation", "board", "service", "regulators"})
#: words of a document mention that do not tell one poll from another ("the new poll")
GENERIC_WORDS = frozenset({"the", "a", "an", "this", "that", "new", "latest", "earlier", "same", "recent", "last",
                           "previous", "its", "their", "his", "her", "'s", "\u2019s", "poll", "polls", "survey",
                           "surveys", "report", "results", "findings", "data", "study", "overall"})
#: verbs whose subject conducts a poll ("Military Times surveyed troops")
POLLING_VERBS = frozenset({"survey", "poll"})
#: verbs whose "in" phrase is where a rank sits, not who reports it ("ranked 11th in the survey")
RANK_VERBS = frozenset({"rank", "place", "finish", "come", "rate"})
#: how many opening paragraphs may hold the citation a story is built on
OPENING_PARAGRAPHS = 3


@dataclass
class Citation:
    """A poll, report or agency cited at ``start`` (a cue or a mention)."""

    start: int
    end: int
    source: ClaimSource
    poll: bool
    from_statement: bool = False
    specific: bool = True  # False for "the poll", "the findings": named after an earlier one


def _paragraph_bounds(body: str, offset: int) -> tuple[int, int]:
    start = body.rfind("\n\n", 0, offset)
    start = 0 if start < 0 else start + 2
    end = body.find("\n\n", offset)
    return start, len(body) if end < 0 else end


def paragraph_index(body: str, offset: int) -> int:
    """The number of the paragraph that holds ``offset`` (0 for the first)."""
    return body.count("\n\n", 0, offset)


def _mention_name(token: "Token") -> str:
    """The mention's words: the noun chunk of ``token`` without its article
    ("a national USA TODAY/Suffolk University Poll")."""
    doc = token.doc
    left = token.left_edge.i
    while left < token.i and (doc[left].is_punct or doc[left].is_space or doc[left].dep_ in ("det", "case", "predet")):
        left += 1
    return doc[left:token.i + 1].text or token.text


def _is_generic(name: str) -> bool:
    return all(w.lower() in GENERIC_WORDS or w.lower() == "s" for w in re.findall(r"\w+", name))


def _citing(token: "Token") -> bool:
    """Whether a document noun is used as the source of what its clause says."""
    dep = token.dep_
    if dep in ("nsubj", "nsubjpass", "poss", "appos", "ROOT"):
        return True
    if dep == "conj":
        return _citing(token.head)
    if dep == "pobj":
        prep = token.head
        if prep.lower_ == "in" and prep.head.lemma_.lower() not in RANK_VERBS and (
                token.lower_ != "polls" or any(c.dep_ == "amod" for c in token.children)):
            return True  # "in the poll", "in national polls"; not "ranked 11th in the survey"
        if prep.lower_ == "to" and prep.head.lower_ == "according":
            return True
        if prep.lower_ == "of" and prep.head.lower_ in ("results", "findings"):
            return True  # "the results of the latest Quinnipiac University poll"
    return False


def _document_mentions(doc: "Doc") -> list[tuple["Token", str, bool]]:
    """(token, name, poll?) for each document or polling owner in a citing role."""
    out: list[tuple["Token", str, bool]] = []
    for token in doc:
        lower = token.lower_
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "pobj" and token.head.lower_ == "to" \
                and token.head.head.lower_ == "according" and lower not in POLL_NOUNS:
            out.append((token, _mention_name(token), False))  # "according to the lender's index"
        elif token.pos_ in ("NOUN", "PROPN") and lower in DOCUMENT_NOUNS and _citing(token):
            out.append((token, _mention_name(token), lower in POLL_NOUNS))
        elif (token.pos_ in ("NOUN", "PROPN") and lower in AGENCY_NOUNS and token.dep_ == "poss"
              and token.head.lower_ in DOCUMENT_NOUNS):
            out.append((token, _mention_name(token), False))  # "the budget office's 10-year outlook"
        elif token.pos_ == "VERB" and token.lemma_.lower() in POLLING_VERBS:
            subject = next((c for c in token.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"), None)
            if subject is not None:
                out.append((subject, _mention_name(subject), True))  # "Military Times surveyed troops"
    return out


def find_citations(doc: "Doc", body: str, statements: list[Statement],
                   publishes: Callable[[str], bool], as_source: Callable[..., ClaimSource]) -> list[Citation]:
    """Every citation of a poll, report or agency in the body, in text order.

    ``publishes`` says whether a speaker's name is a figure publisher and
    ``as_source`` turns a statement's speaker into a claim source (both
    live with the statement rules in ``find``)."""
    citations: list[Citation] = []
    for st in statements:
        if st.where != "body" or st.cue is None:
            continue
        name = written_as_document(st, body) or st.speaker.name
        if not name or not publishes(name):
            continue
        source = as_source(st.speaker, name if name != st.speaker.name else None)
        start = min(st.cue.start, st.content.start)
        citations.append(Citation(start, max(st.cue.end, st.content.end), source,
                                  poll=_head(name) in POLL_NOUNS, from_statement=True))
    for token, name, poll in _document_mentions(doc):
        citations.append(Citation(token.idx, token.idx + len(token.text),
                                  ClaimSource(name, None, "organization" if poll else "group"), poll=poll))
    citations.sort(key=lambda c: c.start)
    return _name_generic(body, citations)


def _head(name: str) -> str:
    words = re.sub(r"\s+(?:of|by|from|in|for|released|conducted|taken|out)\b.*$", "", name, flags=re.I).split()
    return words[-1].lower() if words else ""


def _name_generic(body: str, citations: list[Citation]) -> list[Citation]:
    """"The poll" after "the latest Quinnipiac University poll" is that poll:
    a generic mention takes the name of the story's release when that is of
    its kind (a poll story's "the poll" is its poll, even after another
    survey was cited along the way), else of the last specific one of its
    kind ("the findings": of any kind)."""
    for c in citations:
        c.specific = not _is_generic(c.source.name or "")
    main = main_citation(body, citations)
    last: dict[bool, Citation] = {}
    for c in citations:
        if c.specific:
            last[c.poll] = c
            continue
        previous = main if main is not None and main.poll == c.poll and main.start < c.start else (
            last.get(c.poll) or last.get(not c.poll))
        if previous is not None:
            c.source = previous.source
    return citations


def written_as_document(st: Statement, body: str) -> Optional[str]:
    """The speaker as written when resolution made a document a person ("An
    Associated Press survey of superdelegates ... found" is no one's words)."""
    mention = st.speaker.mention
    if mention is None or st.speaker.type != "person":
        return None
    text = body[mention.start:mention.end]
    return text if _head(text) in DOCUMENT_NOUNS else None


def written_document(st: Statement, body: str, citations: list[Citation], doc: "Doc") -> Optional[ClaimSource]:
    """The document that is the statement's real speaker: the speaker as
    written when it is a document (``written_as_document``), or a document
    mention that is the subject of the cue ("new fundraising reports show",
    "the poll also finds") when the finder or the resolver gave the cue
    another speaker ("an outside group", a person quoted nearby)."""
    written = written_as_document(st, body)
    if written:
        return ClaimSource(written, None, "group")
    if st.cue is None:
        return None
    cue = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand")
    if cue is None:
        return None
    subjects = {c.idx for t in cue for c in t.children if c.dep_ in ("nsubj", "nsubjpass")}
    for c in citations:
        if c.from_statement or c.start not in subjects:
            continue
        head = _head(c.source.name or "")
        if head and head not in (st.speaker.name or "").lower():
            return c.source
    return None


def cited_owner(name: Optional[str], citations: list[Citation]) -> bool:
    """Whether a speaker is the owner of a cited poll or report ("Military
    Times found ..." after "a Military Times survey"): its figures are the
    release's, not a new thread."""
    words = (name or "").lower().split()
    return bool(words) and any(words[-1] in (c.source.name or "").lower().split() for c in citations)


def background(year: Optional[int], when: Optional[DateMention], sentence_dates: list[DateMention]) -> bool:
    """A figure dated two years or more before the story ("peaking in 2006",
    "Romney's 73-to-25 percent victory in 2012") is background the outlet
    states, not the release's."""
    if year is None:
        return False
    dated = [when] if when is not None and when.date else [d for d in sentence_dates if d.date]
    years = [int(d.date[:4]) for d in dated if d.date[:4].isdigit()]
    return bool(years) and all(y <= year - 2 for y in years)


def main_citation(body: str, citations: list[Citation]) -> Optional[Citation]:
    """The release a story is built on: its first specific citation (else
    its first) in the opening paragraphs (a poll story's poll, a deficit
    story's budget office); None for a story that only cites along the way."""
    opening = [c for c in citations if paragraph_index(body, c.start) < OPENING_PARAGRAPHS]
    return next((c for c in opening if c.specific), opening[0] if opening else None)


def thread_source(body: str, start: int, sentence: tuple[int, int], citations: list[Citation],
                  gave_figures: Callable[[int, int], bool]) -> Optional[ClaimSource]:
    """The citation a reader gives the number at ``start``: one in its
    sentence (before it, else after it), else one earlier in its paragraph,
    else the report cited in the paragraph just before (another poll does
    not interrupt a poll story: its results paragraphs are its poll's),
    else the story's release; None when there is none, or when someone
    else has given figures since.

    ``gave_figures(a, b)`` says whether a speaker who is not a publisher
    gave figures between offsets a and b (then the thread is theirs)."""
    in_sentence = [c for c in citations if sentence[0] <= c.start < sentence[1]]
    before = [c for c in in_sentence if c.start <= start]
    if before:
        return before[-1].source
    if in_sentence:
        return in_sentence[0].source
    para_start, _ = _paragraph_bounds(body, start)
    earlier = [c for c in citations if c.start < start]
    if not earlier:
        return None
    last = earlier[-1]
    if last.start >= para_start:
        return None if gave_figures(last.end, start) else last.source
    main = main_citation(body, citations)
    follows = paragraph_index(body, last.start) == paragraph_index(body, start) - 1
    if follows and not (last.poll and main is not None and main.poll) and not gave_figures(last.end, start):
        return last.source  # a report cited in the paragraph before carries into this one
    if main is not None and main.poll and not gave_figures(main.end, start):
        return main.source
    if follows and not gave_figures(last.end, start):
        return last.source
    if main is not None and not gave_figures(main.end, start):
        return main.source
    return None
