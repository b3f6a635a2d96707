"""Quantitative claims: a number with its unit, hedge, kind, subject, time and source.

The work is split so each step has one job:

- ``numbers.find_quantities`` reads the numbers in the body text (and drops
  times, phones, ids, scores, tables...), skipping the date mentions;
- this module places each number in the parse: the noun it counts (the unit
  of a count: "490,000 ... soldiers" -> ``soldiers``), the phrase it
  measures (``subject``), its kind (a target when it sits under "aim to",
  "plan to", "target of"; a change under "rose", "up", "doubled"...), the
  date mention in its clause (``time``), and the statement whose content holds
  it (``source``: that statement's speaker; otherwise None, the outlet's own
  assertion).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from onrecord.extract.claims.citations import (Citation, background, cited_owner, find_citations, thread_source,
                                               written_document)
from onrecord.extract.claims.measured import measured_subject
from onrecord.extract.claims.numbers import SHARE_UNITS, Quantity, find_quantities, may_hold_quantity
from onrecord.extract.claims.units import load_data
from onrecord.nlp.parse import ParsedArticle
from onrecord.record import Claim, ClaimSource, DateMention, Entity, Statement, When

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

NAME_LABELS = {"ORG", "PRODUCT", "WORK_OF_ART", "LAW", "FAC", "EVENT", "PERSON", "GPE", "LOC", "NORP"}
TIME_NOUNS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
              "minute", "minutes", "decade", "decades", "century"}


def _cues() -> dict:
    return load_data("claims_cues.json")


def find_claims(parsed: ParsedArticle, entities: list[Entity], statements: list[Statement],
                dates: list[DateMention]) -> list[Claim]:
    """Return the quantitative claims in the article body, in text order.

    A claim's source comes already resolved on the statement that holds it;
    ``entities`` name the people a share belongs to (``measured_subject``)."""
    body = parsed.article.body
    if not may_hold_quantity(body):
        return []
    body_dates = [d for d in dates if d.where == "body"]
    quantities = find_quantities(body, skip=[(d.start, d.end) for d in body_dates])
    claims: list[Claim] = []
    article_id = parsed.article.id
    for q in quantities:
        claim = _claim(parsed, q, quantities, body_dates, statements)
        if claim is not None:
            claim.subject = measured_subject(parsed.doc, q, quantities, entities) or claim.subject
            claim.id = f"{article_id}:c{len(claims) + 1}"
            claims.append(claim)
    return claims


def _claim(parsed: ParsedArticle, q: Quantity, quantities: list[Quantity], dates: list[DateMention],
           statements: list[Statement]) -> Optional[Claim]:
    doc = parsed.doc
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or _inside_name(doc, span):
        return None
    after = _noun_run(doc, span.end, dates)
    if q.year_like and not (q.hedge or (after and after[-1].tag_ == "NNS" and after[-1].lower_ not in TIME_NOUNS)):
        return None  # "in 2000" is a year; "about 2000 people" is a count
    if q.bare_range and not after:
        return None  # "10-12 weeks" is a range; a bare "3-1" is a score
    unit, subject_tokens = _unit_and_subject(doc, span, q, after)
    lead = q.hedge_start if q.hedge_start is not None else q.start
    subject_tokens = [t for t in subject_tokens if not lead <= t.idx < q.end]
    kind, value = _kind(doc, span, q)
    hedge = q.hedge if q.hedge_start is None or not _particle(doc, q.hedge_start) else (
        "at least" if q.form == "vague" else None)
    text_start, text_end = _text_bounds(doc, span, q, subject_tokens, hedged=hedge is not None and hedge == q.hedge)
    time = _time(q, quantities, dates, span.sent)
    if time and time.end > text_end and time.start - text_end <= 4:
        text_end = time.end
    source, statement_id = claim_source(parsed, span, q, statements, dates, time)
    body = parsed.article.body
    return Claim(
        id="", text=body[text_start:text_end], start=text_start, end=text_end, value=value, unit=unit,
        hedge=hedge, kind=kind, subject=_phrase(subject_tokens), value_max=q.value_max,
        time=When(time.text, time.date) if time else When(), source=source, statement_id=statement_id,
    )


# ---------------------------------------------------------------- source

def holding_statement(start: int, statements: list[Statement]) -> Optional[Statement]:
    """The innermost body statement whose content holds the number (where it
    starts: a content trimmed of "%" keeps its number)."""
    best: Optional[Statement] = None
    best_size = None
    for statement in statements:
        if statement.where != "body":
            continue
        spans = statement.content.spans or [[statement.content.start, statement.content.end]]
        if any(s <= start < e for s, e in spans):
            size = statement.content.end - statement.content.start
            if best_size is None or size < best_size:
                best, best_size = statement, size
    return best


def source_for(start: int, end: int, statements: list[Statement]) -> tuple[Optional[ClaimSource], Optional[str]]:
    """The speaker of the innermost body statement whose content holds the
    number; (None, None) when the number is the outlet's own assertion."""
    best = holding_statement(start, statements)
    if best is None:
        return None, None
    speaker = best.speaker
    if not speaker.name:  # "X reportedly ...", an unresolved "he": the outlet vouches for it
        return None, best.id
    if respondents(speaker.name) or is_quantity_phrase(speaker.name):  # "27 percent said ...": the poll's figure
        return None, best.id
    return _claim_source(speaker), best.id


