"""The one per-article function, and the batch driver every front end uses.

``Extractor`` holds the spaCy pipeline (loaded once) and runs the stages
read → article → nlp → extract for one input or a stream of them.  The CLI,
the ledger's ingest workers and the Python API all call it, so every front end
produces the same record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Union

from onrecord import threads as _threads  # noqa: F401 - forked workers: one model thread each
from onrecord.article import recover_article
from onrecord.errors import ExtractionError, InputTooLargeError, OnrecordError
from onrecord.read.decode import decode_bytes
from onrecord.read.items import Job, Published
from onrecord.read.sources import MAX_INPUT_BYTES
from onrecord.record import Article, Record

if TYPE_CHECKING:  # pragma: no cover
    from onrecord.nlp.parse import ParsedArticle

#: the stages ``only=`` can stop after: "article" skips the parse and the
#: extract stages (body and metadata only, trafilatura's job), so spaCy and
#: the encoder are never imported
ONLY = ("article",)

#: The longest body analysed; a longer "article" is refused with a clear
#: error.  The longest PolNeAR article has 34,309 characters and long-form
#: features run to about 100,000; analysis costs time and memory in
#: proportion to length (about 18 KB a token while parsing), and 600 KB of
#: quotation marks took over 6 minutes and 1.8 GB on a loaded 2-core machine
#: (docs/reliability.md), so one page of a batch is held to 300,000.
MAX_BODY_CHARS = 300_000


@dataclass
class Outcome:
    """A finished job: the record, or the error that stopped it."""

    job: Job
    record: Optional[Record] = None
    error: Optional[OnrecordError] = None


class Extractor:
    """Runs the whole pipeline; build one per process and reuse it."""

    def __init__(self, model: Optional[str] = None, *, batch_size: int = 16, workers: int = 1,
                 only: Optional[str] = None) -> None:
        if only is not None and only not in ONLY:
            raise ValueError(f"only= takes one of {', '.join(ONLY)} or None, not {only!r}")
        self.model_name = model
        self.batch_size = batch_size
        self.workers = max(1, workers)
        self.only = only
        self._nlp = None

    @property
    def nlp(self):
        if self._nlp is None:
            from onrecord.nlp.model import load_pipeline

            self._nlp = load_pipeline(self.model_name)
        return self._nlp

    def extract(self, raw: Union[str, bytes], *, kind: str = "auto", url: Optional[str] = None,
                published: Published = None, source_path: Optional[str] = None) -> Record:
        """Extract one record; raise ``OnrecordError`` on bad input."""
        outcome = next(self.run([Job(raw, source_path, kind, url, published)]))
        if outcome.error is not None:
            raise outcome.error
        assert outcome.record is not None
        return outcome.record

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Process jobs in batches; a bad input yields an ``Outcome`` with its
        error and never stops the stream.  Order is preserved.

        With ``workers`` > 1, batches run in that many
        forked processes, each doing the whole per-article work (parse and
        extract), so every stage uses all cores, not only the parser."""
        if self.workers > 1:
            yield from self._run_parallel(jobs)
            return
        for batch in batched(jobs, self.batch_size):
            yield from self._run_batch(batch)

    def _run_parallel(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        import multiprocessing

        global _worker
        memo = None
        if self.only is None:
            from onrecord.extract.attribution.encoder import prepare_workers
            from onrecord.nlp.model import memo_of

            self.nlp  # load once before forking: workers share the loaded models
            prepare_workers()
            memo = memo_of(self.nlp)
        _worker = self
        size = max(1, min(self.batch_size, 4))
        context = multiprocessing.get_context("fork")
        with context.Pool(self.workers) as pool:
            for outcomes, learnt in pool.imap(_run_in_worker, batched(jobs, size)):
                if memo is not None and learnt:
                    memo.learn(learnt)  # the next run's workers start with it
                yield from outcomes

    def _run_batch(self, jobs: list[Job]) -> Iterator[Outcome]:
        ready: list[tuple[Job, Article, Optional[str]]] = []
        outcomes: dict[int, Outcome] = {}
        for index, job in enumerate(jobs):
            try:
                article, published = self._article(job)
                ready.append((job, article, published))
            except OnrecordError as exc:
                outcomes[index] = Outcome(job, error=exc)
            except Exception as exc:  # a bug on one page must not cost the batch
                outcomes[index] = Outcome(job, error=ExtractionError.wrap("article", exc))
        if self.only == "article":
            articles = iter(ready)
            for index, job in enumerate(jobs):
                if index in outcomes:
                    yield outcomes[index]
                else:
                    _, article, _ = next(articles)
                    yield Outcome(job, record=Record(article=article, source_path=job.source_path))
            return
        from onrecord.nlp.parse import parse_articles

        parsed = parse_articles(self.nlp, [a for _, a, _ in ready], batch_size=self.batch_size)
        records = (_built(p, published, job) for (job, _, published), p in zip(ready, parsed))
        for index, job in enumerate(jobs):
            yield outcomes[index] if index in outcomes else next(records)

    def _article(self, job: Job) -> tuple[Article, Optional[str]]:
        text = decode_bytes(job.raw) if isinstance(job.raw, bytes) else job.raw
        if not text.strip():
            from onrecord.errors import EmptyInputError

            raise EmptyInputError("input is empty")
        if len(text) > MAX_INPUT_BYTES:
            raise InputTooLargeError(f"input is {len(text):,} characters, over the {MAX_INPUT_BYTES:,} limit")
        article = recover_article(text, job.kind, url=job.url)
        if self.only is None and len(article.body) > MAX_BODY_CHARS:  # the limit guards the parse
            raise InputTooLargeError(
                f"article body is {len(article.body):,} characters, over the {MAX_BODY_CHARS:,}-character "
                f"limit for analysis (no news article is that long: is this a dump of many pages?)")
        published = None
        if job.published:
            from onrecord.extract.dates.find import parse_published

            published = parse_published(job.published)
        if published:
            article.published = published
        return article, article.published


_worker: Optional[Extractor] = None


def _run_in_worker(jobs: list[Job]) -> tuple[list[Outcome], list]:
    """One batch in a forked worker: its outcomes, and the token attributes
    the worker's memo learnt meanwhile, for the parent to keep (workers end
    with their run; without this every run's workers would start cold)."""
    assert _worker is not None
    memo = None
    if _worker.only is None:
        from onrecord.nlp.model import memo_of

        memo = memo_of(_worker.nlp)
    if memo is not None and memo.learnt is None:
        memo.learnt = []
    outcomes = list(_worker._run_batch(jobs))
    learnt: list = []
    if memo is not None and memo.learnt:
        learnt, memo.learnt = memo.learnt, []
    return outcomes, learnt


def batched(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    """Jobs in lists of ``size`` (the last may be shorter), read lazily so a
    stream of inputs is never held in memory whole."""
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _built(parsed: "ParsedArticle", published: Optional[str], job: Job) -> Outcome:
    """``build_record`` for one job, an unexpected failure kept as its outcome."""
    try:
        return Outcome(job, record=build_record(parsed, published, job.source_path))
    except OnrecordError as exc:
        return Outcome(job, error=exc)
    except Exception as exc:  # a bug on one page must not cost the batch
        return Outcome(job, error=ExtractionError.wrap("extract", exc))


def build_record(parsed: "ParsedArticle", published: Optional[str], source_path: Optional[str]) -> Record:
    """Run the extract stages over one parsed article."""
    from onrecord.extract.claims.find import find_claims
    from onrecord.extract.dates.find import find_dates
    from onrecord.extract.attribution.statements import find_statements

    article = parsed.article
    dates = find_dates(parsed, published)
    body_dates = [d for d in dates if d.where == "body"]
    entities, statements = find_statements(parsed, body_dates)
    claims = find_claims(parsed, entities, statements, body_dates)
    return Record(article=article, source_path=source_path, entities=entities,
                  statements=statements, claims=claims, dates=dates)


_default: Optional[Extractor] = None


def extract(raw: Union[str, bytes], *, url: Optional[str] = None, published: Published = None,
            kind: str = "auto", model: Optional[str] = None, only: Optional[str] = None) -> Record:
    """Turn one raw page (scraped text, HTML or a bare body) into a ``Record``;
    ``only="article"`` stops after the article (no statements, claims,
    entities or dates, and no spaCy)."""
    global _default
    if model is not None or only is not None:
        return Extractor(model, only=only).extract(raw, kind=kind, url=url, published=published)
    if _default is None:
        _default = Extractor()
    return _default.extract(raw, kind=kind, url=url, published=published)
