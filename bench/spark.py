"""The Spark job's throughput: one process against ``local[1]`` and ``local[2]``.

    python -m bench.spark                       # 924 PolNeAR train+dev texts, default tagger
    python -m bench.spark --fast --limit 200    # CRF alone, the first 200 texts

The PolNeAR train and dev texts are packed into ``--files`` gzipped WARC
files (one HTML response record per text, as a crawl stores them).  Then:

* **one process**: ``process_input`` (the job's per-file function: read the
  WARC, extract, build the rows) over every file in turn, with one
  ``Extractor`` whose models were loaded before the clock starts;
* **local[N]**: ``onrecord spark`` on a fresh local Spark with N cores, over
  the same files; the JVM's start-up (``SparkSession`` creation) is timed
  apart, and so is the extraction stage (each worker loads its models once
  inside it) from the whole job (extraction plus the corpus tables and the
  Parquet writing).

articles/s counts extracted records over the job's seconds, JVM start-up
excluded.  The 2 cores are shared with other jobs, so wall seconds say what
the machine offered; CPU seconds say what the work costs: for each run the
Python workers' CPU (the ``tasks`` table's ``cpu_seconds``) and the CPU of
every process of the run (driver, JVM, workers: the child process tree,
read from ``/proc`` each second), with the load average sampled every 2 s during the run, and a pure-CPU
probe (one process against two) right after, which measures what a second
core gave at that moment.  Results go to docs/benchmarks.md (section "Spark").
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

from bench.polnear import load_split
from bench.report import write_section
from bench.warc_pack import as_html, write_warc

REPO = Path(__file__).resolve().parent.parent


def default_eval_root() -> Path:
    return Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval"))


def pack(root: Path, folder: Path, files: int, limit: Optional[int]) -> tuple[list[str], int, int]:
    """The train+dev texts as ``files`` WARC files; returns (paths, texts, characters)."""
    articles = load_split(root, "train") + load_split(root, "dev")
    if limit:
        articles = articles[:limit]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(files):
        chunk = articles[n::files]
        if chunk:
            path = folder / f"polnear-{n:03d}.warc.gz"
            write_warc(path, [(f"https://polnear.example/{a.name}", as_html(a.text, a.name)) for a in chunk])
            paths.append(str(path))
    return paths, len(articles), sum(len(a.text) for a in articles)


class LoadSampler:
    """The 1-minute load average, sampled every ``every`` seconds while running."""

    def __init__(self, every: float = 2.0) -> None:
        self.every, self.samples = every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> "LoadSampler":
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def mean(self) -> float:
        return sum(self.samples) / len(self.samples)


class TreeCPU:
    """CPU seconds (user + system) of a process and all its descendants,
    read from ``/proc`` every ``every`` seconds while it runs: the JVM is
    not reaped by the driver, so ``getrusage`` of children would miss it.
    Each process counts with its last reading (a process that lives less
    than ``every`` seconds may be missed; Spark's are long-lived)."""

    def __init__(self, root: int, every: float = 1.0) -> None:
        self.root, self.every = root, every
        self.last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    def _stats(self) -> dict[int, tuple[int, float]]:
        found = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    text = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                fields = text[text.rindex(")") + 2:].split()
                # after the name: state ppid ... utime (14th field overall) stime (15th)
                found[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / self._tick)
        return found

    def sample(self) -> None:
        stats = self._stats()
        tree, grew = {self.root}, True
        while grew:
            grew = False
            for pid, (ppid, _) in stats.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        for pid in tree:
            if pid in stats:
                self.last[pid] = stats[pid][1]

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def start(self) -> "TreeCPU":
        self._thread.start()
        return self

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return sum(self.last.values())


def one_process(paths: list[str], fast: bool) -> dict:
    """The per-file function in this process, models loaded first."""
    from onrecord.scale.inputs import InputFile
    from onrecord.scale.worker import Settings, extractor, process_input

    started = time.perf_counter()
    extract = extractor(Settings(fast=fast, encoder_threads=1))
    loaded = time.perf_counter()
    cpu = time.process_time()
    records = 0
    with LoadSampler() as load:
        for index, path in enumerate(paths):
            records += sum(1 for table, _ in process_input(InputFile(index, path), extract) if table == "records")
    seconds = time.perf_counter() - loaded
    used = time.process_time() - cpu
    return {"run": "one process", "records": records, "seconds": seconds, "extract_seconds": seconds,
            "jvm": None, "model_load": loaded - started, "worker_cpu": used, "all_cpu": used,
            "load": load.mean(), "workers": 1, "loads": 1}


def cpu_probe(seconds: float = 3.0) -> float:
    """How much faster two pure-CPU processes finish a fixed amount of work
    than one does, right now (2.0 on two free cores)."""
    import subprocess
    import sys

    loop = "n = 0\nfor i in range(%d): n += i * i\n"
    calibrate = time.perf_counter()
    subprocess.run([sys.executable, "-c", loop % 2_000_000], check=True)
    per_million = (time.perf_counter() - calibrate) / 2
    work = loop % int(seconds / max(per_million, 1e-3) * 1_000_000)

    def timed(count: int) -> float:
        begun = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", work]) for _ in range(count)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - begun

    one = timed(1)
    two = timed(2)
    return 2 * one / two


def spark_run(paths: list[str], cores: int, fast: bool, out: Path) -> dict:
    """``onrecord spark`` on local[cores], in a child process (a fresh JVM each time)."""
    import json
    import subprocess
    import sys

    script = (
        "import json, sys, time\n"
        "t = time.perf_counter()\n"
        "from onrecord.scale.job import JobConfig, run_job, spark_session\n"
        "from onrecord.scale.worker import Settings\n"
        f"spark = spark_session('local[{cores}]')\n"
        "jvm = time.perf_counter() - t\n"
        f"s = run_job(spark, JobConfig({paths!r}, {str(out)!r}, settings=Settings(fast={fast!r})), echo=lambda _: None)\n"
        "spark.stop()\n"
        "print('RESULT ' + json.dumps({'jvm': jvm, 'seconds': s.seconds, 'extract_seconds': s.extract_seconds,"
        " 'records': s.extracted, 'workers': s.python_workers, 'loads': s.model_loads,"
        " 'statements': s.statements, 'failed': s.failed}))\n")
    with LoadSampler() as load:
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, cwd=REPO)
        cpu = TreeCPU(child.pid).start()
        stdout, stderr = child.communicate()
        all_cpu = cpu.stop()
    done = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"local[{cores}] failed:\n{done.stderr[-4000:]}")
    result = json.loads(lines[-1][len("RESULT "):])
    import pyarrow.dataset as ds

    tasks = ds.dataset(str(out / "tasks"), format="parquet").to_table().to_pylist()
    result.update({"run": f"local[{cores}]", "worker_cpu": sum(t["cpu_seconds"] for t in tasks),
                   "all_cpu": all_cpu, "load": load.mean()})
    return result


