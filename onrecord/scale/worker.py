"""What runs inside each Python worker: the models, loaded once, and the
function that turns one input file into output rows.

Loading spaCy, the CRF tagger and the MiniLM encoder (ONNX) takes seconds; a Common
Crawl job runs thousands of tasks.  So the models live in this module's
globals (``_extractor``): PySpark keeps a Python worker alive between tasks
when ``spark.python.worker.reuse`` is true (the job sets it), and a reused
worker finds them loaded — every record of every partition it runs shares one
``Extractor``.  ``model_loads()`` counts the loads in this process; each task
writes it with its process id into the ``tasks`` table, so a test (or a
data engineer) can see that no worker loaded twice.

Nothing here imports Spark: ``process_input`` takes an input file and an
extractor and yields ``(table, row)`` pairs, and is tested on its own.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from onrecord.errors import ExtractionError, InputError, OnrecordError
from onrecord.pipeline import Extractor, Job, batched
from onrecord.read.expand import Skipped
from onrecord.scale.inputs import InputFile, is_local, local_path, read_bytes, read_local
from onrecord.scale.rows import RecordRows, failure_row, record_rows

BATCH = 8            # jobs handed to spaCy at once, as in `onrecord ingest`

_extractor: Optional[Extractor] = None
_extractor_model: Optional[str] = None
_loads = 0


@dataclass(frozen=True)
class Settings:
    """The job's choices every worker needs (pickled into each task)."""

    model: Optional[str] = None
    fast: bool = False            # CRF alone, without the encoder (`--fast`)
    kind: str = "auto"            # how to read plain pages (`--as`)
    encoder_threads: int = 1      # per Python worker: one task per core already uses every core


def model_loads() -> int:
    """How many times this process has loaded the models (1 in a healthy job)."""
    return _loads


def extractor(settings: Settings) -> Extractor:
    """This process's ``Extractor``, its models loaded on first use only."""
    global _extractor, _extractor_model, _loads
    from onrecord.extract.attribution import encoder

    _switch(settings)
    if _extractor is None or _extractor_model != settings.model:
        from onrecord.extract.attribution.tagger import load_tagger

        encoder.set_threads(settings.encoder_threads)
        built = Extractor(settings.model, batch_size=BATCH)
        built.nlp  # noqa: B018 - spaCy now, not inside the first record
        load_tagger()
        if encoder.enabled():
            encoder.load_encoder()
        _extractor, _extractor_model = built, settings.model
        _loads += 1
    elif encoder.enabled():
        encoder.load_encoder()   # cached after the first call; a --fast job before this one never loaded it
    return _extractor


def _switch(settings: Settings) -> None:
    from onrecord.extract.attribution.encoder import SWITCH_ENV

    os.environ[SWITCH_ENV] = "0" if settings.fast else "1"


def items_of(file: InputFile, kind: str, data: Optional[bytes] = None):
    """The pages (jobs and skips) of one input: from ``data`` when Hadoop read
    the bytes, else straight from the local file."""
    if data is not None:
        return read_bytes(_name(file.path), data, kind)
    if not is_local(file.path):
        raise InputError(f"{file.path}: not a local path (read it through Hadoop)")
    return read_local(local_path(file.path), kind)


def _name(path: str) -> str:
    """The source name of a file: its local path for ``file:`` URIs (the name
    ``onrecord ingest`` gives it), else the URI itself."""
    return local_path(path) if is_local(path) else path


def process_input(file: InputFile, extract: Extractor, kind: str = "auto",
                  data: Optional[bytes] = None) -> Iterator[tuple[str, dict]]:
    """Every output row one input file gives: ``("records", row)``,
    ``("articles", row)``, ... and ``("failures", row)`` for what could not be
    read or extracted.  Never raises for bad input."""
    name = _name(file.path)
    numbered = _numbered(file, kind, data)
    jobs = _jobs_only(numbered, file, name)
    for batch in batched(jobs, BATCH):
        for number, job, record, error in _extract(extract, batch):
            source = job.source_path or job.url or name
            if error is None and record is not None and not record.article.body.strip():
                error = InputError("the article has no body text")
            if error is not None:
                yield "failures", failure_row(input_index=file.index, input_path=name, record_number=number,
                                              source=source, error_class=type(error).__name__, message=str(error))
                continue
            try:
                rows = record_rows(record, input_index=file.index, input_path=name, record_number=number,
                                   source=source, raw=job.raw, url=job.url)
            except Exception as exc:  # a bug on one page must not cost the input
                wrapped = ExtractionError.wrap("rows", exc)
                yield "failures", failure_row(input_index=file.index, input_path=name, record_number=number,
                                              source=source, error_class=type(wrapped).__name__,
                                              message=str(wrapped))
                continue
            yield from _tagged(rows)
    yield from numbered.failures


