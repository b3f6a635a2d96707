"""The Spark job on a real local Spark (``local[2]``): the Parquet tables equal
what the single-process pipeline gives, bad input becomes failure rows, a rerun
writes the same rows, each Python worker loads the models once, and the output
loads into a ledger with the same counts as ingesting the inputs directly.

Kept cheap without weakening it: one SparkSession for the whole test session
(``conftest.spark``, two shuffle partitions, no UI), one set of small inputs,
the job run once (plus the rerun its test is about) and the single-process
reference extracted once, all session-scoped fixtures the tests share."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.warc_pack import as_html, response_record, write_warc
from onrecord.ledger import Ledger
from onrecord.scale.inputs import InputFile, read_local
from onrecord.scale.job import JobConfig, run_job
from onrecord.scale.rows import record_rows
from onrecord.scale.worker import Settings, process_input
from tests.conftest import REPO, TEST_SPARK_CONF, eval_dir

SAMPLES = REPO / "onrecord" / "samples"
POLNEAR_TEXTS = 2


def _sample_pages() -> list[tuple[str, str]]:
    pages = []
    for path in sorted(SAMPLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        pages.append((f"https://news.example/{path.stem}", text if path.suffix == ".html" else as_html(text)))
    return pages


def _polnear_pages() -> list[tuple[str, str]]:
    folder = eval_dir() / "polnear" / "dev" / "text"
    if not folder.is_dir():
        print(f"\nPolNeAR texts not found at {folder} (set ONRECORD_EVAL_DIR): the Spark tests run on the "
              "bundled samples only")
        return []
    texts = sorted(folder.glob("*.txt"))[:POLNEAR_TEXTS]
    return [(f"https://polnear.example/{p.stem}", as_html(p.read_text(encoding="utf-8"), p.stem)) for p in texts]


@pytest.fixture(scope="session")
def inputs(tmp_path_factory) -> dict:
    """WARC files (gzipped and not) made from the samples and PolNeAR texts, a
    JSONL file, a folder of pages and a manifest listing them; one WARC record
    is cut off on purpose, one JSONL line is not JSON, one is over the size limit."""
    root = tmp_path_factory.mktemp("spark-in")
    samples = _sample_pages()
    polnear = _polnear_pages()
    write_warc(root / "samples.warc.gz", samples[:2])
    # the same text again under another URL: an exact duplicate (same body hash)
    write_warc(root / "more.warc", samples[2:] + [("https://other.example/copy", samples[0][1])], gz=False)
    corrupt = root / "polnear.warc.gz"
    pages = list(polnear)
    if pages:
        title, page = pages[0]
        edited = page.replace("the", "a", 3)     # a lightly edited copy: a near duplicate
        pages.append(("https://polnear.example/edited", edited))
    with corrupt.open("wb") as handle:
        for uri, page in pages:
            handle.write(gzip.compress(response_record(uri, page), mtime=0))
        cut = gzip.compress(response_record("https://polnear.example/cut-off", samples[1][1]), mtime=0)
        handle.write(cut[: len(cut) // 2])
    jsonl = root / "lines.jsonl"
    putin = (SAMPLES / "putin_ready_to_talk.txt").read_text(encoding="utf-8")
    import json

    jsonl.write_text(json.dumps({"url": "https://jsonl.example/putin", "text": putin}) + "\n"
                     + "{not json\n"
                     + json.dumps({"url": "https://jsonl.example/huge", "text": "x" * 20_000_001}) + "\n",
                     encoding="utf-8")
    folder = root / "pages"
    folder.mkdir()
    (folder / "flood.html").write_text((SAMPLES / "harbour_flood_wall.html").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    files = [root / "samples.warc.gz", root / "more.warc", corrupt, jsonl, folder]
    manifest = root / "inputs.paths"
    manifest.write_text("# one input a line\n" + "\n".join(str(f) for f in files) + "\n", encoding="utf-8")
    return {"root": root, "files": [str(f) for f in files], "manifest": str(manifest), "polnear": bool(polnear)}


def _table(out: Path, name: str) -> list[dict]:
    import pyarrow.dataset as ds

    return ds.dataset(str(out / name), format="parquet").to_table().to_pylist()


def _sorted(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: repr(sorted(r.items())))


@pytest.fixture(scope="session")
def job_output(spark, inputs, tmp_path_factory) -> dict:
    """The job run once with the default tagger (CRF + encoder) on the manifest."""
    out = tmp_path_factory.mktemp("spark-out") / "out"
    lines = []
    summary = run_job(spark, JobConfig([inputs["manifest"]], str(out)), echo=lines.append)
    return {"out": out, "summary": summary, "lines": lines}


def _single_process(extractor, inputs) -> dict:
    """What one process gives for the same inputs: ``process_input`` on each
    file in order with the shared extractor, the first copy of a text kept."""
    from onrecord.scale.inputs import list_inputs

    files, _ = list_inputs(inputs["files"], read_text=lambda p: Path(p).read_text(), list_remote=lambda p: [])
    tables: dict[str, list[dict]] = {}
    for file in files:
        for table, row in process_input(file, extractor):
            tables.setdefault(table, []).append(row)
    kept = {}
    for row in tables["records"]:
        kept.setdefault(row["article_id"], (row["input_index"], row["record_number"]))
    def first(row):
        return kept.get(row["article_id"]) == (row["_input_index"], row["_record_number"])
    return {"articles": [r for r in tables["articles"] if kept[r["id"]] == (r["_input_index"], r["_record_number"])],
            "statements": [r for r in tables["statements"] if first(r)],
            "claims": [r for r in tables["claims"] if first(r)],
            "mentions": [r for r in tables["mentions"] if first(r)],
            "records": tables["records"], "failures": tables.get("failures", [])}


def _public(rows: list[dict]) -> list[dict]:
    return _sorted([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows])


@pytest.fixture(scope="session")
def reference(extractor, inputs) -> dict:
    """The single-process pipeline over the same inputs, extracted once."""
    return _single_process(extractor, inputs)


def test_tables_equal_the_single_process_pipeline(job_output, reference):
    out = job_output["out"]
    expected = reference
    corpus_made = {"canonical_id", "similarity"}     # set by the job's near-duplicate grouping, not per record
    for table in ("articles", "statements", "claims", "mentions", "records", "failures"):
        got = _sorted([{k: v for k, v in r.items() if k not in corpus_made} for r in _table(out, table)])
        want = _sorted([{k: v for k, v in r.items() if k not in corpus_made} for r in _public(expected[table])])
        assert len(got) == len(want), table
        for a, b in zip(got, want):
            assert a == b, (table, {k: (a.get(k), b.get(k)) for k in a if a.get(k) != b.get(k)})
    statements = _table(out, "statements")
    assert len(statements) >= 20 and len({s["key"] for s in statements}) == len(statements)
    putin = [s for s in statements if s["speaker_name"] and "Putin" in s["speaker_name"]]
    assert putin, "the seed article's Putin statements are in the Spark output"


def test_bad_input_becomes_failure_rows(job_output, inputs):
    failures = _table(job_output["out"], "failures")
    by_input = {(Path(f["input"]).name, f["error_class"]): f for f in failures}
    cut = [f for f in failures if Path(f["input"]).name == "polnear.warc.gz"]
    assert cut and any("truncated WARC" in f["message"] for f in cut), failures
    assert all(f["record_number"] >= 0 for f in cut)
    assert any("not valid JSON" in f["message"] and f["source"].endswith("lines.jsonl:2") for f in failures)
    assert any("size" in f["message"] or "limit" in f["message"] for f in failures
               if f["source"].endswith("lines.jsonl:3"))
    assert by_input and job_output["summary"].failed == len(failures) >= 3
    assert "failed" in job_output["lines"][0]


def test_duplicates_and_speakers_are_computed(job_output, inputs):
    out = job_output["out"]
    duplicates = _table(out, "duplicates")
    exact = [d for d in duplicates if d["relation"] == "same-text"]
    assert [d["url"] for d in exact] == ["https://other.example/copy"]
    if inputs["polnear"]:
        near = {d["url"]: d for d in duplicates if d["relation"] == "near-duplicate"}
        # the edited PolNeAR copy; the seed text from JSONL, its page recovered differently, is one too
        assert set(near) == {"https://polnear.example/edited", "https://jsonl.example/putin"}, near
        articles = {a["id"]: a for a in _table(out, "articles")}
        for copy in near.values():
            assert copy["similarity"] >= 0.7 and copy["canonical_id"] in articles
            assert articles[copy["article_id"]]["canonical_id"] == copy["canonical_id"]
    speakers = _table(out, "speakers")
    statements = _table(out, "statements")
    assert sum(s["statements"] for s in speakers) == sum(1 for s in statements if s["speaker_id"] is not None)
    top = max(speakers, key=lambda s: s["statements"])
    assert top["outlet_count"] == len(top["outlets"]) and top["first_date"] <= top["last_date"]
    entities = {e["id"]: e for e in _table(out, "entities")}
    assert all(s["speaker_id"] in entities for s in speakers)


def test_each_worker_loads_the_models_once(job_output):
    tasks = _table(job_output["out"], "tasks")
    assert len(tasks) == 5                     # one task per input file
    assert all(t["model_loads"] == 1 for t in tasks), tasks
    assert len({t["pid"] for t in tasks}) < len(tasks), "Python workers are reused between tasks"
    assert job_output["summary"].model_loads == len({t["pid"] for t in tasks})


def test_rerun_into_the_same_output_gives_the_same_rows(spark, job_output, inputs):
    out = job_output["out"]
    before = {t: _sorted(_table(out, t)) for t in ("articles", "statements", "claims", "entities", "mentions",
                                                   "records", "failures", "duplicates", "speakers")}
    # the second run reads every input through Hadoop (sc.binaryFiles) instead of locally
    run_job(spark, JobConfig(inputs["files"], str(out), read_via="hadoop", output_partitions=2), echo=lambda _: None)
    for table, rows in before.items():
        assert _sorted(_table(out, table)) == rows, table
    assert len(list((out / "statements").glob("*.parquet"))) == 2
    tasks = _table(out, "tasks")
    assert all(t["model_loads"] == 1 for t in tasks), "a reused worker did not load again"


def test_ingest_of_the_output_equals_ingesting_the_inputs(job_output, inputs, tmp_path):
    out = job_output["out"]
    direct, loaded = tmp_path / "direct.db", tmp_path / "loaded.db"
    with Ledger(direct) as ledger:
        ledger.ingest(inputs["files"])
    with Ledger(loaded) as ledger:
        first = ledger.ingest([str(out)])
        again = ledger.ingest([str(out)])
    assert first.ingested > 0 and again.ingested == 0 and again.near_duplicates == 0
    tables = ("articles", "article_sources", "entities", "aliases", "mentions", "statements", "claims", "stories",
              "inputs", "failures", "minhashes")
    with Ledger(direct) as a, Ledger(loaded) as b:
        for table in tables:
            count = f"SELECT count(*) FROM {table}"
            assert a.conn.execute(count).fetchone()[0] == b.conn.execute(count).fetchone()[0], table
        said = [(r["content"], r["date"]) for r in a.who_said("Putin")]
        assert said and said == [(r["content"], r["date"]) for r in b.who_said("Putin")]


def test_rows_carry_the_ledger_export_columns(inputs, tmp_path, extractor):
    """The Spark statements and claims rows hold what ``onrecord export`` writes
    for the same record, column for column, except what only a ledger assigns."""
    import pyarrow.parquet as pq

    from onrecord.ledger.columns import arrow_schema

    db = tmp_path / "one.db"
    sample = str(SAMPLES / "putin_ready_to_talk.txt")
    with Ledger(db) as ledger:
        ledger.ingest([sample])
        ledger.export(tmp_path / "export", "parquet")
    rows = {t: [r for table, r in process_input(InputFile(0, sample), extractor) if table == t]
            for t in ("statements", "claims", "articles")}
    assigned = {"id", "seq", "speaker_id", "source_id", "story_id", "ingested_at", "_input_index", "_record_number"}
    for table in ("statements", "claims", "articles"):
        exported = pq.read_table(tmp_path / "export" / f"{table}.parquet")
        assert exported.schema == arrow_schema(table)
        want = _sorted([{k: v for k, v in r.items() if k not in assigned} for r in exported.to_pylist()])
        got = _sorted([{k: v for k, v in r.items() if k not in assigned} for r in rows[table]])
        assert got == want, table


def test_spark_submit_runs_the_job_file(inputs, tmp_path):
    """The documented cluster entry: ``spark-submit onrecord/scale/job.py``,
    with cc-pyspark's option names."""
    import shutil

    submit = shutil.which("spark-submit") or str(Path(sys.executable).parent / "spark-submit")
    if not Path(submit).exists():
        pytest.skip("spark-submit is not on PATH")
    out = tmp_path / "submitted"
    page = str(Path(inputs["root"]) / "samples.warc.gz")
    # PYTHONPATH: the workers import this copy of onrecord (on a cluster it is in the shipped venv)
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable,
           "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run(
        [submit, "--master", "local[1]", *[a for key, value in TEST_SPARK_CONF for a in ("--conf", f"{key}={value}")],
         "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
         str(REPO / "onrecord" / "scale" / "job.py"), "--fast", "--num_output_partitions", "1",
         "--output_format", "parquet", "--out", str(out), page],
        capture_output=True, text=True, timeout=600, env=env, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "onrecord spark: 1 input file(s), 2 record(s) read, 2 extracted" in done.stdout + done.stderr
    assert len(list((out / "statements").glob("*.parquet"))) == 1
    assert _table(out, "summary")[0]["articles"] == 2


