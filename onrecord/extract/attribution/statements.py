"""Statements: who said what, when and where, from one parsed article.

The steps, each in its own module:

1. find attributions in the body and in the headline
   (``attribution.finder.find_attributions``: the rules and the trained
   tagger combined);
2. build the article's entities (``entities.py``) and resolve each source to
   a speaker (``attribution/resolve.py``), in document order so pronouns see
   the speakers before them;
3. fill in the statement: its sentence, the date said (the date mention in
   the sentence, outside the content, nearest the cue), the occasion
   (``attribution/venue.py``) and a confidence.

Body offsets are into ``article.body``; headline statements (``where =
"headline"``) have offsets into ``article.title``.
"""

from __future__ import annotations

import logging
import os
import re
from typing import TYPE_CHECKING, Callable, Optional

from onrecord.errors import ModelError
from onrecord.extract.attribution.cues import lexicon
from onrecord.extract.attribution.resolve import Resolved, Resolver
from onrecord.extract.attribution.spans import doc_text, remember_text
from onrecord.extract.attribution.speech_acts import statement_type
from onrecord.extract.attribution.types import RawAttribution
from onrecord.extract.attribution.venue import venue_at_cue, venue_sentences
from onrecord.extract.entities import build_entities
from onrecord.nlp.parse import ParsedArticle
from onrecord.record import Content, DateMention, Entity, Span, Speaker, Statement, When

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)
_DATE_PREPS = frozenset({"on", "in", "at", "during", "last", "this", "earlier", "late"})
_fallback_warned = False
_TRAILING_PUNCT = ",.;:—–-"
_DATE_KEY = "onrecord.date_entities"
_PRONOUNS = frozenset({"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
                       "it", "its", "they", "them", "their", "who", "which", "that", "this", "these",
                       "those", "one", "someone", "somebody", "anyone", "everyone"})
FINDER_ENV = "ONRECORD_FINDER"  # the finder's mode switch (attribution/finder.py)


def _find(doc: "Doc") -> list[RawAttribution]:
    """The combined finder; the rules alone while the tagger's model is not
    installed (a checkout before the model is trained)."""
    global _fallback_warned
    try:
        from onrecord.extract.attribution.finder import find_attributions
    except ImportError:  # pragma: no cover - the finder ships with the package
        from onrecord.extract.attribution.rules import rule_attributions
        return rule_attributions(doc)
    try:
        return find_attributions(doc)
    except ModelError as exc:
        if not _fallback_warned:
            log.warning("attribution tagger unavailable (%s); using the rules alone", exc)
            _fallback_warned = True
        return find_attributions(doc, mode="rules")


def _overlaps(att: RawAttribution, others: list[RawAttribution]) -> bool:
    return any(s < e2 and s2 < e for s, e in att.content_spans for o in others for s2, e2 in o.content_spans)


def _with_anchored_rules(doc: "Doc", found: list[RawAttribution]) -> list[RawAttribution]:
    """Add back the rule attributions whose cue leaves no doubt ("Putin's
    remarks included X", "provided details on X", "according to Y") when
    nothing the finder kept overlaps them.  The finder leaves rule-only
    attributions out because on PolNeAR most of them are pieces of contents
    it already has; these anchored frames are rare and a reporter counts
    every one of them."""
    from onrecord.extract.attribution.rules import rule_attributions

    if os.environ.get(FINDER_ENV) == "tagger":  # the tagger alone was asked for (bench)
        return found
    anchored = [a for a in rule_attributions(doc) if a.extra.get("anchored")]
    if not anchored:
        return found
    return _claimed_by_anchored(found, anchored)