def claim_source(parsed: ParsedArticle, span: "Span", q: Quantity, statements: list[Statement],
                 dates: list[DateMention], time: Optional[DateMention]) -> tuple[Optional[ClaimSource], Optional[str]]:
    """Who gave the number, as a fact-checker reads it: the speaker of the
    statement that holds it (a document written as the speaker stays the
    document; a poll's respondents give the poll's figures), else the
    subject of an estimating verb, else the named speaker whose cue comes
    before it in its sentence, else the poll, report or agency the
    sentence, the paragraph or the story cites (``citations``); None is the
    outlet's own figure."""
    body = parsed.article.body
    citations = _citations(parsed, statements)
    holder = holding_statement(q.start, statements)
    statement_id = holder.id if holder is not None else None
    if holder is not None:
        source = _statement_source(parsed, holder, citations)
        if source is not None:
            return source, statement_id
    else:
        estimated = estimate_source(span)
        if estimated is not None:
            return estimated, None
    cited = cited_in_sentence(span.sent, q.start, statements, citations, parsed)
    if cited is not None:
        return cited, statement_id
    sent = span.sent
    year = _year(parsed.article.published)
    if background(year, time, [d for d in dates if sent.start_char <= d.start < sent.end_char]):
        return None, statement_id
    numbers = _number_starts(parsed, dates)

    def gave_figures(a: int, b: int) -> bool:
        """Someone who is not a cited publisher gave figures between a and b."""
        for st in statements:
            if st.where != "body" or not a <= st.content.start < b:
                continue
            if not any(st.content.start <= n < st.content.end for n in numbers):
                continue
            source = _statement_source(parsed, st, citations)
            if source is not None and not _publishes_figures(source.name or "") \
                    and not cited_owner(source.name, citations):
                return True
        return False

    return thread_source(body, q.start, (sent.start_char, sent.end_char), citations, gave_figures), statement_id


def _statement_source(parsed: ParsedArticle, st: Statement, citations: list[Citation]) -> Optional[ClaimSource]:
    """The source of the figures a statement holds: the document that is its
    real speaker, else its speaker when that gives figures (not a poll's
    respondents, not unnamed); None when the statement gives no source."""
    written = written_document(st, parsed.article.body, citations, parsed.doc)
    if written is not None:
        return ClaimSource(source_name(written.name), written.entity_id, written.type)
    if _gives_figures(st, citations):
        return _claim_source(st.speaker)
    return None


def _number_starts(parsed: ParsedArticle, dates: list[DateMention]) -> list[int]:
    """Where the body's numbers start (dates left out: "on March 1" gives no figure)."""
    key = "onrecord_number_starts"
    starts = parsed.doc.user_data.get(key)
    if starts is None:
        body = parsed.article.body
        starts = [q.start for q in find_quantities(body, skip=[(d.start, d.end) for d in dates])]
        parsed.doc.user_data[key] = starts
    return starts


