"""Pathological inputs: each refused with a clear error or processed within a bound.

    python -m bench.pathological                 # every case, writes docs/reliability.md
    python -m bench.pathological --case gzip-bomb --case feed-100k-items --no-write
    python -m bench.pathological --list

Every case builds its input in a temporary folder, then runs the command a
user would type (``onrecord extract`` for a page, ``onrecord ingest`` for a
feed, WARC or JSONL file) in a child process, measured for wall seconds and
peak memory (the child's own ``ru_maxrss``, read with ``os.wait4``).  A case
passes when the command ends inside the bound with either a record (exit 0)
or one ``onrecord: error: …`` line (a refusal) and never a traceback; an
ingest passes when every input ended as an article or a listed failure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import write_section  # noqa: E402

DOC = REPO / "docs" / "reliability.md"

#: The bound every case must keep on this 2-core machine: a page of a batch
#: may cost a worker this long and this much memory, no more.
BOUND_SECONDS = 120.0
BOUND_MB = 2048


@dataclass
class Case:
    name: str
    what: str
    build: Callable[[Path], list[str]]  # writes the input, returns the onrecord arguments


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _gzip_bomb(folder: Path) -> list[str]:
    """1 GB of zeros in about 1 MB of gzip, written in chunks (never held whole)."""
    path = folder / "bomb.txt.gz"
    chunk = b"\0" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range(1024):
            out.write(chunk)
    return ["extract", str(path)]


def _nested_gzip(folder: Path) -> list[str]:
    """A gzip of a gzip of a gzip … (10 levels) of a 1 GB bomb."""
    data = zlib.compress(b"", 9)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(b"\0" * (1 << 20)) for _ in range(1024)]
    data = b"".join(parts) + compressor.flush()
    for _ in range(9):
        data = gzip.compress(data, 9)
    return ["extract", str(_write(folder / "nested.txt.gz", data))]


def _nested_html(folder: Path) -> list[str]:
    depth = 100_000
    page = ("<html><head><title>Deep</title></head><body>" + "<div>" * depth
            + "<p>The mayor said the budget was balanced.</p>" + "</div>" * depth + "</body></html>")
    return ["extract", str(_write(folder / "nested.html", page.encode()))]


def _no_newline(folder: Path) -> list[str]:
    words = b"The council said the plan would cost 4.5 million dollars next year and "
    data = (words * (50_000_000 // len(words) + 1))[:50_000_000]
    return ["extract", str(_write(folder / "one_line.txt", data))]


def _one_char_lines(folder: Path) -> list[str]:
    return ["extract", str(_write(folder / "lines.txt", b"a\n" * 1_000_000))]


def _he_said(folder: Path) -> list[str]:
    return ["extract", str(_write(folder / "he_said.txt", b'He said "' * 20_000))]


def _unclosed_quotes(folder: Path) -> list[str]:
    return ["extract", str(_write(folder / "quotes.txt", "\u201cword ".encode() * 100_000))]


def _digits(folder: Path) -> list[str]:
    import random

    rng = random.Random(18)
    data = "".join(rng.choice("0123456789,, ") for _ in range(1_000_000))
    return ["extract", str(_write(folder / "digits.txt", data.encode()))]


def _warc_10gb(folder: Path) -> list[str]:
    html = b"<html><head><title>T</title></head><body><p>The mayor said it.</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
              b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
              b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
              b"Content-Length: 10737418240\r\n\r\n" + http + b"\r\n\r\n")
    return ["ingest", "--fast", str(_write(folder / "claims_10gb.warc", record))]


def _feed_100k(folder: Path) -> list[str]:
    items = "".join(f"<item><title>Item {n}</title><description>Short teaser {n}.</description></item>"
                    for n in range(100_000))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'
    return ["ingest", "--fast", str(_write(folder / "big.xml", feed.encode()))]


def _lying_charset(folder: Path) -> list[str]:
    body = ("<p>Le maire a déclaré que le budget était équilibré, a-t-il dit à la presse. " * 20 + "</p>")
    page = f'<html><head><meta charset="shift_jis"><title>Budget</title></head><body>{body}</body></html>'
    return ["extract", str(_write(folder / "lying.html", page.encode("latin-1")))]


def _jsonl_100mb(folder: Path) -> list[str]:
    path = folder / "big.jsonl"
    with path.open("w") as out:
        out.write('{"url": "https://example.org/big", "html": "<p>')
        chunk = "word " * 200_000
        for _ in range(100):
            out.write(chunk)
        out.write('</p>"}\n')
        out.write(json.dumps({"url": "https://example.org/ok", "text": "The mayor said the budget was balanced."}) + "\n")
    return ["ingest", "--fast", str(path)]


CASES = [
    Case("gzip-bomb", "gzip bomb: 1 GB of zeros in 1 MB", _gzip_bomb),
    Case("nested-gzip", "gzip nested 10 deep around a 1 GB bomb", _nested_gzip),
    Case("nested-html", "HTML with 100,000 nested <div>s", _nested_html),
    Case("no-newline-50mb", "a 50 MB page with no newline", _no_newline),
    Case("one-char-lines", "one million one-character lines", _one_char_lines),
    Case("he-said", 'He said " repeated 20,000 times (180 KB)', _he_said),
    Case("unclosed-quotes", "100,000 opening quotation marks, none closed", _unclosed_quotes),
    Case("digits-1mb", "1 MB of digits, commas and spaces", _digits),
    Case("warc-10gb", "a WARC record claiming 10 GB", _warc_10gb),
    Case("feed-100k-items", "an RSS feed with 100,000 items", _feed_100k),
    Case("lying-charset", "HTML declaring shift_jis, written in latin-1", _lying_charset),
    Case("jsonl-100mb-line", "a JSONL file whose first line is 100 MB", _jsonl_100mb),
]


@dataclass
class Result:
    case: Case
    seconds: float
    peak_mb: float
    exit_code: int
    outcome: str
    ok: bool


def run_case(case: Case, folder: Path) -> Result:
    args = case.build(folder)
    if args[0] == "ingest":
        args = ["ingest", "--db", str(folder / "ledger.db"), *args[1:]]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "onrecord", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # communicate() would reap the child itself; read the pipes in threads and
    # reap with wait4 so the rusage is this child's alone
    import threading

    out: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda k=k, s=s: out.__setitem__(k, s.read()))
               for k, s in (("stdout", proc.stdout), ("stderr", proc.stderr))]
    for reader in readers:
        reader.start()
    # a hang must not stall the whole run: past three bounds the child is killed
    watchdog = threading.Timer(3 * BOUND_SECONDS, proc.kill)
    watchdog.start()
    _, status, usage = os.wait4(proc.pid, 0)
    watchdog.cancel()
    seconds = time.perf_counter() - start
    for reader in readers:
        reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = out["stderr"].decode("utf-8", "replace")
    outcome, clean = _outcome(args, proc.returncode, out["stdout"], stderr, folder)
    peak_mb = usage.ru_maxrss / 1024
    ok = clean and seconds <= BOUND_SECONDS and peak_mb <= BOUND_MB
    return Result(case, seconds, peak_mb, proc.returncode, outcome, ok)


def _outcome(args: list[str], code: int, stdout: bytes, stderr: str, folder: Path) -> tuple[str, bool]:
    """What the user saw, and whether it kept the promise (a record or one clear error)."""
    if "Traceback" in stderr:
        return "crash: " + stderr.strip().splitlines()[-1][:120], False
    errors = [line for line in stderr.splitlines() if line.startswith("onrecord: error:")]
    if args[0] == "extract":
        if code == 0:
            record = json.loads(stdout)
            return (f"record: {len(record['article']['body']):,}-char body, "
                    f"{len(record['statements'])} statements"), True
        if errors:
            return "refused: " + errors[0][len("onrecord: error: "):][:160], True
        return f"exit {code} without a clear error", False
    import sqlite3

    if errors:
        return "refused: " + errors[0][len("onrecord: error: "):][:160], True
    if not (folder / "ledger.db").exists():
        return f"exit {code} without a ledger or a clear error", False
    db = sqlite3.connect(folder / "ledger.db")
    try:
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        failures = db.execute("SELECT count(*) FROM failures").fetchone()[0]
        reason = db.execute("SELECT reason FROM failures LIMIT 1").fetchone()
    finally:
        db.close()
    text = f"ingest: {articles:,} article(s), {failures:,} listed failure(s)"
    if reason:
        text += f" (e.g. \"{reason[0][:110]}\")"
    # exit 1 is ingest's "nothing could be ingested", with every reason listed
    return text, code in (0, 1) and articles + failures > 0


def table(results: list[Result]) -> str:
    rows = ["| case | seconds | peak MB | exit | outcome | within bound |", "|---|---|---|---|---|---|"]
    for r in results:
        rows.append(f"| {r.case.what} | {r.seconds:.1f} | {r.peak_mb:.0f} | {r.exit_code} | "
                    f"{r.outcome.replace('|', '/')} | {'yes' if r.ok else '**no**'} |")
    return "\n".join(rows)


def _update_rows(results: list[Result], load: str) -> None:
    """Replace the rows of ``results``' cases in the table already in the docs."""
    text = DOC.read_text(encoding="utf-8")
    fresh = dict(zip((r.case.what for r in results), table(results).splitlines()[2:]))
    lines = []
    for line in text.splitlines():
        what = line.split(" | ")[0].lstrip("| ") if line.startswith("| ") else None
        lines.append(fresh.get(what, line) if what else line)
    note = (f"Rows rerun with `python -m bench.pathological --update --case …` "
            f"({', '.join(r.case.name for r in results)}; load average then: {load}).")
    text = "\n".join(lines) + "\n"
    text = text.replace("<!-- pathological:end -->", note + "\n<!-- pathological:end -->")
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave the docs alone")
    parser.add_argument("--update", action="store_true",
                        help="with --case: replace only those cases' rows of the table in the docs")
    options = parser.parse_args(argv)
    if options.list:
        for case in CASES:
            print(f"{case.name:18} {case.what}")
        return 0
    chosen = [c for c in CASES if not options.case or c.name in options.case]
    results = []
    for case in chosen:
        with tempfile.TemporaryDirectory(prefix=f"onrecord-{case.name}-") as tmp:
            result = run_case(case, Path(tmp))
        print(f"{case.name:18} {result.seconds:7.1f} s {result.peak_mb:7.0f} MB  exit {result.exit_code}  "
              f"{'ok' if result.ok else 'OUT OF BOUND'}  {result.outcome}", flush=True)
        results.append(result)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    markdown = (f"Bound: {BOUND_SECONDS:.0f} s and {BOUND_MB:,} MB peak memory per input, "
                f"on {os.cpu_count()} shared cores; load average when the run ended: {load}.\n\n"
                + table(results) + "\n\nRerun: `python -m bench.pathological`")
    if options.update and options.case and not options.no_write:
        _update_rows(results, load)
    elif options.no_write or options.case:
        print(markdown)
    else:
        write_section("pathological", markdown, DOC)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