def _claimed_by_anchored(found: list[RawAttribution], anchored: list[RawAttribution]) -> list[RawAttribution]:
    """Each anchored frame keeps its whole content: found contents lose the
    pieces that overlap it, and an attribution left with none is dropped
    (the tagger read "Putin's remarks included X and highlighted Y" as one
    statement of "highlighted", and cut "provided details on X, Y and Z"
    short).  An anchored frame nested inside a found content ("…, he said,
    according to officials") stays out, so the longer statement is kept."""
    out = list(found)
    for frame in anchored:
        overlapping = [a for a in out if _overlaps(frame, [a])]
        if frame.cue is not None and any(a.holds(frame.cue) for a in overlapping):  # quoted inside it
            continue
        for att in overlapping:
            pieces = [(s, e) for s, e in att.content_spans
                      if not any(s < fe and fs < e for fs, fe in frame.content_spans)]
            if pieces:
                att.content_spans = pieces
            else:
                out.remove(att)
        out.append(frame)
    return out


def _trim(text: str, att: RawAttribution) -> None:
    """Content pieces without a leading "that" or trailing punctuation and
    spaces, whichever finder drew them (quote marks are kept); the source
    without punctuation or spaces around it."""
    spans = []
    for start, end in att.content_spans:
        while start < end and text[start].isspace():
            start += 1
        if text[start:start + 5].lower() == "that " and end - start > 5:
            start += 5
        end = _end_before_punctuation(text, start, end)
        if end > start:
            spans.append((start, end))
    if spans:
        att.content_spans = spans
    if att.source is not None:  # "Pavel Ruzicka," -> "Pavel Ruzicka"
        start, end = att.source
        while start < end and (text[start].isspace() or text[start] in _TRAILING_PUNCT):
            start += 1
        end = _end_before_punctuation(text, start, end)
        if end > start:
            att.source = (start, end)


