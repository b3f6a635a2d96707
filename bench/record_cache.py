"""Parse and find attributions once, rebuild records many times.

The ledger benchmarks (``bench/ledger_entities.py``, ``bench/ledger_numbers.py``)
measure what happens *after* the parser and the attribution finder: entity
building, speaker resolution, claims and the cross-article ledger.  Parsing
hundreds of PolNeAR texts and running the finder costs minutes on a shared
2-core machine, so with ``--cache DIR`` each text's parsed article (spaCy
``DocBin`` with its user data) and the finder's raw attributions are stored
once, and every later run rebuilds the records with the current code from
there.  The cache is keyed by the text's hash; delete the folder when the
parser or the attribution finder changes (the entity, resolver, claim and
ledger code is always the current one).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import pickle
from pathlib import Path
from typing import Iterable, Optional

from onrecord.extract.attribution.types import RawAttribution
from onrecord.extract.dates.find import parse_published
from onrecord.pipeline import Extractor, Job, build_record
from onrecord.record import Record


def _key(job: Job) -> str:
    """The text and its kind; not the publication date, which changes
    neither the parse nor the finder's output and is set at rebuild (the
    constant ``None`` keeps caches written before that rule valid)."""
    raw = job.raw.encode("utf-8") if isinstance(job.raw, str) else job.raw
    return hashlib.sha1(raw + f"\0{job.kind}\0None".encode()).hexdigest()[:20]


class RecordCache:
    """Records for jobs, from cached parses and finder output where possible."""

    def __init__(self, folder: Optional[Path]) -> None:
        self.folder = Path(folder) if folder else None
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)
        self.extractor = Extractor()

    def records(self, jobs: Iterable[Job]) -> list[Optional[Record]]:
        """One record per job (None when the job failed), in order."""
        jobs = list(jobs)
        if self.folder is None:
            return [o.record for o in self.extractor.run(jobs)]
        missing = [job for job in jobs if not (self.folder / f"{_key(job)}.pkl").exists()]
        for start in range(0, len(missing), 16):
            self._fill(missing[start:start + 16])
        return [self._rebuild(job) for job in jobs]

    def _fill(self, jobs: list[Job]) -> None:
        from spacy.tokens import DocBin

        from onrecord.extract.attribution.statements import _find
        from onrecord.nlp.parse import parse_articles

        ready = []
        for job in jobs:
            # the page's own date only: the caller's date is applied at rebuild
            article, published = self.extractor._article(dataclasses.replace(job, published=None))
            ready.append((job, article, published))
        for (job, article, published), parsed in zip(
                ready, parse_articles(self.extractor.nlp, [a for _, a, _ in ready])):
            body_atts = _find(parsed.doc) if len(parsed.doc) else []
            title_atts = _find(parsed.title_doc) if parsed.title_doc is not None and len(parsed.title_doc) else []
            docs = DocBin(store_user_data=False)
            docs.add(parsed.doc)
            if parsed.title_doc is not None:
                docs.add(parsed.title_doc)
            blob = {"article": article, "published": published, "docs": docs.to_bytes(),
                    "body": body_atts, "title": title_atts}
            target = self.folder / f"{_key(job)}.pkl"
            partial = target.with_suffix(".part")
            partial.write_bytes(pickle.dumps(blob))
            partial.replace(target)  # a run killed mid-write leaves no half file

    def _rebuild(self, job: Job) -> Optional[Record]:
        from spacy.tokens import DocBin

        from onrecord.nlp.parse import ParsedArticle

        blob = pickle.loads((self.folder / f"{_key(job)}.pkl").read_bytes())
        article, published = blob["article"], blob["published"]
        if job.published and parse_published(job.published):
            article.published = published = parse_published(job.published)
        docs = list(DocBin().from_bytes(blob["docs"]).get_docs(self.extractor.nlp.vocab))
        doc, title_doc = docs[0], (docs[1] if len(docs) > 1 else None)
        found = {id(doc): blob["body"]}
        if title_doc is not None:
            found[id(title_doc)] = blob["title"]

        def finder(d) -> list[RawAttribution]:
            return [RawAttribution(list(a.content_spans), a.cue, a.source, a.kind, a.confidence, a.origin,
                                   dict(a.extra)) for a in found.get(id(d), [])]

        statements = importlib.import_module("onrecord.extract.attribution.statements")
        parsed = ParsedArticle(article, doc, title_doc)
        original = statements._find
        statements._find = finder
        try:
            return build_record(parsed, published, job.source_path)
        finally:
            statements._find = original


def text_jobs(paths: Iterable[Path], kind: str = "body", dates: Optional[dict[str, str]] = None) -> list[Job]:
    """One job per text file (``dates``: publication date by file stem, if known)."""
    return [Job(Path(p).read_text(encoding="utf-8"), str(p), kind, None, (dates or {}).get(Path(p).stem))
            for p in paths]


def fill_ledger(ledger, jobs: list[Job], cache: RecordCache) -> list[Optional[Record]]:
    """Write the records of ``jobs`` into ``ledger`` one by one (as ``ingest``
    does), returning them in order."""
    records = cache.records(jobs)
    for job, record in zip(jobs, records):
        if record is not None:
            ledger.add(record, source=job.source_path)
    return records


if __name__ == "__main__":  # python -m bench.record_cache DB CACHE KIND FILES...: a ledger from cached parses
    import sys

    from onrecord.ledger import Ledger

    db, folder, kind, *files = sys.argv[1:]
    Path(db).unlink(missing_ok=True)
    with Ledger(db) as target:
        fill_ledger(target, text_jobs([Path(f) for f in files], kind), RecordCache(Path(folder)))
