"""Numbers in running text, as news writes them, with what is *not* a quantity.

``find_quantities`` works on a plain string (no parse needed) so it is cheap
and easy to test.  It reads:

- digits with separators and magnitudes: ``490,000``, ``1.2 million``,
  ``$3bn``, ``€2.4 billion``, ``17.5%``, ``3-4 percent``, ``12 per cent``;
- number words through numerizer (``forty-five thousand``), fractions
  (``two-thirds``, ``a quarter``, ``nearly half``: read as percent) and vague
  quantities (``dozens``, ``thousands of``: read as their floor, hedged
  "at least") from ``onrecord/data/claims_number_words.json``;
- multipliers (``doubled``) and ranks (``ranked 11th``).

It drops what only looks like a quantity: times (``10:30``, ``9 a.m.``),
phone numbers, version strings and IP addresses, ids (``F-16``, ``Article 5``,
``#4521``, ``Boeing 757``), ages (``aged 45``, ``Mark Weddle, 55,``), ordinals without a rank cue, scores (``won 3-1``), compound
modifiers (``a 24-hour truce``), numeric dates and lines that look like table
rows.  Years are only *flagged* (``year_like``): whether ``2000`` is a year or
a count needs the parse, so ``claims.py`` decides.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from onrecord.extract.claims.hedges import hedge_after, hedge_before
from onrecord.extract.claims.units import (
    currency_codes,
    currency_symbols,
    currency_word,
    currency_words,
    load_data,
    magnitude,
    measure_unit,
    measure_words,
    money_only_magnitude,
    percent_unit,
    percent_words,
)

Spans = list[tuple[int, int]]
SHARE_UNITS = ("percent", "percentage points", "basis points")


@dataclass
class Quantity:
    """A number found in text, normalised; offsets are into that text."""

    start: int
    end: int
    value: float
    value_max: Optional[float] = None
    unit: Optional[str] = None  # percent | percentage points | ISO currency | measure | times
    money: bool = False
    form: str = "digits"  # digits | words | fraction | vague | multiplier | ordinal
    hedge: Optional[str] = None
    hedge_start: Optional[int] = None
    year_like: bool = False
    bare_range: bool = False  # "10-12" with no unit: a range only if a noun follows

    @property
    def kind_hint(self) -> str:
        """The kind the number alone suggests (the parse may override it)."""
        if self.form == "ordinal":
            return "rank"
        if self.form == "multiplier":
            return "change"
        if self.value_max is not None:
            return "range"
        if self.money:
            return "money"
        if self.unit in SHARE_UNITS:
            return "percent"
        return "count"


def _cues() -> dict:
    return load_data("claims_cues.json")


def _words() -> dict:
    return load_data("claims_number_words.json")


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
DASH = r"\s?[-\u2013\u2014]\s?"


@lru_cache(maxsize=None)
def _digit_re() -> re.Pattern:
    codes = "(?-i:" + "|".join(currency_codes()) + ")"
    cur = "|".join(re.escape(s) for s in currency_symbols()) + rf"|{codes}\s?"
    mags = [m for m in _magnitude_words_long()]
    mag = rf"(?:[\s\u00a0-]?(?:{_alt(mags)})|[kmbKMB])(?![\w])"
    pct = rf"\s?(?:%|(?:{_alt(w for w in percent_words() if w != '%')})(?![\w]))"
    cur_word = rf"\s(?:{_alt(currency_words())}|{codes})(?![\w])"
    measure = rf"\s?(?:{_alt(measure_words())})(?![\w])"
    return re.compile(
        rf"(?P<cur>{cur})?(?P<num>{NUM})(?P<mag>{mag})?"
        rf"(?:(?P<dash>{DASH})(?P<cur2>{cur})?(?P<num2>{NUM})(?P<mag2>{mag})?)?"
        rf"(?:(?P<pct>{pct})|(?P<curw>{cur_word})|(?P<measure>{measure}))?",
        re.I,
    )


def _magnitude_words_long() -> list[str]:
    table = load_data("claims_units.json")["magnitudes"]
    return [w for w in table if len(w) > 1]


PHONE_RE = re.compile(
    r"(?<![\w,.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){2,}(?![\w])"
    r"|(?<![\w,.])\d{3}-\d{4}(?![\w])"
)
VERSION_RE = re.compile(r"(?<![\w.])[vV]?\d+(?:\.\d+){2,}(?![\w])|(?<![\w])[vV]\d+(?:\.\d+)*(?![\w])")
TIME_RE = re.compile(
    r"(?<![\w:])\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?(?![\w:])"
    r"|(?<![\w])\d{1,2}(?:[.:]\d{2})?\s?(?:[ap]\.m\.|[ap]m\b)"
    r"|(?<![\w])\d{1,2}\s?(?:o'clock|GMT|UTC|CET|BST|EST|EDT|PST|MSK)\b",
    re.I,
)
NUMERIC_DATE_RE = re.compile(r"(?<![\w/])\d{1,4}[/.]\d{1,2}[/.]\d{2,4}(?![\w/])|\b\d{4}-\d{2}-\d{2}\b|(?<![\w/])\d{1,2}/\d{1,2}(?![\w/])")
APPOSITIVE_AGE_RE = re.compile(r"\b[A-Z][a-z]+, (\d{1,3}),\s")  # "Mark Weddle, 55, said"
PAGING_RE = re.compile(r"\b(?:page|part|episode|chapter|step|slide|photo|image|picture|item|question)\s+\d+\s+"
                       r"(?:of|/)\s+\d+\b", re.I)
LONG_ID_RE = re.compile(r"(?<![\w,.])\d{6,}(?![\w,.]\d)")  # "20231219", "4452100": news writes 1,000,000
ORDINAL_RE = re.compile(r"(?<![\w.,])(\d+)(?:st|nd|rd|th)\b", re.I)
WORD_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10}
SUPERLATIVE_RE = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[-\s](largest|biggest|"
    r"highest|lowest|smallest|most|least|richest|poorest|busiest|strongest)\b", re.I)
MULTIPLIER_RE = re.compile(r"\b(doubled|doubling|tripled|trebled|tripling|quadrupled|halved|halving)\b", re.I)
COMPOUND_RE = re.compile(r"^[-\u2013](?:[a-z]+)", re.I)  # "24-hour", "27-nation", "45-year-old"


@lru_cache(maxsize=None)
def _word_number_re() -> re.Pattern:
    cards = _alt(_words()["cardinals"])
    return re.compile(
        rf"\b(?:(?:a|one)\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?(?:{cards})"
        rf"(?:(?:\s+and\s+|[\s-]+)(?:{cards}|a\s+half)\b){{0,8}}\b", re.I)


@lru_cache(maxsize=None)
def _fraction_re() -> re.Pattern:
    return re.compile(rf"\b({_alt(_words()['fractions'])})\b", re.I)


@lru_cache(maxsize=None)
def _vague_re() -> re.Pattern:
    return re.compile(rf"\b({_alt(_words()['vague'])})\s+of\b", re.I)


@lru_cache(maxsize=None)
def _tail_re() -> re.Pattern:
    """Percent, currency or measure words right after a spelled-out number."""
    pct = _alt(w for w in percent_words() if w != "%")
    return re.compile(rf"^\s?(?:(?P<pct>%|{pct})|(?P<curw>{_alt(currency_words())})|(?P<measure>{_alt(measure_words())}))(?![\w])", re.I)


# ---------------------------------------------------------------- masks

def noise_spans(text: str) -> Spans:
    """Spans holding digits that are never quantities: phone numbers, versions,
    times, numeric dates and table-like lines."""
    spans: Spans = []
    for pattern in (TIME_RE, VERSION_RE, NUMERIC_DATE_RE, PAGING_RE, LONG_ID_RE):
        spans.extend(m.span() for m in pattern.finditer(text))
    spans.extend(m.span(1) for m in APPOSITIVE_AGE_RE.finditer(text))
    for match in PHONE_RE.finditer(text):
        if sum(c.isdigit() for c in match.group()) >= 7:
            spans.append(match.span())
    spans.extend(table_lines(text))
    return spans


def table_lines(text: str) -> Spans:
    """Lines that read as table rows or score lines rather than prose: cells
    split by tabs or pipes, or many numbers and few words with no sentence end."""
    spans: Spans = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and any(c.isdigit() for c in stripped):
            tokens = stripped.split()
            numeric = sum(1 for t in tokens if re.search(r"\d", t))
            share = numeric / len(tokens)
            celled = ("\t" in line or "|" in line) and numeric >= 1
            no_sentence = not re.search(r"[.!?\"\u201d\u2019:;]$", stripped)
            if celled or (numeric >= 3 and share >= 0.5) or (numeric >= 2 and share >= 0.34 and no_sentence):
                spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


class SpanSet:
    """Merged, sorted spans with a logarithmic overlap test (a junk page can
    hold thousands of masked phone numbers or table cells)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: Spans = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self._starts = [s for s, _ in merged]
        self._spans = merged

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, end - 1) - 1  # last span starting before ``end``
        return i >= 0 and self._spans[i][1] > start