def _end_before_punctuation(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing spaces and punctuation, not past ``start``."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_PUNCT):
        end -= 1
    return end


def find_statements(parsed: ParsedArticle, dates: list[DateMention],
                    finder: Optional[Callable[["Doc"], list[RawAttribution]]] = None,
                    ) -> tuple[list[Entity], list[Statement]]:
    """Return the article's entities and the statements attributed to them."""
    find = finder or _find
    doc = parsed.doc
    remember_text(doc, parsed.article.body)
    if parsed.title_doc is not None and parsed.article.title:
        remember_text(parsed.title_doc, parsed.article.title)
    index = build_entities(parsed)
    body = _with_anchored_rules(doc, find(doc)) if len(doc) else []
    for att in body:
        _trim(doc_text(doc), att)
    body.sort(key=lambda a: (a.content_start, a.content_end))
    resolver = Resolver(doc, index)
    built: list[tuple[Statement, Resolved, RawAttribution]] = []
    said = [span for att in body for span in att.content_spans]
    for att in body:
        resolved = resolver.resolve(att)
        built.append((_statement(doc, att, resolved, dates, "body", said), resolved, att))
    _attach_venues(doc, built)
    headline: list[tuple[Statement, Resolved, RawAttribution]] = []
    if parsed.title_doc is not None and len(parsed.title_doc):
        head_resolver = Resolver(parsed.title_doc, index, in_body=False)
        for att in _with_anchored_rules(parsed.title_doc, find(parsed.title_doc)):
            _trim(doc_text(parsed.title_doc), att)
            resolved = head_resolver.resolve(att)
            headline.append((_statement(parsed.title_doc, att, resolved, [], "headline", []),
                             resolved, att))
    _agree_on_repeated_quotes(headline + built, resolver.agrees)
    entities = index.finish()
    statements = []
    for n, (statement, resolved, _) in enumerate(headline + built, 1):
        statement.id = f"s{n}"
        if not _names_someone(statement.speaker):
            statement.speaker = Speaker(mention=statement.speaker.mention)
        elif resolved.entity is not None:
            statement.speaker.entity_id = resolved.entity.id
        statements.append(statement)
    return entities, statements


def _content_words(statement: Statement) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", statement.content.text) if len(w) > 2}


def _by_pronoun(statement: Statement) -> bool:
    mention = statement.speaker.mention
    return mention is None or mention.text.strip().lower() in _PRONOUNS


#: content words two statements must share to count as the same quote repeated
REPEATED_QUOTE_WORDS = 3


def _agree_on_repeated_quotes(built: list[tuple[Statement, Resolved, RawAttribution]],
                              agrees: Optional[Callable[[str, Entity], bool]] = None) -> None:
    """A statement whose speaker came from a pronoun (or from nowhere) takes
    the speaker the article names elsewhere for the same words ("Putin says
    Russia is ready to talk" in the headline, "Russia is ready to talk, he
    said" in the body): the article's own attribution outweighs a guess.
    The same words means at least ``REPEATED_QUOTE_WORDS`` shared words (a
    one-word content "her" is in every sentence about her), and a "she"
    never takes a speaker known as "he" (``agrees``)."""
    named = [(st, res, _content_words(st)) for st, res, _ in built
             if st.speaker.name and not _by_pronoun(st)]
    for statement, resolved, _ in built:
        if not _by_pronoun(statement):
            continue
        words = _content_words(statement)
        if len(words) < 4:
            continue
        best = None
        for other, other_resolved, other_words in named:
            if other is statement or not other_words:
                continue
            common = len(words & other_words)
            if common < REPEATED_QUOTE_WORDS:
                continue
            pronoun = statement.speaker.mention.text.strip().lower() if statement.speaker.mention else None
            if pronoun and agrees is not None and other_resolved.entity is not None \
                    and not agrees(pronoun, other_resolved.entity):
                continue
            shared = common / min(len(words), len(other_words))
            if shared >= 0.8 and (best is None or shared > best[0]):
                best = (shared, other, other_resolved)
        if best is None or best[1].speaker.name == statement.speaker.name:
            continue
        _, other, other_resolved = best
        mention = statement.speaker.mention
        statement.speaker = Speaker(other.speaker.name, other.speaker.type, other.speaker.role, None, mention)
        resolved.entity = other_resolved.entity


def _names_someone(speaker: Speaker) -> bool:
    """A speaker with a name that is not empty and not a bare pronoun; any
    other is the explicit unknown speaker (type "unknown", no name), whose
    mention as written is kept."""
    name = (speaker.name or "").strip()
    return bool(name) and name.lower() not in _PRONOUNS and any(c.isalnum() for c in name)


def _span(text: str, offsets: Optional[tuple[int, int]]) -> Optional[Span]:
    if offsets is None:
        return None
    return Span(text[offsets[0]:offsets[1]], offsets[0], offsets[1])


def _statement(doc: "Doc", att: RawAttribution, resolved: Resolved, dates: list[DateMention],
               where: str, said: list[tuple[int, int]]) -> Statement:
    text = doc_text(doc)
    spans = sorted(att.content_spans)
    content_text = " … ".join(text[s:e] for s, e in spans)
    content = Content(content_text, spans[0][0], spans[-1][1], [[s, e] for s, e in spans])
    return Statement(
        id="",
        speaker=resolved.speaker,
        cue=_span(text, cue_as_read(doc, att.cue)),
        kind=att.kind,
        content=content,
        where=where,
        sentence=_sentence(doc, att),
        when=_when(doc, att, dates, said),
        confidence=round(max(0.05, min(1.0, att.confidence * resolved.confidence)), 2),
        type=statement_type(doc, att),
    )


def _is_adverb(token: "Token") -> bool:
    return token.pos_ == "ADV" and token.dep_ != "neg"


def cue_as_read(doc: "Doc", cue: Optional[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """The cue as a reader names it: the words of saying without the adverbs
    the tagger takes along ("also highlighted" -> "highlighted", "have often
    questioned" -> "questioned", "explicitly stated" -> "stated").  An
    auxiliary stays when nothing separates it from its verb ("has expressed"),
    and negation always stays ("did not say", "never said")."""
    if cue is None:
        return None
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or len(span) < 2:
        return cue
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return cue
    first, last = 0, len(tokens) - 1
    while first < last and _is_adverb(tokens[first]):
        first += 1
    aux = first
    while aux < last and tokens[aux].pos_ == "AUX":
        aux += 1
    if aux > first and _is_adverb(tokens[aux]):
        first = aux
        while first < last and _is_adverb(tokens[first]):
            first += 1
    while last > first and _is_adverb(tokens[last]):
        last -= 1
    return tokens[first].idx, tokens[last].idx + len(tokens[last].text)


def _bounds(att: RawAttribution) -> tuple[int, int]:
    points = [att.content_start, att.content_end]
    for extra in (att.cue, att.source):
        if extra is not None:
            points.extend(extra)
    return min(points), max(points)


def _sentence(doc: "Doc", att: RawAttribution) -> Optional[str]:
    """The sentence(s) the statement is written in."""
    start, end = _bounds(att)
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    last = doc.char_span(max(start, end - 1), end, alignment_mode="expand")
    if first is None or last is None or not len(first) or not len(last):
        return None
    s0, s1 = first[0].sent, last[-1].sent
    return doc_text(doc)[s0.start_char:s1.end_char].strip()


def _outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def _when(doc: "Doc", att: RawAttribution, dates: list[DateMention], said: list[tuple[int, int]]) -> When:
    """The date the statement was made: a date mention in its sentence,
    outside anything said (dates inside a content are about the content),
    nearest the cue."""
    said = said + list(att.content_spans)
    if att.cue is None:
        return When()
    first = doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
    if first is None or not len(first):
        return When()
    sent = first[0].sent
    anchor = att.cue[0]
    candidates = [d for d in dates if d.where == "body" and d.start >= sent.start_char and d.end <= sent.end_char
                  and _outside(said, d.start, d.end)]
    if candidates:
        best = min(candidates, key=lambda d: abs(d.start - anchor))
        return When(_with_preposition(doc, best.start, best.end), best.date)
    for start, end in _date_entities(doc):
        if start >= sent.start_char and end <= sent.end_char and _outside(said, start, end):
            return When(_with_preposition(doc, start, end), None)
    return When()


def _date_entities(doc: "Doc") -> list[tuple[int, int]]:
    """Offsets of spaCy's DATE entities, listed once per doc (a fallback when
    the dates stage found nothing in the sentence)."""
    found = doc.user_data.get(_DATE_KEY)
    if found is None:
        found = doc.user_data[_DATE_KEY] = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    return found


def _with_preposition(doc: "Doc", start: int, end: int) -> str:
    """"on Tuesday" rather than "Tuesday" when a preposition introduces it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and span.start > 0:
        prev = doc[span.start - 1]
        if prev.lower_ in _DATE_PREPS and prev.dep_ == "prep":
            start = prev.idx
    return doc_text(doc)[start:end]


def _attach_venues(doc: "Doc", built: list[tuple[Statement, Resolved, RawAttribution]]) -> None:
    """Occasions beside a cue, and venue sentences for the statements just
    before them by the same speaker."""
    lex = lexicon()
    for statement, _, att in built:
        cue_token = att.extra.get("cue_token")
        if cue_token is None and att.cue is not None:
            span = doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
            cue_token = span.root.i if span is not None and len(span) else None
        if cue_token is not None:
            statement.venue = venue_at_cue(doc, lex, cue_token)
    notes = venue_sentences(doc, lex)
    for note in notes:
        before = [item for item in built if _bounds(item[2])[1] <= note.sentence_start]
        if not before:
            continue
        speaker = _speaker_key(before[-1][1])
        paragraph_start = doc_text(doc).rfind("\n\n", 0, note.sentence_start)
        for statement, resolved, att in reversed(before):
            if _speaker_key(resolved) != speaker or _bounds(att)[0] < paragraph_start:
                break
            if statement.venue is None:
                statement.venue = note.venue


def _speaker_key(resolved: Resolved) -> object:
    return id(resolved.entity) if resolved.entity is not None else resolved.speaker.name