def _year(published: Optional[str]) -> Optional[int]:
    return int(published[:4]) if published and published[:4].isdigit() else None


def _citations(parsed: ParsedArticle, statements: list[Statement]) -> list[Citation]:
    """The article's citations, computed once per parse and statement list."""
    key = ("onrecord_citations", id(statements), len(statements))
    cached = parsed.doc.user_data.get(key)
    if cached is None:
        cached = find_citations(parsed.doc, parsed.article.body, statements, _publishes_figures, _claim_source)
        parsed.doc.user_data[key] = cached
    return cached


#: heads of group speakers that speak for an organisation, not as a poll's respondents
STAFF_NOUNS = frozenset({"aides", "officials", "advisers", "advisors", "spokesmen", "spokespeople", "staff",
                         "lawmakers", "leaders", "analysts", "economists", "experts", "campaign", "organizers",
                         "organisers", "executives", "researchers", "authorities", "police", "prosecutors"})


def _gives_figures(st: Statement, citations: list[Citation]) -> bool:
    """Whether the statement's speaker is the source of the figures it holds:
    named, and not a poll's respondents ("74 percent said", "Nearly eight in
    10 Democratic voters", or, once a poll is cited, "Officers favored Trump
    46 percent to 32 percent")."""
    name = st.speaker.name
    if not name or respondents(name) or is_quantity_phrase(name):
        return False
    if st.speaker.type == "group" and any(c.poll and c.start < st.content.end for c in citations):
        words = name.lower().replace("\u2019", "'").split()
        return bool(words) and words[-1] in STAFF_NOUNS or "campaign" in words or "'s" in name
    return True


#: heads of speakers that are documents: a paragraph of numbers right after
#: one of them carries on reporting it
REPORT_NOUNS = frozenset({"poll", "polls", "survey", "surveys", "report", "reports", "study", "analysis", "data",
                          "figures", "census", "tally", "count", "estimate", "estimates", "review", "audit",
                          "filings", "records", "documents", "findings", "results", "calculations", "analyses"})
_RESPONDENTS = re.compile(r"^(?:only |nearly |about |almost |more than |just |some )?(?:\d|(?:one|two|three|four|"
                          r"five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                          r"half|a third|a quarter|a majority|majority|most|a plurality)\b)", re.I)


def respondents(name: str) -> bool:
    """A share of a poll's respondents as the speaker ("74 percent", "Nearly
    eight in 10 Democratic voters"): they answered the poll, the poll reports."""
    return bool(_RESPONDENTS.search(name))


def cited_in_sentence(sent: "Span", start: int, statements: list[Statement],
                      citations: Optional[list[Citation]] = None,
                      parsed: Optional[ParsedArticle] = None) -> Optional[ClaimSource]:
    """"Adam Ozimek calculates that 600,000 jobs ...": the finder may draw
    the content short, but a number after a named speaker's cue in the same
    sentence is what that speaker reports (a poll's respondents excepted)."""
    best: Optional[Statement] = None
    best_source: Optional[ClaimSource] = None
    for st in statements:
        if st.where != "body" or st.cue is None:
            continue
        if sent.start_char <= st.cue.start and st.cue.end <= start < sent.end_char:
            if best is None or st.cue.start > best.cue.start:
                source = _statement_source(parsed, st, citations or []) if parsed is not None else (
                    _claim_source(st.speaker) if _gives_figures(st, citations or []) else None)
                if source is not None:
                    best, best_source = st, source
    return best_source


_DIGIT = re.compile(r"\d")
#: heads of organisations that publish figures (an agency, an office)
AGENCY_NOUNS = frozenset({"office", "bureau", "department", "agency", "commission", "division", "administration",
                          "center", "centre", "institute", "foundation", "board", "service", "regulators"})
_OWNER = re.compile(r"\b(?:by|from)\s+(.+)$", re.I)
_POSTMODIFIER = re.compile(r"\s+(?:of|in|for|with|among|that|which|released|published|conducted|taken|out)\b.*$",
                           re.I)
#: "of" inside a name ("Division of Gaming Enforcement", "Public Policy Institute of California")
_NAME_OF = re.compile(r"\b[A-Z][\w.-]*\s+of\s+[A-Z]")