def _overlaps(start: int, end: int, spans: SpanSet) -> bool:
    return spans.overlaps(start, end)


# ---------------------------------------------------------------- values

def parse_number(text: str) -> float:
    """``"490,000"`` -> 490000.0; thin and non-breaking spaces group thousands too."""
    return float(re.sub(r"[,\u00a0\u202f\u2009]", "", text))


def _scaled(num: str, mag: Optional[str], money: bool) -> Optional[float]:
    value = parse_number(num)
    if mag:
        word = mag.strip(" \u00a0-").lower()
        if money_only_magnitude(word) and not money:
            return None
        factor = magnitude(word)
        if factor is None:
            return None
        value *= factor
    return value


def _clean(value: float) -> float:
    return float(round(value, 6))


# ---------------------------------------------------------------- context

def _previous_word(text: str, start: int) -> str:
    match = re.search(r"([#\w.']+)\s*$", text[max(0, start - 30):start])
    return match.group(1).lower() if match else ""


def _is_id(text: str, start: int, end: int) -> bool:
    """Numbers glued to letters (A320, F-16, COVID-19, 5G), after '#', or after
    an id word ("Article 5", "Flight 17", "version 3")."""
    before = text[start - 1] if start > 0 else " "
    before2 = text[start - 2] if start > 1 else " "
    if before.isalpha() or before == "#" or (before in "-\u2013/" and (before2.isalpha() or before2.isdigit())):
        return True
    after = text[end] if end < len(text) else " "
    if after.isalpha() or (after in "-/" and end + 1 < len(text) and text[end + 1].isdigit()
                           and not re.match(r"[-\u2013]\s?\d", text[end:end + 3])):
        return True
    previous = _previous_word(text, start).rstrip(".")
    if previous and previous in {w.rstrip(".") for w in _cues()["id_words"] + _cues()["age_words"]}:
        return True  # "Article 5", "aged 45"
    return _after_name(text, start)


