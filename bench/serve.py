"""Web app and HTTP API latency on a ledger of ~100k statements.

    python bench/serve.py                        # build, measure, write docs/benchmarks.md
    python bench/serve.py --keep /tmp/serve.db   # keep (and on later runs reuse) the ledger
    python bench/serve.py --statements 20000 --runs 50 --no-write

The ledger is ``bench/ledger.py``'s synthetic one (Zipf speakers and topic
words, rows written straight with ``executemany``) plus the bundled sample
pages extracted and written through the ledger writer, so the article page is
also measured on a real article with its statements marked from offsets (the
seed: 14 statements, 3 claims).  The server is the real app under uvicorn on a
loopback port (in a thread of this process); requests are made one at a time
over a kept-alive HTTP connection, so each figure is one request's full
round trip: routing, queries, template, HTTP.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ledger import TOPICS, build_synthetic, percentile, zipf_index  # noqa: E402
from bench.report import write_section  # noqa: E402
from onrecord.ledger import Ledger  # noqa: E402

GOAL_MS = 100.0
GOAL_PAGES = ("search page", "article page (synthetic)", "article page (the seed)", "speaker page")


def add_samples(path: Path) -> None:
    """The bundled sample pages, extracted and written through the ledger writer."""
    from onrecord.demo import sample_pages
    from onrecord.pipeline import Extractor, Job

    with Ledger(path) as ledger:
        for outcome in Extractor().run([Job(text, name) for name, text in sample_pages()]):
            ledger.add(outcome.record, source=outcome.job.source_path, raw=str(outcome.job.raw))


def serve(path: Path):
    """The app under uvicorn on a free loopback port; returns (base URL, stop)."""
    import uvicorn

    from onrecord.serve import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(str(path)), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(10)
        sock.close()

    return f"http://127.0.0.1:{sock.getsockname()[1]}", stop


def calls(ledger: Ledger, rng: random.Random):
    """Name → a function giving the next URL to request (random inputs, Zipf weights)."""
    conn = ledger.conn
    speakers = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY statement_count DESC LIMIT 2000")]
    articles = [r[0] for r in conn.execute("SELECT id FROM articles WHERE seq % 97 = 0 LIMIT 2000")]
    statement_keys = [r[0] for r in conn.execute("SELECT key FROM statements WHERE id % 211 = 0 LIMIT 2000")]
    seed = conn.execute("SELECT id FROM articles WHERE title LIKE 'Putin says%'").fetchone()[0]
    story = conn.execute("SELECT id FROM stories ORDER BY article_count DESC LIMIT 1").fetchone()[0]

    def topic() -> str:
        return TOPICS[zipf_index(rng, len(TOPICS))]

    def speaker() -> int:
        return speakers[zipf_index(rng, len(speakers))]

    return {
        "search page": lambda: f"/search?q={topic()}",
        "search page, speaker facet": lambda: f"/search?q={topic()}&speaker={speaker()}",
        "search page, no words (browse)": lambda: "/search",
        "search API (JSON)": lambda: f"/api/v1/search?q={topic()}",
        "search API, claims": lambda: f"/api/v1/search?q={topic()}&in=claims",
        "article page (synthetic)": lambda: f"/articles/{rng.choice(articles)}",
        "article page (the seed)": lambda: f"/articles/{seed}",
        "article API": lambda: f"/api/v1/articles/{rng.choice(articles)}",
        "statement API": lambda: f"/api/v1/statements/{rng.choice(statement_keys)}",
        "speaker page": lambda: f"/speakers/{speaker()}",
        "speaker page (most quoted)": lambda: f"/speakers/{speakers[0]}",
        "who-said API": lambda: f"/api/v1/who-said?speaker={speaker()}",
        "timeline API": lambda: f"/api/v1/timeline?speaker={speaker()}",
        "entities API": lambda: "/api/v1/entities",
        "stories page": lambda: "/stories?min_articles=1",
        "story page": lambda: f"/stories/{story}",
        "numbers page": lambda: "/numbers",
    }


def measure(base: str, ledger: Ledger, runs: int, seed: int = 5) -> dict[str, dict]:
    import httpx

    rng = random.Random(seed)
    table = calls(ledger, rng)
    times: dict[str, list[float]] = {name: [] for name in table}
    cpu: dict[str, list[float]] = {name: [] for name in table}
    sizes: dict[str, int] = {name: 0 for name in table}
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, make in table.items():   # warm every route once
            client.get(make())
        for _ in range(runs):
            for name, make in table.items():
                url = make()
                started, used = time.perf_counter(), cpu_seconds()
                response = client.get(url)
                times[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((cpu_seconds() - used) * 1000)
                assert response.status_code == 200, (url, response.status_code, response.text[:200])
                sizes[name] += len(response.content)
    return {name: {"p50": percentile(v, 0.5), "p95": percentile(v, 0.95), "cpu50": percentile(cpu[name], 0.5),
                   "cpu95": percentile(cpu[name], 0.95), "kb": sizes[name] / len(v) / 1024}
            for name, v in times.items()}


def cpu_seconds() -> float:
    """CPU time of this process (server and client threads together)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report(results: dict[str, dict], built: dict, runs: int) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"Command: `python bench/serve.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` "
             f"({time.strftime('%Y-%m-%d')}; 2 cores shared with other jobs: load average {load} at the end).", "",
             f"Ledger: {built['statements']:,} statements, {built['articles']:,} articles, {built['speakers']:,} "
             "speakers — `bench/ledger.py`'s synthetic builder plus the bundled sample pages written through the "
             "ledger writer. The real app under uvicorn on a loopback port; one request at a time over a kept-alive "
             f"connection; {runs} requests of each kind with random speakers, topic words and articles (Zipf).", "",
             "Wall time is what a user waits on this machine as loaded; CPU time is what the request cost "
             "(this process: the server's threads and the HTTP client together, so an upper bound), which is what "
             "the same request takes on an idle core.", "",
             "| request | wall p50 ms | wall p95 ms | CPU p50 ms | CPU p95 ms | response KB (mean) |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r['cpu50']:.1f} | {r['cpu95']:.1f} | "
                     f"{r['kb']:.1f} |")
    worst = max(results[name]["p95"] for name in GOAL_PAGES)
    worst_cpu = max(results[name]["cpu95"] for name in GOAL_PAGES)
    lines += ["", f"Largest p95 of the search, article and speaker pages: **{worst:.1f} ms** wall "
                  f"(goal ≤ {GOAL_MS:.0f} ms: {'met' if worst <= GOAL_MS else 'not met'} on this loaded machine), "
                  f"**{worst_cpu:.1f} ms** CPU ({'within' if worst_cpu <= GOAL_MS else 'over'} the goal on an idle core)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200, help="Requests of each kind.")
    parser.add_argument("--keep", type=Path, help="Keep (and reuse) the ledger at this path.")
    parser.add_argument("--no-write", action="store_true", help="Print the section, do not write docs/benchmarks.md.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "serve.db"
        if not path.exists():
            build_synthetic(path, args.statements, speakers=max(1000, args.statements // 50))
            add_samples(path)
        with Ledger(path) as ledger:
            built = {name: ledger.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for name, table in (("statements", "statements"), ("articles", "articles"),
                                         ("speakers", "entities"))}
            print(json.dumps(built), flush=True)
            base, stop = serve(path)
            try:
                results = measure(base, ledger, args.runs)
            finally:
                stop()
    print(json.dumps(results, indent=1), flush=True)
    markdown = report(results, built, args.runs)
    print(markdown)
    if not args.no_write:
        write_section("serve", markdown)


if __name__ == "__main__":
    main()