_RESULTS_OF = re.compile(r"^(?:the\s+)?(?:results|findings|data|figures|numbers)\s+(?:of|from)\s+", re.I)


def source_name(name: str) -> str:
    """The name a fact-checker gives a described source: the owner of
    "data released Friday by state gaming regulators" (the regulators),
    the head of "The new poll of voters in all 50 states" (the poll), the
    poll of "the results of the latest Quinnipiac University poll"; an
    "of" inside a name stays ("the state Division of Gaming Enforcement")."""
    name = _RESULTS_OF.sub("", name)
    owner = _OWNER.search(name)
    if owner:
        return owner.group(1).strip()
    trimmed = _POSTMODIFIER.sub("", name).strip() or name
    named_of = _NAME_OF.search(name)
    if named_of and named_of.start() < len(trimmed) + 1 and len(trimmed) < len(name):
        rest = name[len(trimmed):]
        kept = re.match(r"\s+of\s+(?:[A-Z][\w.&'-]*\s*)+", rest)
        if kept:
            return (trimmed + kept.group(0)).strip()
    return trimmed


def _claim_source(speaker, written: Optional[str] = None) -> ClaimSource:
    """A statement's speaker as a claim's source (described sources by
    ``source_name``); ``written`` is the speaker as written when it is a
    document that resolution made a person."""
    if written:
        return ClaimSource(source_name(written), None, "group")
    name = speaker.name if speaker.type == "person" else source_name(speaker.name)
    return ClaimSource(name, speaker.entity_id, speaker.type)


def _publishes_figures(name: str) -> bool:
    """A poll, report or agency by its head word ("the state Division of
    Gaming Enforcement" by "Division")."""
    described = _RESULTS_OF.sub("", name)
    owner = _OWNER.search(described)
    words = (owner.group(1) if owner else _POSTMODIFIER.sub("", described)).lower().split()
    return bool(words) and (words[-1] in REPORT_NOUNS or words[-1] in AGENCY_NOUNS)


_QUANTITY_PHRASE = re.compile(r"^\W*(?:about |nearly |almost |some |more than |fewer than )?[$\d]|\bper ?cent\b|%", re.I)


def is_quantity_phrase(name: str) -> bool:
    """A speaker that is a share or a count of people ("5 percent", "42
    percent of those responding", "60% of voters"): what they said is a
    poll's result, so it is never the source of a number."""
    return bool(_QUANTITY_PHRASE.search(name))


def estimate_source(span: "Span") -> Optional[ClaimSource]:
    """"The organisers put the crowd at 8,000", "The ministry estimated the
    cost at $2bn": the subject of an estimating verb whose "at" phrase holds
    the number is the number's source, though no statement says so."""
    token = span.root
    prep = token.head if token.dep_ == "pobj" else None
    if prep is None or prep.lower_ != "at" or prep.dep_ != "prep":
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _cues()["estimate_verbs"]:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    words = [t for t in subject.subtree if t.dep_ != "det" and not t.is_punct]
    if not words:
        return None
    name = " ".join(t.text for t in words)
    kind = "person" if subject.ent_type_ == "PERSON" else (
        "organization" if subject.ent_type_ in ("ORG", "GPE") else "group")
    return ClaimSource(name, None, kind)


# ---------------------------------------------------------------- parse helpers

def _inside_name(doc: "Doc", span: "Span") -> bool:
    """"Apollo 11", "Windows 11", "Title 42": numbers inside names are not claims."""
    names = doc.user_data.get("onrecord_names")
    if names is None:
        names = doc.user_data["onrecord_names"] = [(e.start, e.end) for e in doc.ents if e.label_ in NAME_LABELS]
    return any(start <= span.start and span.end <= end and end - start > span.end - span.start
               for start, end in names)