class _numbered:
    """The items of one input with their position; skips are kept aside
    (as failure rows) while the jobs stream on."""

    def __init__(self, file: InputFile, kind: str, data: Optional[bytes]) -> None:
        self.file, self.kind, self.data = file, kind, data
        self.failures: list[tuple[str, dict]] = []

    def __iter__(self) -> Iterator[tuple[int, object]]:
        name = _name(self.file.path)
        number = -1
        try:
            for number, item in enumerate(items_of(self.file, self.kind, self.data)):
                yield number, item
        except OnrecordError as exc:
            self.fail(number + 1, name, type(exc).__name__, str(exc))
        except Exception as exc:  # a reader bug on one file must not cost the task
            self.fail(number + 1, name, type(exc).__name__, f"reading stopped: {exc}")

    def fail(self, number: int, source: str, error_class: str, message: str) -> None:
        name = _name(self.file.path)
        self.failures.append(("failures", failure_row(input_index=self.file.index, input_path=name,
                                                      record_number=number, source=source,
                                                      error_class=error_class, message=message)))


def _jobs_only(numbered: _numbered, file: InputFile, name: str) -> Iterator[tuple[int, Job]]:
    for number, item in numbered:
        if isinstance(item, Skipped):
            numbered.fail(number, item.source, "Skipped", item.reason)
        else:
            yield number, item


def _extract(extract: Extractor, batch: list[tuple[int, Job]]) -> list[tuple[int, Job, object, object]]:
    """One batch through the pipeline; if the pipeline itself crashes (a bug,
    not bad input), the jobs rerun one by one so only the guilty one fails."""
    try:
        outcomes = list(extract.run([job for _, job in batch]))
        return [(number, o.job, o.record, o.error) for (number, _), o in zip(batch, outcomes)]
    except Exception as exc:
        if len(batch) == 1:
            return [(batch[0][0], batch[0][1], None, ExtractionError.wrap("pipeline", exc))]
        return [result for one in batch for result in _extract(extract, [one])]


def _tagged(rows: RecordRows) -> Iterator[tuple[str, dict]]:
    """The record's rows, each derived row marked with the record's place
    (``_input_index``, ``_record_number``): when one text comes in twice the
    job keeps the rows of its first copy, as the ledger keeps the first."""
    yield "records", rows.record
    order = {"_input_index": rows.record["input_index"], "_record_number": rows.record["record_number"]}
    yield "articles", {**rows.article, **order}
    for table, values in (("statements", rows.statements), ("claims", rows.claims),
                          ("mentions", rows.mentions), ("entity_rows", rows.entities)):
        for row in values:
            yield table, {**row, "article_id": rows.record["article_id"], **order}


def run_partition(files: Iterable[tuple[InputFile, Optional[bytes]]], settings: Settings,
                  partition: int) -> Iterator[tuple[str, dict]]:
    """All rows of one Spark partition, then one ``tasks`` row saying which
    process ran it, how many times that process has loaded the models, and the
    task's wall and CPU seconds (on a shared machine the two differ: the CPU
    seconds say what the task would take on a free core)."""
    started, cpu = time.perf_counter(), time.process_time()
    extract = extractor(settings)
    inputs = records = 0
    for file, data in files:
        inputs += 1
        for table, row in process_input(file, extract, settings.kind, data):
            if table == "records":
                records += 1
            yield table, row
    yield "tasks", {"partition": partition, "pid": os.getpid(), "inputs": inputs, "records": records,
                    "model_loads": model_loads(), "seconds": time.perf_counter() - started,
                    "cpu_seconds": time.process_time() - cpu}