MODEL_NAME_RE = re.compile(r"(?<=[a-z,;] )[A-Z][A-Za-z]+ $")


def _after_name(text: str, start: int) -> bool:
    """A bare integer right after a capitalised word inside a sentence is a
    model or a name ("Boeing 757", "Route 66"), not a count."""
    if not MODEL_NAME_RE.search(text[max(0, start - 30):start]):
        return False
    return re.match(r"\d+(?![.,]\d)", text[start:]) is not None


def _near_words(text: str, start: int, end: int, words: Iterable[str], width: int = 40) -> bool:
    window = text[max(0, start - width):min(len(text), end + width)].lower()
    tokens = set(re.findall(r"[a-z.']+", window))
    return any(w in tokens for w in words)


def _rank_cue_before(text: str, start: int) -> bool:
    window = text[max(0, start - 25):start].lower()
    cues = "|".join(re.escape(c) for c in _cues()["rank_cues"])
    return re.search(rf"\b(?:{cues})(?:\s+(?:in|at|as|no\.?))?\s+(?:the\s+)?$", window) is not None


# ---------------------------------------------------------------- finders

def _digit_quantities(text: str, noise: SpanSet) -> list[Quantity]:
    found: list[Quantity] = []
    for m in _digit_re().finditer(text):
        start, end = m.span()
        num_start, num_end = m.span("num")
        if m.group("cur") is None and (start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".,")):
            continue
        if _overlaps(num_start, num_end, noise):
            continue
        q = _digit_quantity(text, m)
        if q is None:
            continue
        found.append(q)
    return found