def report(rows: list[dict], texts: int, chars: int, files: int, fast: bool, limit: Optional[int],
           probe: float) -> str:
    command = f"python -m bench.spark{' --fast' if fast else ''}{f' --limit {limit}' if limit else ''}"
    base = rows[0]["records"] / rows[0]["seconds"]
    lines = [
        f"Command: `{command}` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores "
        f"({platform.machine()}), shared with other jobs: mean 1-minute load average during each run in the table; "
        f"right after the runs, two pure-CPU processes finished {probe:.2f}× faster than one, 2.00× on two free cores).",
        "",
        f"PolNeAR train+dev, {texts} texts ({chars:,} characters) packed into {files} gzipped WARC files "
        f"(one HTML response record per text); tagger: {'CRF alone (`--fast`)' if fast else 'CRF + encoder (default)'}. "
        "*one process* runs the job's per-file function (read, extract, build rows) over the files with models "
        "loaded beforehand; *local[N]* is `onrecord spark` on a fresh local Spark: JVM start-up apart, "
        "*extraction* is the stage where the workers load their models (once each) and extract, *job* adds the "
        "corpus tables (duplicates, entities, speakers) and the Parquet writing. *worker CPU* is the Python "
        "workers' CPU time (the `tasks` table), *all CPU* that of every process of the run (driver, JVM, workers; "
        "JVM start-up included).",
        "",
        "| run | JVM start s | extraction s | job s | articles/s | speed-up (wall) | worker CPU s | all CPU s "
        "| CPU ms/article (all) | load avg | Python workers | model loads |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        rate = row["records"] / row["seconds"]
        jvm = "" if row["jvm"] is None else f"{row['jvm']:.1f}"
        lines.append(f"| {row['run']} | {jvm} | {row['extract_seconds']:.1f} | {row['seconds']:.1f} | {rate:.2f} | "
                     f"{rate / base:.2f}× | {row['worker_cpu']:.0f} | {row['all_cpu']:.0f} | "
                     f"{1000 * row['all_cpu'] / row['records']:.0f} | {row['load']:.1f} | {row['workers']} | "
                     f"{row['loads']} |")
    one = next((r for r in rows if r["run"] == "local[1]"), None)
    two = next((r for r in rows if r["run"] == "local[2]"), None)
    lines += ["", "Goal: local[2] ≥ 1.7× one process (wall clock)."]
    if two:
        # on two free cores local[2] takes about its CPU time over two (the cores share nothing else)
        free = rows[0]["all_cpu"] / (two["all_cpu"] / 2)
        lines += ["", f"From CPU time, the speed-up two free cores allow local[2] is about **{free:.2f}×**: one "
                      f"process spends {1000 * rows[0]['all_cpu'] / rows[0]['records']:.0f} ms of CPU per article, "
                      f"local[2] {1000 * two['all_cpu'] / two['records']:.0f} ms in all its processes, spread "
                      "over two cores (JVM start-up and model loads included)."]
    if one:
        per_core = one["records"] / one["all_cpu"]
        core_hours = 10_000_000 / per_core / 3600
        lines += [
            "",
            f"**A month of news (10M articles).** local[1] spends {1000 / per_core:.0f} ms of CPU per article, "
            f"everything included, so 10M articles cost about {core_hours:,.0f} core-hours; on a cluster of N cores "
            f"the wall clock is about {core_hours:,.0f}/N hours (≈{core_hours / 64:,.1f} h on 64 cores, "
            f"≈{core_hours / 256:,.1f} h on 256), plus a model load per Python worker (seconds, once) and the "
            "corpus stage, shuffles over small rows. The bill is those core-hours times the price of a "
            "core-hour.",
        ]
    lines += ["", f"Rerun: `{command}`"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-root", type=Path, default=default_eval_root())
    parser.add_argument("--files", type=int, default=16, help="WARC files to pack the texts into")
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts (train first)")
    parser.add_argument("--fast", action="store_true", help="CRF alone, without the encoder")
    parser.add_argument("--no-write", action="store_true", help="print, do not update docs/benchmarks.md")
    args = parser.parse_args()
    if not (args.eval_root / "polnear").is_dir():
        raise SystemExit(f"PolNeAR not found under {args.eval_root} (set ONRECORD_EVAL_DIR)")
    work = Path(tempfile.mkdtemp(prefix="onrecord-bench-spark-"))
    try:
        paths, texts, chars = pack(args.eval_root / "polnear", work / "warc", args.files, args.limit)
        rows = [one_process(paths, args.fast)]
        print(rows[-1], flush=True)
        for cores in (1, 2):
            rows.append(spark_run(paths, cores, args.fast, work / f"out{cores}"))
            print(rows[-1], flush=True)
        probe = cpu_probe()
        text = report(rows, texts, chars, len(paths), args.fast, args.limit, probe)
        print(text)
        if not args.no_write:
            write_section("Spark", text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
