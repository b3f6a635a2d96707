"""Ledger benchmark: ingest rate, then query latency on a 1M-statement ledger.

    python bench/ledger.py                      # everything, writes docs/benchmarks.md
    python bench/ledger.py --compare-limit 300  # 1-vs-2 workers on 300 texts (then all with 2)
    python bench/ledger.py --skip-ingest --statements 200000

1. Ingest: the PolNeAR train+dev texts (``../shared/eval/polnear``) read as
   bodies (``--as body``) with their publication dates, into a fresh ledger
   with 1 and then 2 worker processes; articles per second end to end
   (model loading included, as a user sees it).
2. Queries: a ledger grown synthetically — rows written straight with
   ``executemany`` (not through the NLP), Zipf-distributed speakers and
   words, FTS kept by the same triggers as real ingest — then who-said
   (half with ``--about``), search and timeline, each run through the public
   ``Ledger`` API with the CLI's default limits; p50/p99 over many queries.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import write_section  # noqa: E402
from onrecord.ledger import Ledger  # noqa: E402
from onrecord.ledger.entities import fold  # noqa: E402
from onrecord.ledger.schema import connect  # noqa: E402
from onrecord.pipeline import Extractor, Job  # noqa: E402

POLNEAR = Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval")) / "polnear"


# -- 1. ingest ---------------------------------------------------------------------------------
def polnear_jobs(limit: int | None) -> list[Job]:
    dates = {}
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            dates[row["filename"]] = row["publication_date"]
    paths = sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))
    paths = paths[:limit] if limit else paths
    return [Job(p.read_text(encoding="utf-8"), str(p), "body", None, dates.get(p.stem)) for p in paths]


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(n: int = 15_000_000) -> float:
    """How much faster two processes finish two equal pure-CPU jobs than one
    process doing both — what this machine gives two workers right now
    (2.0 on two idle cores; less when other jobs hold the cores)."""
    import multiprocessing

    started = time.perf_counter()
    _burn(n)
    _burn(n)
    serial = time.perf_counter() - started
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_burn, [n, n])
    return serial / (time.perf_counter() - started)


def bench_ingest(jobs: list[Job], workers: int) -> dict:
    """Ingest ``jobs`` into a fresh ledger; wall time, and CPU time of this
    process (reading, writing — and the NLP itself with one worker) and of
    the worker processes (counted once the pool has been joined)."""
    with tempfile.TemporaryDirectory() as folder:
        with Ledger(Path(folder) / "ingest.db") as ledger:
            main_before, children_before = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            summary = ledger.ingest_jobs(jobs, workers=workers)
            seconds = time.perf_counter() - started
            main_cpu = _cpu(resource.RUSAGE_SELF) - main_before
            worker_cpu = _cpu(resource.RUSAGE_CHILDREN) - children_before
            counts = ledger.counts()
    return {"workers": workers, "articles": len(jobs), "seconds": seconds, "rate": len(jobs) / seconds,
            "main_cpu": main_cpu, "worker_cpu": worker_cpu, "load": os.getloadavg()[0],
            "ingested": summary.ingested, "near": summary.near_duplicates, "dup": summary.duplicates,
            "failed": len(summary.failed), "statements": counts["statements"], "claims": counts["claims"]}


# -- 2. synthetic ledger -----------------------------------------------------------------------
TOPICS = """negotiations ceasefire sanctions election budget inflation taxes border migration energy gas oil
pipeline troops missile drone nuclear treaty summit tariff trade exports imports deficit debt pension healthcare
hospital vaccine climate emissions coal wind solar court ruling appeal verdict investigation corruption bribery
police protest strike wages unions housing rent mortgage interest rates bank currency growth recession jobs
unemployment factory farmers grain wheat fertiliser shipping port railway airport airline security intelligence
espionage hackers cyberattack election ballot voters polls campaign candidate debate referendum parliament
senate congress coalition opposition minister cabinet reform constitution amendment veto law bill regulation
refugees asylum aid humanitarian famine drought flood wildfire earthquake hurricane evacuation reconstruction
weapons ammunition artillery tanks aircraft navy frontline offensive retreat occupation annexation peace
talks mediation envoy embassy ambassador diplomacy alliance nato union council agreement deal memorandum""".split()
FILLER = """the a of to and in that is was for on with as by at from it be this have are not but will they
would has been its their more after over new said says could about than two also there who which people
government country year years week month officials percent last first state president minister""".split()
CUES = ["said", "told reporters", "added", "warned", "claimed", "insisted", "stated", "argued", "noted", "wrote"]
OUTLETS = ["Reuters", "AP", "AFP", "BBC", "The Guardian", "The New York Times", "Le Monde", "Der Spiegel",
           "Al Jazeera", "NHK", "Kyiv Independent", "TASS", "Politico", "Bloomberg", "Financial Times"]
FIRST = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kofi", "Lena",
         "Marco", "Nadia", "Olaf", "Priya", "Quentin", "Rosa", "Sergei", "Tomas", "Uma", "Viktor", "Wen", "Yusuf"]
LAST = ["Abramov", "Bertrand", "Castillo", "Dubrov", "Eriksen", "Fontaine", "Gallo", "Hartmann", "Ivanenko",
        "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrenko", "Quiroga", "Rinaldi",
        "Schulz", "Takahashi", "Ueda", "Vasquez", "Weber", "Xu", "Yilmaz", "Zhukov"]


_CUMULATIVE: dict[tuple[int, float], list[float]] = {}


def zipf_index(rng: random.Random, n: int, s: float = 1.0) -> int:
    """An index in [0, n) with Zipf weights 1/(k+1)^s (few very frequent, long tail)."""
    key = (n, s)
    if key not in _CUMULATIVE:
        total, cumulative = 0.0, []
        for k in range(n):
            total += 1 / (k + 1) ** s
            cumulative.append(total)
        _CUMULATIVE[key] = cumulative
    return rng.choices(range(n), cum_weights=_CUMULATIVE[key])[0]


def sentence(rng: random.Random) -> str:
    """14-26 common words with 1-3 topic words (Zipf) among them."""
    words = [rng.choice(FILLER) for _ in range(rng.randint(14, 26))]
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words)), TOPICS[zipf_index(rng, len(TOPICS))])
    return " ".join(words)


def build_synthetic(path: Path, statements: int, per_article: int = 8, speakers: int = 20_000,
                    seed: int = 7) -> dict:
    """Write ``statements`` statements (and their articles, entities, aliases,
    mentions and claims) straight into a fresh ledger at ``path``."""
    rng = random.Random(seed)
    conn = connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    names = set()
    while len(names) < speakers:
        names.add(f"{rng.choice(FIRST)} {rng.choice('ABCDEFGHIJKLMNOPRSTVW')}. {rng.choice(LAST)}-{rng.choice(LAST)}")
    names = sorted(names)
    rng.shuffle(names)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO entities(id, name, norm, type, roles, created_at) VALUES (?, ?, ?, 'PERSON', '[]', '')",
                     [(i + 1, n, fold(n)) for i, n in enumerate(names)])
    conn.executemany("INSERT OR IGNORE INTO aliases(alias, entity_id, kind) VALUES (?, ?, ?)",
                     [(fold(n), i + 1, "name") for i, n in enumerate(names)] +
                     [(fold(n).split()[-1], i + 1, "surname") for i, n in enumerate(names)])
    articles = statements // per_article
    start_day = 19000  # days since epoch: 2022-01-08
    batch_a, batch_s, batch_c, batch_m = [], [], [], []
    sid = 0
    for a in range(articles):
        day = start_day + rng.randint(0, 3 * 365)
        date = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
        article_id = f"{a:016x}"
        body = " ".join(sentence(rng) for _ in range(3))
        batch_a.append((article_id, f"https://news.example/{a}", f"https://news.example/{a}",
                        OUTLETS[a % len(OUTLETS)], sentence(rng)[:80], date, body, "[]", "2024-01-01T00:00:00+00:00"))
        for k in range(per_article):
            sid += 1
            speaker = zipf_index(rng, speakers) + 1
            when = date if rng.random() < 0.8 else None
            batch_s.append((f"{article_id}:s{k}", article_id, speaker, names[speaker - 1], CUES[k % len(CUES)],
                            "direct" if rng.random() < 0.4 else "indirect", sentence(rng), when or date,
                            "statement" if when else "published", 0.9))
            batch_m.append((article_id, speaker, f"e{k}", names[speaker - 1]))
        if a % 4 == 0:
            topic = TOPICS[zipf_index(rng, len(TOPICS))]
            batch_c.append((f"{article_id}:c0", article_id, f"{rng.randint(1, 900)},000 {topic} figures",
                            float(rng.randint(1, 900) * 1000), "people", "count", f"{topic} figures", f"{topic} figures",
                            date))
        if len(batch_s) >= 50_000 or a == articles - 1:
            conn.executemany("INSERT INTO articles(id, canonical_url, url, outlet, title, published, body, authors, "
                             "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch_a)
            conn.executemany("INSERT INTO statements(key, article_id, speaker_id, speaker_name, cue, kind, content, "
                             "date, date_source, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch_s)
            conn.executemany("INSERT INTO claims(key, article_id, text, value, unit, kind, subject, subject_norm, date) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch_c)
            conn.executemany("INSERT INTO mentions(article_id, entity_id, local_id, text) VALUES (?, ?, ?, ?)", batch_m)
            batch_a, batch_s, batch_c, batch_m = [], [], [], []
    conn.execute("UPDATE entities SET statement_count = (SELECT count(*) FROM statements WHERE speaker_id = entities.id)")
    conn.execute("COMMIT")
    conn.execute("PRAGMA optimize")
    for fts in ("statements_fts", "claims_fts", "articles_fts"):
        conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.close()
    return {"statements": sid, "articles": articles, "speakers": speakers, "seconds": time.perf_counter() - started,
            "bytes": path.stat().st_size}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_queries(path: Path, runs: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    results: dict[str, list[float]] = {"who-said": [], "who-said --about": [], "search": [], "timeline": []}
    rows: dict[str, int] = {k: 0 for k in results}
    with Ledger(path) as ledger:
        names = [r[0] for r in ledger.conn.execute("SELECT name FROM entities ORDER BY statement_count DESC LIMIT 2000")]
        ledger.search("warmup")
        for i in range(runs):
            speaker = names[zipf_index(rng, len(names))]
            topic = TOPICS[zipf_index(rng, len(TOPICS))]
            for name, call in (
                    ("who-said", lambda: ledger.who_said(speaker, limit=50)),
                    ("who-said --about", lambda: ledger.who_said(speaker, about=topic, limit=50)),
                    ("search", lambda: ledger.search(topic if i % 2 else f"{topic} {rng.choice(TOPICS)}", limit=20)),
                    ("timeline", lambda: ledger.timeline(speaker, limit=200))):
                started = time.perf_counter()
                found = call()
                results[name].append((time.perf_counter() - started) * 1000)
                rows[name] += len(found)
        top = names[0]
        worst = {
            "who-said (most quoted speaker)": lambda: ledger.who_said(top, limit=50),
            "who-said --about (most quoted speaker, most common topic)": lambda: ledger.who_said(top, about=TOPICS[0]),
            "search (most common topic)": lambda: ledger.search(TOPICS[0]),
            "timeline (most quoted speaker)": lambda: ledger.timeline(top),
        }
        worst_ms = {}
        for name, call in worst.items():
            times = []
            for _ in range(20):
                started = time.perf_counter()
                call()
                times.append((time.perf_counter() - started) * 1000)
            worst_ms[name] = statistics.median(times)
        top_count = ledger.conn.execute("SELECT statement_count FROM entities ORDER BY statement_count DESC LIMIT 1").fetchone()[0]
    return {"latency": {k: (percentile(v, 0.5), percentile(v, 0.99), rows[k] / len(v)) for k, v in results.items()},
            "worst": worst_ms, "top_speaker": top, "top_count": top_count, "runs": runs}


# -- report ------------------------------------------------------------------------------------
def report(ingest: list[dict], synthetic: dict | None, queries: dict | None, args) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"Command: `python bench/ledger.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` "
             f"({time.strftime('%Y-%m-%d')}; 2 cores shared with other jobs: load average {load} at the end).", ""]
    if ingest:
        lines += ["**Ingest** — PolNeAR train+dev texts read as bodies with their publication dates, into a fresh "
                  "ledger: extraction, dedup, entity merge, stories and writing, each article in its own transaction. "
                  "The model is loaded once before timing (forked workers inherit it), so the rows compare "
                  "steady-state throughput.", "",
                  "| workers | articles | seconds | articles/s | CPU s: main (writer) | CPU s: workers | load avg | "
                  "ingested | near-dup | statements | claims | failed |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in ingest:
            lines.append(f"| {r['workers']} | {r['articles']} | {r['seconds']:.1f} | {r['rate']:.2f} | {r['main_cpu']:.1f} | "
                         f"{r['worker_cpu']:.1f} | {r['load']:.1f} | {r['ingested']} | {r['near']} | {r['statements']} | "
                         f"{r['claims']} | {r['failed']} |")
        if len(ingest) >= 2:
            one, two = ingest[0], ingest[1]
            speedup = two["rate"] / one["rate"]
            # On two idle cores the writer and two workers (three processes) need at
            # least max(writer CPU, total CPU / 2) of wall time.
            bound = one["main_cpu"] / max(two["main_cpu"], (two["main_cpu"] + two["worker_cpu"]) / 2)
            lines += ["", f"Wall-clock speed-up with 2 workers on the same {one['articles']} texts: **{speedup:.2f}×** "
                          f"(goal ≥ 1.7×), measured with the load average shown (other jobs on the same 2 cores); "
                          f"right after each run, two pure-CPU processes ran {one['parallelism']:.2f}× and "
                          f"{two['parallelism']:.2f}× faster than one, which is what the machine offered then. "
                          f"From CPU time, the speed-up two idle cores allow is {bound:.2f}×: one worker spends "
                          f"{one['main_cpu'] / one['articles'] * 1000:.0f} ms of CPU per article; with two workers the "
                          f"writer spends {two['main_cpu'] / two['articles'] * 1000:.0f} ms per article and the workers "
                          f"{two['worker_cpu'] / two['articles'] * 1000:.0f} ms (each does half the articles)."
                          + (f" The last row is the whole train+dev set ({ingest[2]['articles']} texts)."
                             if len(ingest) > 2 else "")]
        lines.append("")
    if synthetic and queries:
        lines += [f"**Queries** — synthetic ledger: {synthetic['statements']:,} statements, {synthetic['articles']:,} "
                  f"articles, {synthetic['speakers']:,} speakers (Zipf; the most quoted, {queries['top_speaker']}, has "
                  f"{queries['top_count']:,} statements), file {synthetic['bytes'] / 1e9:.2f} GB, built in "
                  f"{synthetic['seconds']:.0f}s{' (reused)' if not synthetic['seconds'] else ''}. {queries['runs']} random queries of each kind (speakers and topic words "
                  "drawn with Zipf weights), through the `Ledger` API with the CLI's default limits.", "",
                  "| query | p50 ms | p99 ms | rows returned (mean) |", "|---|---:|---:|---:|"]
        for name, (p50, p99, mean_rows) in queries["latency"].items():
            lines.append(f"| {name} | {p50:.1f} | {p99:.1f} | {mean_rows:.0f} |")
        lines += ["", "Worst cases (median of 20 runs):", "", "| query | ms |", "|---|---:|"]
        for name, ms in queries["worst"].items():
            lines.append(f"| {name} | {ms:.1f} |")
        worst_p99 = max(p99 for _, p99, _ in queries["latency"].values())
        lines += ["", f"Largest p99: **{worst_p99:.1f} ms** (goal ≤ 50 ms at 1M statements)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare-limit", type=int, default=200,
                        help="1-vs-2 worker comparison on the first N PolNeAR texts (0: all).")
    parser.add_argument("--skip-full", action="store_true", help="Skip the run over all PolNeAR texts.")
    parser.add_argument("--full-workers", type=int, default=2, help="Workers for the run over all texts.")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=300, help="Queries of each kind.")
    parser.add_argument("--keep", type=Path, help="Keep (and reuse) the synthetic ledger at this path.")
    parser.add_argument("--no-write", action="store_true", help="Print the section, do not write docs/benchmarks.md.")
    args = parser.parse_args()

    ingest = []
    if not args.skip_ingest:
        # Load the model (and whatever the extractors load lazily) once, before
        # timing: both runs then measure steady-state throughput, and forked
        # workers start with the model already in memory.
        started = time.perf_counter()
        Extractor().extract("Warm-up. The mayor said the bridge would reopen on Monday.", kind="body")
        print(json.dumps({"model_load_seconds": time.perf_counter() - started}), flush=True)
        subset = polnear_jobs(args.compare_limit or None)
        for workers in (1, 2):
            result = bench_ingest(subset, workers)
            result["parallelism"] = machine_parallelism()
            print(json.dumps(result), flush=True)
            ingest.append(result)
        if not args.skip_full:
            result = bench_ingest(polnear_jobs(None), args.full_workers)
            print(json.dumps(result), flush=True)
            ingest.append(result)
    synthetic = queries = None
    if not args.skip_queries:
        with tempfile.TemporaryDirectory() as folder:
            path = args.keep or Path(folder) / "synthetic.db"
            if args.keep and path.exists():
                with Ledger(path) as ledger:
                    count = ledger.conn.execute("SELECT count(*) FROM statements").fetchone()[0]
                    articles = ledger.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                    speakers = ledger.conn.execute("SELECT count(*) FROM entities").fetchone()[0]
                synthetic = {"statements": count, "articles": articles, "speakers": speakers, "seconds": 0.0,
                             "bytes": path.stat().st_size}
            else:
                synthetic = build_synthetic(path, args.statements)
            print(json.dumps(synthetic), flush=True)
            queries = bench_queries(path, args.runs)
            print(json.dumps(queries), flush=True)
    markdown = report(ingest, synthetic, queries, args)
    print(markdown)
    if not args.no_write:
        write_section("ledger", markdown)


if __name__ == "__main__":
    main()