def _digit_quantity(text: str, m: re.Match) -> Optional[Quantity]:
    start, end = m.span()
    money = bool(m.group("cur") or m.group("cur2") or m.group("curw"))
    tail = text[end:end + 12]
    if not money and not m.group("pct") and COMPOUND_RE.match(tail) and not m.group("num2"):
        return None  # "a 24-hour truce", "the 27-nation bloc"
    if m.group("mag") is None and m.group("pct") is None and m.group("measure") is None and not money:
        if ORDINAL_RE.match(text, m.start("num")):
            return None  # handled by _ordinals
        if _is_id(text, m.start("num"), m.end("num2") if m.group("num2") else m.end("num")):
            return None
    value = _scaled(m.group("num"), m.group("mag"), money)
    if value is None:
        return None
    q = Quantity(start, end, _clean(value), money=money)
    if m.group("num2"):
        if not _range_ok(text, m, money):
            return None
        value_max = _scaled(m.group("num2"), m.group("mag2") or m.group("mag"), money)
        if value_max is None:
            return None
        if m.group("mag2") and not m.group("mag"):  # "3-4 million": the magnitude applies to both
            value = _scaled(m.group("num"), m.group("mag2"), money)
            q.value = _clean(value or 0)
        q.value_max = _clean(value_max)
        q.bare_range = not (money or m.group("pct") or m.group("measure") or m.group("mag"))
    if m.group("pct"):
        q.unit = percent_unit(m.group("pct").strip())
    elif m.group("curw"):
        word = m.group("curw").strip()
        q.unit = currency_word(word) or word.upper()
    elif m.group("measure"):
        q.unit = measure_unit(m.group("measure").strip())
    if m.group("cur") or m.group("cur2"):
        symbol = (m.group("cur") or m.group("cur2")).strip()
        q.unit = currency_symbols().get(symbol) or symbol.upper()
    plain = re.fullmatch(r"\d{4}", m.group("num")) is not None
    q.year_like = (plain and 1800 <= value <= 2100 and not money and q.unit is None and not m.group("mag"))
    return q


def _range_ok(text: str, m: re.Match, money: bool) -> bool:
    """A dashed pair is a range unless it is a score ("won 3-1") or a pair of years."""
    a, b = m.group("num"), m.group("num2")
    has_unit = money or m.group("pct") or m.group("measure") or m.group("mag")
    if has_unit:
        return True
    if re.fullmatch(r"\d{4}", a) and re.fullmatch(r"(\d{2}|\d{4})", b):
        return False  # 2020-2022, 2023-24: years
    small = len(a) <= 3 and len(b) <= 3 and "." not in a + b
    if small and _near_words(text, m.start(), m.end(), _cues()["score_words"]):
        return False
    return True


def _ordinals(text: str, noise: SpanSet) -> list[Quantity]:
    """Ordinals are quantities only as ranks ("ranked 11th", "finished third",
    "the second-largest"); "the 11th" alone is a day or a position in a list."""
    found: list[Quantity] = []
    for m in ORDINAL_RE.finditer(text):
        if not _overlaps(*m.span(), noise) and _rank_cue_before(text, m.start()):
            found.append(Quantity(m.start(), m.end(), float(m.group(1)), unit="rank", form="ordinal"))
    for m in re.finditer(rf"\b({'|'.join(WORD_ORDINALS)})\b", text, re.I):
        if _rank_cue_before(text, m.start()):
            found.append(Quantity(m.start(), m.end(), float(WORD_ORDINALS[m.group(1).lower()]), unit="rank",
                                  form="ordinal"))
    for m in SUPERLATIVE_RE.finditer(text):
        found.append(Quantity(m.start(), m.end(), float(WORD_ORDINALS[m.group(1).lower()]), unit="rank",
                              form="ordinal"))
    return found