def test_read_local_reads_like_ingest(inputs):
    """The reader the workers use is the one `onrecord ingest` uses."""
    from onrecord.read.expand import expand

    path = str(Path(inputs["root"]) / "more.warc")
    assert [(j.source_path, j.url) for j in read_local(path)] == [(j.source_path, j.url) for j in expand([path])]


def test_record_rows_ids_are_deterministic(extractor):
    record = extractor.extract((SAMPLES / "putin_ready_to_talk.txt").read_text(encoding="utf-8"))
    one = record_rows(record, input_index=0, input_path="x", record_number=0, source="x", raw="r", url=None)
    two = record_rows(record, input_index=0, input_path="x", record_number=0, source="x", raw="r", url=None)
    assert one == two and one.statements[0]["key"].startswith(record.article.id + ":")
    assert all(m["entity_id"] is not None and m["entity_id"] >= 0 for m in one.mentions)


def test_the_worker_runs_without_torch():
    """What a packed executor venv holds is the default install, which has no
    torch: a worker's models (spaCy, the CRF tagger, the ONNX encoder) load and
    extract with importing torch made impossible, and torch is never imported."""
    code = ("import importlib.abc, sys\n"
            "class NoTorch(importlib.abc.MetaPathFinder):\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] == 'torch':\n"
            "            raise ModuleNotFoundError(f'No module named {name!r}')\n"
            "sys.meta_path.insert(0, NoTorch())\n"
            "from onrecord.extract.attribution import encoder\n"
            "from onrecord.scale.inputs import InputFile\n"
            "from onrecord.scale.worker import Settings, extractor, process_input\n"
            "rows = list(process_input(InputFile(0, sys.argv[1]), extractor(Settings())))\n"
            "print(sum(t == 'statements' for t, _ in rows), sum(t == 'failures' for t, _ in rows),\n"
            "      encoder.enabled(), 'torch' in sys.modules)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONRECORD_ENCODER")}
    done = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "putin_ready_to_talk.txt")],
                          capture_output=True, text=True, env=env, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    statements, failures, encoder_on, torch_loaded = done.stdout.split()
    assert int(statements) >= 10 and failures == "0" and encoder_on == "True" and torch_loaded == "False"
