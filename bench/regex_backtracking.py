"""Catastrophic backtracking check: every regular expression of the number,
date, timestamp and credit parsers on number-like runs of up to 1 MB.

    python -m bench.regex_backtracking              # writes docs/reliability.md
    python -m bench.regex_backtracking --no-write --size 100000

Each pattern (module-level patterns, the cached pattern builders and the
rule lists) scans each input with ``finditer`` (and ``match`` at every
tenth position for the anchored rules), first at a tenth of the size and
then at the full size.  A pattern whose time grows more than 30-fold for a
10-fold longer input is superlinear; any pattern over 2 s on the full input
is slow.  The parsers' own entry points run on the full inputs too.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import write_section  # noqa: E402

DOC = REPO / "docs" / "reliability.md"
MODULES = ["onrecord.extract.claims.numbers", "onrecord.extract.claims.hedges", "onrecord.extract.dates.find",
           "onrecord.extract.dates.resolve", "onrecord.article.dates_in_text", "onrecord.article.timestamps",
           "onrecord.article.credits", "onrecord.article.bylines"]
SLOW_SECONDS = 2.0
SUPERLINEAR = 30.0
#: Patterns that backtrack quadratically on a long run but that the code only
#: applies to a bounded string (checked by the entry points below, which run
#: on the full input): date-expression rules fullmatch one found span
#: (``resolve`` refuses more than ``MAX_EXPRESSION`` characters), the entity
#: filters fullmatch one entity, byline and credit patterns see a line capped
#: at ``MAX_BYLINE``/``MAX_CAPTION_LINE``.
BOUNDED = {"find.FRACTION_WORDS", "find.MODIFIER", "credits._SEGMENT_SPLIT"} | {
    f"resolve._compiled[{n}]" for n in range(40)} | {
    f"bylines.{n}" for n in ("_FOR_OUTLET", "_IN_PLACE", "_NAMES", "_PAREN_OUTLET", "_PIECES", "_SENTENCE_OUTLET",
                             "_ACRONYM", "_lexicon[0]", "_lexicon[1]", "_lexicon[2]")} | {
    f"timestamps.{n}" for n in ("_DATELINE_ANY", "_DATELINE_CAPS", "_READING_TIME", "_WORD", "_RELATIVE", "_TIME")}


def inputs(size: int) -> dict[str, str]:
    rng = random.Random(18)
    return {
        "random digits, commas, spaces": "".join(rng.choice("0123456789,, ") for _ in range(size)),
        "1,1,1,…": ("1," * size)[:size],
        "digits only": ("1234567890" * (size // 10 + 1))[:size],
        "12 34 56 …": ("12 " * size)[:size],
        "1.1.1.…": ("1." * size)[:size],
        "1, 000 …": ("1, 000 " * size)[:size],
        "spaces then a letter": " " * (size - 1) + "x",
        "19 Dec 2023, …": ("19 Dec 2023, " * size)[:size],
    }


def patterns() -> Iterator[tuple[str, re.Pattern]]:
    """Every compiled pattern the modules hold or build."""
    seen: set[int] = set()
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in sorted(vars(module).items()):
            found: list[re.Pattern] = []
            if isinstance(value, re.Pattern):
                found = [value]
            elif callable(value) and hasattr(value, "cache_info") and attr.endswith(("_re", "_pattern", "compiled",
                                                                                      "_finder", "finder", "_lexicon")):
                try:
                    built = value()
                except TypeError:
                    continue
                items = built if isinstance(built, (list, tuple)) else [built]
                for item in items:
                    if isinstance(item, tuple):
                        item = item[0] if isinstance(item[0], re.Pattern) else item[-1]
                    if isinstance(item, re.Pattern):
                        found.append(item)
            elif isinstance(value, list) and value and isinstance(value[0], tuple):
                found = [p for item in value for p in item if isinstance(p, re.Pattern)]
            for n, pattern in enumerate(found):
                if id(pattern) not in seen:
                    seen.add(id(pattern))
                    yield f"{name.rsplit('.', 1)[-1]}.{attr}" + (f"[{n}]" if len(found) > 1 else ""), pattern


def _scan(pattern: re.Pattern, text: str) -> float:
    started = time.process_time()
    for _ in pattern.finditer(text):
        pass
    if pattern.pattern.startswith("^"):
        for i in range(0, len(text), 10):
            pattern.match(text, i)
    return time.process_time() - started


def entry_points() -> dict[str, Callable[[str], object]]:
    from onrecord.article.bylines import read_byline
    from onrecord.article.credits import find_agencies, is_credit, split_caption_credit
    from onrecord.article.dates_in_text import find_dates
    from onrecord.article.timestamps import parse_dateline, parse_timestamp
    from onrecord.extract.claims.numbers import find_quantities
    from onrecord.extract.dates.find import _pattern_spans
    from onrecord.extract.dates.resolve import resolve

    return {"find_quantities": find_quantities, "dates _pattern_spans": _pattern_spans,
            "article find_dates": find_dates, "split_caption_credit": split_caption_credit,
            "is_credit": is_credit, "find_agencies": find_agencies, "parse_timestamp": parse_timestamp,
            "parse_dateline": parse_dateline, "read_byline": read_byline,
            "resolve": lambda t: resolve(t, None)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args(argv)
    # patterns: at 1% and 10% of the size (a quadratic one would take hours at
    # the full size); the entry points, which bound what each pattern sees,
    # run on the full size
    small, medium, full = inputs(options.size // 100), inputs(options.size // 10), inputs(options.size)
    rows, bad, bounded_only = [], [], []
    all_patterns = list(patterns())
    for name, pattern in all_patterns:
        worst_name, worst, ratio = "", 0.0, 0.0
        for kind in full:
            t_small = _scan(pattern, small[kind])
            t_medium = _scan(pattern, medium[kind]) if t_small < SLOW_SECONDS / 10 else float("inf")
            growth = t_medium / t_small if t_small >= 0.01 else 1.0  # below 10 ms: timer noise
            if t_medium > worst:
                worst_name, worst, ratio = kind, t_medium, growth
        quadratic = ratio > SUPERLINEAR or worst == float("inf")
        if quadratic:
            (bounded_only if name in BOUNDED else bad).append(name)
        rows.append((name, worst_name, worst, ratio, quadratic))
    entry_rows = []
    for function in entry_points().values():
        function("warm up: 19 Dec 2023, 1,000 people said")   # imports and caches out of the timing
    for name, function in entry_points().items():
        worst_name, worst, ratio = "", 0.0, 1.0
        for kind, text in full.items():
            started = time.process_time()
            function(medium[kind])
            t_medium = time.process_time() - started
            started = time.process_time()
            function(text)
            elapsed = time.process_time() - started
            if elapsed > worst:
                worst_name, worst = kind, elapsed
                ratio = elapsed / t_medium if t_medium >= 0.01 else 1.0
        if ratio > SUPERLINEAR:
            bad.append(name)
        entry_rows.append((name, worst_name, worst, ratio))
    rows.sort(key=lambda r: -r[2])
    lines = [f"{len(all_patterns)} patterns from {len(MODULES)} modules, each scanned with `finditer` over "
             f"{len(full)} inputs ({', '.join(full)}) of {options.size // 100:,} and {options.size // 10:,} "
             f"characters; the slowest ten at {options.size // 10:,}:", "",
             f"| pattern | worst input | CPU seconds | growth 1%→10% of the size |", "|---|---|---|---|"]
    lines += [f"| `{n}` | {k} | {t:.3f} | {g:.1f}× |" for n, k, t, g, _ in rows[:10]]
    if bounded_only:
        lines += ["", f"Quadratic on long input but only ever given short, bounded strings (fullmatch of one "
                      f"found span or of a line capped in length): {', '.join(f'`{n}`' for n in bounded_only)}."]
    lines += ["", f"Entry points on the full {options.size:,} characters of each input:", "",
              "| function | worst input | CPU seconds | growth 10%→100% of the size |", "|---|---|---|---|"]
    lines += [f"| `{n}` | {k} | {t:.3f} | {g:.1f}× |" for n, k, t, g in entry_rows]
    lines += ["", ("No pattern or entry point grows faster than linearly (growth above "
                                f"{SUPERLINEAR:.0f}× for 10× the input)." if not bad else
                   f"**Superlinear: {', '.join(bad)}**"),
              f"Measured on {os.cpu_count()} shared cores, load average {os.getloadavg()[0]:.1f}.",
              "", "Rerun: `python -m bench.regex_backtracking`"]
    markdown = "\n".join(lines)
    print(markdown)
    if not options.no_write:
        write_section("regex", markdown, DOC)
    return 0 if not bad else 1


if __name__ == "__main__":
    raise SystemExit(main())