def _word_quantities(text: str) -> list[Quantity]:
    from numerizer import numerize

    found: list[Quantity] = []
    minimum = _words()["min_word_value"]
    for m in _word_number_re().finditer(text):
        if re.fullmatch(r"(?:hundred|thousand|million|billion|trillion|dozen)", m.group(), re.I):
            continue  # a bare "million" belongs to a number before it ("$400-million")
        phrase = re.sub(r"^(?:a|one)\s+", "one ", m.group(), flags=re.I)
        value = _numerized_value(numerize(phrase.lower()))
        if value is None:
            continue
        end = m.end()
        q = Quantity(m.start(), end, _clean(value), form="words")
        tail = _tail_re().match(text[end:end + 30])
        if tail:
            q.end = end + tail.end()
            if tail.group("pct"):
                q.unit = percent_unit(tail.group("pct"))
            elif tail.group("curw"):
                q.unit, q.money = currency_word(tail.group("curw")), True
            else:
                q.unit = measure_unit(tail.group("measure"))
        if value < minimum and not q.unit:
            continue  # "the two leaders": narrative, not a claim
        if COMPOUND_RE.match(text[q.end:q.end + 12]) and not q.unit:
            continue  # "a ten-day truce"
        found.append(q)
    return found


def _numerized_value(numerized: str) -> Optional[float]:
    """numerizer's output as a number: ``"45000"`` or ``"2 dozen"``; None otherwise."""
    numerized = numerized.strip()
    dozen = re.fullmatch(r"(\d+(?:\.\d+)?)\s+dozen", numerized)
    if dozen:
        return float(dozen.group(1)) * 12
    if numerized == "dozen":
        return 12.0
    if re.fullmatch(r"\d+(?:\.\d+)?", numerized):
        return float(numerized)
    return None


def _fractions(text: str) -> list[Quantity]:
    """"two-thirds of", "a quarter of", "nearly half": percent of a whole."""
    table = {" ".join(k.lower().split()): v for k, v in _words()["fractions"].items()}
    found: list[Quantity] = []
    for m in _fraction_re().finditer(text):
        phrase = " ".join(m.group(1).lower().split())
        after = text[m.end():m.end() + 12].lower()
        before = text[max(0, m.start() - 12):m.start()].lower()
        followed = re.match(r"\s+(of|the|their|its|his|her|all)\b", after) is not None
        hedged = hedge_before(text, m.start()) is not None
        if not (followed or hedged):
            continue
        if phrase == "half" and re.search(r"(first|second|last|latter|former|next|and a|an|one)\s+$", before):
            continue
        found.append(Quantity(m.start(), m.end(), float(table[phrase]), unit="percent", form="fraction"))
    return found


SMALL_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "a hundred": 100, "a thousand": 1000}
ONE_IN_RE = re.compile(r"\b(one|two|three|four|five|\d{1,2})\s+(?:in|out\s+of)\s+(two|three|four|five|six|seven|eight|"
                       r"nine|ten|a\s+hundred|a\s+thousand|\d{1,4})\b(?![-.,]\d)", re.I)


def _one_in(text: str) -> list[Quantity]:
    """"one in five adults", "3 out of 10 voters": a share, read as percent."""
    found: list[Quantity] = []
    for m in ONE_IN_RE.finditer(text):
        a, b = (SMALL_NUMBERS.get(" ".join(g.lower().split())) or int(g) for g in m.groups())
        if 0 < a < b:
            found.append(Quantity(m.start(), m.end(), _clean(round(100 * a / b, 2)), unit="percent", form="fraction"))
    return found


