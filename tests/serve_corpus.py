"""The ledger the serve tests run on: the bundled samples, a same-text copy
of the seed under another URL ("also ran in"), and a hostile corpus.

The hostile corpus carries XSS filter-evasion payloads (after the OWASP
cheat sheet: script tags, event handlers, ``javascript:`` and ``data:``
URLs, SVG, broken and nested markup) in every field a page can fill: title,
body, author, outlet, captions, credit, URL, and — through records written
with the ledger's own writer, since no NLP model takes ``<svg onload>`` for
a person — speaker names, roles, cues and claim sources.  Every payload that
runs sets ``window.__xss`` or opens a dialog, which the browser test watches.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from onrecord.demo import sample_pages
from onrecord.ledger import Ledger
from onrecord.record import (Article, Claim, ClaimSource, Content, Image, Record, Span, Speaker, Statement)

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "<svg onload=\"window.__xss=1\">",
    "<svg/onload=window.__xss=1>",
    "\"><script>window.__xss=1</script>",
    "'><img src=x onerror=alert(1)>",
    "<a href=\"javascript:window.__xss=1\">click</a>",
    "<body onload=window.__xss=1>",
    "<iframe src=\"javascript:window.__xss=1\"></iframe>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "<IMG \"\"\"><SCRIPT>window.__xss=1</SCRIPT>\">",
    "</textarea><script>window.__xss=1</script>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<style>@import 'javascript:window.__xss=1';</style>",
    "{{7*7}} ${7*7}",
]
HOSTILE_URLS = [
    "javascript:window.__xss=1",
    "JaVaScRiPt:alert(1)",
    "java\tscript:window.__xss=1",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
SEED_COPY_URL = "https://wire.example/putin-ready-to-talk"
MARKER = "hostilecorpus"   # a word in every hostile page, to find them by search


def hostile_html_page(n: int) -> str:
    """An HTML page whose title, byline, caption and paragraphs carry payloads
    as text (entity-encoded in the source, so they survive extraction literally)."""
    payload = PAYLOADS[n % len(PAYLOADS)]
    e = html.escape
    rotated = PAYLOADS[n:] + PAYLOADS[:n]
    paragraphs = "\n".join(
        f"<p>Paragraph {i} of the {MARKER} report: {' '.join(e(p) for p in rotated[i::3])}.</p>" for i in range(3))
    return f"""<!doctype html><html><head><title>{e(payload)} {MARKER} page {n}</title>
<meta property="og:site_name" content="{e(payload)}"><meta name="author" content="{e(payload)}"></head>
<body><article><h1>{e(payload)} {MARKER} page {n}</h1>
<p class="byline">By {e(payload)}</p>
<figure><img src="javascript:window.__xss=1" alt="x"><figcaption>{e(payload)} Photo: {e(payload)}/Reuters</figcaption></figure>
{paragraphs}
<p>"{e(payload)} is not acceptable," said Maria Gonzalez, the {MARKER} mayor, on Tuesday.</p>
</article></body></html>"""


def hostile_text_page(n: int) -> str:
    payload = PAYLOADS[(n + 5) % len(PAYLOADS)]
    return (f"{payload} {MARKER} scraped {n}\n\nBy {payload}\n\n"
            f"The {MARKER} story begins. {payload} appears in the text.\n\n"
            f"\"We will publish {payload} tomorrow,\" said Daniel Okoro, a spokesman, on Monday.\n\n"
            f"Officials said 40 percent of {payload} was wrong.\n")


def hostile_record(n: int) -> Record:
    """A record as an extractor could emit it, every text field a payload."""
    payload = PAYLOADS[n % len(PAYLOADS)]
    quote = f"the {MARKER} numbers {payload} are final"
    sentence = f"{payload} said {quote}."
    body = f"{sentence}\n\nIt cost {payload} 12 million dollars, the {MARKER} office said."
    start = body.index(quote)
    money = body.index("12 million dollars")
    article = Article(title=f"{payload} {MARKER} record {n}", published="2024-02-0%d" % (n % 9 + 1),
                      authors=[payload], outlet=f"{payload} Outlet", url=HOSTILE_URLS[n % len(HOSTILE_URLS)],
                      images=[Image(caption=payload, credit=payload, photographer=payload, agency=payload)],
                      paragraphs=body.split("\n\n"), body=body, section_path=[payload])
    speaker = Speaker(name=f"{payload} Speaker{n}", type="person", role=payload,
                      mention=Span(payload, 0, len(payload)))
    statement = Statement(id="s1", speaker=speaker, cue=Span("said", len(payload) + 1, len(payload) + 5),
                          kind="indirect", content=Content(quote, start, start + len(quote)), sentence=sentence)
    claim = Claim(id="c1", text="12 million dollars", start=money, end=money + len("12 million dollars"),
                  value=12_000_000.0 + n, unit="USD", kind="money", subject=f"{MARKER} cost",
                  source=ClaimSource(name=f"{payload} Source{n}", type="person"))
    return Record(article=article, source_path=f"hostile-record-{n}", statements=[statement], claims=[claim])


def build(path: Path, extractor: Any) -> dict[str, Any]:
    """Write the whole test ledger at ``path``; return the ids the tests need."""
    from onrecord.pipeline import Job

    ids: dict[str, Any] = {"hostile": []}
    with Ledger(path) as ledger:
        jobs = [Job(text, name) for name, text in sample_pages()]
        jobs += [Job(hostile_html_page(n), f"hostile-{n}.html", "html", HOSTILE_URLS[n % len(HOSTILE_URLS)])
                 for n in range(2)]
        jobs += [Job(hostile_text_page(n), f"hostile-{n}.txt", "text") for n in range(2)]
        seed_record = None
        for outcome in extractor.run(jobs):
            assert outcome.error is None, (outcome.job.source_path, outcome.error)
            result = ledger.add(outcome.record, source=outcome.job.source_path, raw=str(outcome.job.raw))
            name = outcome.job.source_path
            if name == "putin_ready_to_talk.txt":
                ids["seed"], seed_record = result.article_id, outcome.record
            elif name.startswith("hostile"):
                ids["hostile"].append(result.article_id)
        for n in range(len(PAYLOADS)):
            ids["hostile"].append(ledger.add(hostile_record(n), source=f"hostile-record-{n}").article_id)
        # the seed's text again under another outlet's URL: "also ran in"
        copy = Record.from_dict(seed_record.to_dict())
        copy.article.url, copy.article.outlet = SEED_COPY_URL, "Wire Example"
        ledger.add(copy, source="seed-copy")
        ids["putin"] = ledger.find_entities("Vladimir Putin")[0]
        ids["story"] = next(s["story"] for s in ledger.stories(min_articles=2) if "Reuters" in (s["outlet_names"] or ""))
        ids["hostile_entities"] = [e["id"] for e in ledger.entities(limit=1000)
                                   if "<" in e["name"] or "{{" in e["name"]]
    return ids