def _particle(doc: "Doc", start: int) -> bool:
    """A hedge word that is a verb particle ("handed over millions") hedges nothing."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and span[0].dep_ == "prt"


def _noun_run(doc: "Doc", i: int, dates: list[DateMention]) -> list["Token"]:
    """The noun phrase right after a number ("contract and voluntary soldiers"),
    ending at its last noun; empty when no noun follows."""
    run: list["Token"] = []
    seen_noun = False
    while i < len(doc) and len(run) < 8:
        token = doc[i]
        if any(d.start <= token.idx < d.end for d in dates) or token.like_num:
            break
        previous = run[-1] if run else None
        if token.pos_ in ("NOUN", "PROPN"):
            seen_noun = True
        elif token.pos_ == "ADJ" or (token.tag_ in ("VBN", "VBG") and token.dep_ == "amod"):
            if seen_noun and not (previous is not None and previous.pos_ in ("CCONJ", "ADJ")):
                break
        elif not (token.pos_ == "CCONJ" or token.text in ("-", "\u2013")) or not seen_noun and not run:
            break
        run.append(token)
        i += 1
    while run and not (run[-1].pos_ == "NOUN" or run[-1].tag_ == "NNPS"):
        run.pop()
    return run


def _chunks(doc: "Doc") -> dict[int, tuple[int, int]]:
    """Token index -> (start, end) of its noun chunk, computed once per doc
    (spaCy rebuilds every chunk of the doc on each ``noun_chunks`` call)."""
    index = doc.user_data.get("onrecord_chunks")
    if index is None:
        index = {}
        for chunk in doc.noun_chunks:
            for i in range(chunk.start, chunk.end):
                index[i] = (chunk.start, chunk.end)
        doc.user_data["onrecord_chunks"] = index
    return index


def _of_phrase(doc: "Doc", i: int, depth: int = 0) -> list["Token"]:
    """The noun chunk after "of" at token ``i`` ("of the territory" -> territory),
    with a following "of" phrase ("barrels of oil", "part of Ukraine")."""
    if i >= len(doc) - 1 or doc[i].lower_ != "of" or depth > 3:
        return []
    chunk = _chunks(doc).get(i + 1)
    if chunk is None or chunk[0] != i + 1:
        return []
    tokens = list(doc[chunk[0]:chunk[1]])
    if chunk[1] < len(doc) and doc[chunk[1]].lower_ == "of":
        tokens += [doc[chunk[1]]] + _of_phrase(doc, chunk[1], depth + 1)
    return tokens


def _chunk_at(doc: "Doc", i: int) -> list["Token"]:
    """The noun chunk starting at token ``i`` ("half the staff" -> the staff)."""
    chunk = _chunks(doc).get(i)
    return list(doc[chunk[0]:chunk[1]]) if chunk and chunk[0] == i else []


def _clause_subject(span: "Span") -> list["Token"]:
    """The grammatical subject of the clause the number sits in ("Inflation" in
    "Inflation rose to 5%")."""
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    chunk = _chunk_of(child)
                    return chunk
            if token.dep_ in ("xcomp", "conj", "advcl") and token.head is not token:
                token = token.head
                continue
            return []
        if token.head is token:
            return []
        token = token.head
    return []


def _chunk_of(token: "Token") -> list["Token"]:
    chunk = _chunks(token.doc).get(token.i)
    return list(token.doc[chunk[0]:chunk[1]]) if chunk else [token]


def _unit_and_subject(doc: "Doc", span: "Span", q: Quantity, after: list["Token"]) -> tuple[Optional[str], list["Token"]]:
    if q.form in ("fraction", "vague") or q.unit in SHARE_UNITS:
        of = _of_phrase(doc, span.end) or (_chunk_at(doc, span.end) if q.form == "fraction" else [])
        unit = q.unit
        if q.form == "vague" and q.unit is None:
            head = [t for t in of if t.pos_ in ("NOUN", "PROPN")]
            unit = head[0].lower_ if head else None
        return unit, of or after or _clause_subject(span)
    if q.money or q.unit or q.form in ("multiplier", "ordinal"):
        return q.unit, after or _of_phrase(doc, span.end) or _clause_subject(span)
    if after:
        return after[-1].lower_, after + _of_phrase(doc, after[-1].i + 1)
    return None, _of_phrase(doc, span.end) or _clause_subject(span)


def _phrase(tokens: list["Token"]) -> Optional[str]:
    while tokens and (tokens[0].pos_ == "DET" or tokens[0].tag_ == "PRP$"):
        tokens = tokens[1:]
    if not tokens:
        return None
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text


# ---------------------------------------------------------------- kind

def _kind(doc: "Doc", span: "Span", q: Quantity) -> tuple[str, float]:
    """The claim's kind and its value (a fall is a negative change)."""
    value = q.value
    if _is_target(span):
        return "target", value
    if q.form == "ordinal":
        return "rank", value
    if q.value_max is not None:
        return "range", value
    change = _change_sign(doc, span, q)
    if change:
        return "change", value if change > 0 or q.form == "multiplier" else -value
    return q.kind_hint, value