def _vague(text: str) -> list[Quantity]:
    """"dozens of", "thousands of": the floor of the vague word, hedged "at least"."""
    table = {" ".join(k.split()): v for k, v in _words()["vague"].items()}
    found: list[Quantity] = []
    for m in _vague_re().finditer(text):
        phrase = " ".join(m.group(1).lower().split())
        q = Quantity(m.start(), m.end(1), float(table[phrase]), form="vague", hedge="at least")
        currency = re.match(rf"\s+({_alt(currency_words())})\b", text[m.end():m.end() + 20], re.I)
        if currency:
            q.unit, q.money = currency_word(currency.group(1)), True
            q.end = m.end() + currency.end()
        found.append(q)
    return found


def _multipliers(text: str) -> list[Quantity]:
    table = _cues()["multiplier_verbs"]
    return [Quantity(m.start(), m.end(), float(table[m.group(1).lower()]), unit="times", form="multiplier")
            for m in MULTIPLIER_RE.finditer(text)]


def _merge_word_ranges(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"between 3 and 4 percent", "3% to 4%": one range instead of two numbers
    ("from 3% to 4%" stays two: it is a change, not a range)."""
    merged: list[Quantity] = []
    for q in quantities:
        if merged:
            p = merged[-1]
            gap = text[p.end:q.start]
            joined = re.fullmatch(r"\s+(to|and)\s+", gap)
            before = text[max(0, p.start - 12):p.start].lower()
            if (joined and p.value_max is None and q.value_max is None and p.form == q.form == "digits"
                    and q.value > p.value
                    and (p.unit is None or p.unit == q.unit)
                    and ((joined.group(1) == "and" and re.search(r"between\s+$", before))
                         or (joined.group(1) == "to" and not re.search(r"\bfrom\s+$", before)
                             and p.unit is not None))):
                p.value_max, p.end, p.unit, p.money = q.value, q.end, q.unit, q.money or p.money
                p.year_like = p.year_like and q.year_like
                continue
        merged.append(q)
    return merged


def _drop_overlaps(quantities: list[Quantity]) -> list[Quantity]:
    kept: list[Quantity] = []
    for q in sorted(quantities, key=lambda q: (q.start, -(q.end - q.start))):
        if kept and q.start < kept[-1].end:
            continue
        kept.append(q)
    return kept


@lru_cache(maxsize=None)
def _prefilter_re() -> re.Pattern:
    words = (list(_words()["cardinals"]) + list(_words()["fractions"]) + list(_words()["vague"])
             + list(_cues()["multiplier_verbs"]) + list(WORD_ORDINALS) + ["quarter", "third", "half"])
    return re.compile(rf"\d|\b(?:{_alt(set(words))})", re.I)


def may_hold_quantity(text: str) -> bool:
    """A cheap first look: does ``text`` hold any digit or number word at all?"""
    return _prefilter_re().search(text) is not None


def find_quantities(text: str, skip: Spans = ()) -> list[Quantity]:
    """Every quantity in ``text`` outside the ``skip`` spans (e.g. dates), in
    text order, with hedges attached."""
    noise = SpanSet(noise_spans(text) + list(skip))
    skipped = SpanSet(skip)
    # the digits decide against noise ("call 555-1234 now"), but no part of a
    # quantity, unit included, may lie in a span the caller took out (a date)
    found = [q for q in _digit_quantities(text, noise) if not _overlaps(q.start, q.end, skipped)]
    found += _ordinals(text, noise)
    if re.search(r"[a-z]", text, re.I):
        for extra in (_one_in(text), _word_quantities(text), _fractions(text), _vague(text), _multipliers(text)):
            found.extend(q for q in extra if not _overlaps(q.start, q.end, noise))
    quantities = _merge_word_ranges(text, _drop_overlaps(found))
    for q in quantities:
        _attach_hedge(text, q)
    return quantities


def _attach_hedge(text: str, q: Quantity) -> None:
    before = hedge_before(text, q.start)
    if before and q.form != "ordinal":
        q.hedge, q.hedge_start = before
        return
    after = hedge_after(text, q.end)
    if after and q.form != "ordinal":
        q.hedge = after[0]