def _is_target(span: "Span") -> bool:
    """Under "aim/plan/seek/pledge to ..." or a "target/goal of ..."."""
    cues = _cues()
    token = span.root
    for _ in range(10):
        if token.pos_ == "NOUN" and token.lemma_.lower() in cues["target_nouns"] and token not in span:
            return True
        if token.pos_ in ("VERB", "AUX"):
            break
        if token.head is token:
            return False
        token = token.head
    if token.pos_ != "VERB":
        return False
    if token.lemma_.lower() in cues["target_direct_verbs"]:
        return True  # "targets 5% growth", "aims for 745,000"
    while token.dep_ == "xcomp" and token.head is not token:  # "aimed to boost ... 745,000"
        token = token.head
        if token.lemma_.lower() in cues["target_verbs"]:
            return True
    return False


def _change_sign(doc: "Doc", span: "Span", q: Quantity) -> int:
    """+1 / -1 when the number is a change ("rose 5%", "up 12%", "a 3% drop",
    "doubled"), 0 when it is a level ("rose to 5%") or no change at all."""
    if q.form == "multiplier":
        return 1
    cues = _cues()
    previous = doc[span.start - 1].lower_ if span.start > 0 else ""
    if previous in cues["change_up_words"]:
        return 1
    if previous in cues["change_down_words"]:
        return -1
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.lemma_.lower() in cues["change_nouns_up"]:
        return 1
    if following is not None and following.lemma_.lower() in cues["change_nouns_down"]:
        return -1
    if previous in ("to", "from", "at", "of"):
        return 0
    if not (q.unit in SHARE_UNITS or q.money or previous == "by"):
        return 0
    if previous in ("now", "currently") and span.root.dep_ == "appos":
        return 0  # "the minimum wage, now $7.25, to be raised to $15": the wage's level, not the raise
    token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX"):
            lemma = token.lemma_.lower()
            if lemma in cues["change_up_verbs"]:
                return 1
            if lemma in cues["change_down_verbs"]:
                return -1
            return 0
        if token.head is token:
            return 0
        token = token.head
    return 0


# ---------------------------------------------------------------- text and time

def _text_bounds(doc: "Doc", span: "Span", q: Quantity, subject: list["Token"], hedged: bool) -> tuple[int, int]:
    start = q.hedge_start if hedged and q.hedge_start is not None and q.hedge_start < q.start else q.start
    end = q.end
    following = [t for t in subject if t.idx >= q.end]
    if following and following[0].i - span.end <= 1:
        end = max(end, following[-1].idx + len(following[-1]))
    sent = span.sent
    return max(start, sent.start_char), min(end, sent.end_char)


def _time(q: Quantity, quantities: list[Quantity], dates: list[DateMention], sent: "Span") -> Optional[DateMention]:
    """The date mention in the number's stretch of its sentence: between the
    previous and the next number, preferring the nearest one after it."""
    same = [o for o in quantities if sent.start_char <= o.start < sent.end_char]
    index = same.index(q) if q in same else -1
    lower = same[index - 1].end if index > 0 else sent.start_char
    upper = same[index + 1].start if 0 <= index < len(same) - 1 else sent.end_char
    inside = [d for d in dates if lower <= d.start and d.end <= upper]
    after = [d for d in inside if d.start >= q.end]
    if after:
        return min(after, key=lambda d: d.start - q.end)
    before = [d for d in inside if d.end <= q.start]
    return max(before, key=lambda d: d.end) if before else None
