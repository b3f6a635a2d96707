"""Hand-built records and a stand-in extractor for the ledger tests.

The statement and claim extractors are still being written, so the ledger is
tested on records built by hand with ``Record.from_dict``: the ledger's
behaviour, not the NLP's, is what these tests pin down.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional

from onrecord.pipeline import Job, Outcome
from onrecord.errors import InputError
from onrecord.record import Record


def person(local_id: str, name: str, *, roles: Optional[list[str]] = None, aliases: Optional[list[str]] = None,
           type_: str = "PERSON") -> dict[str, Any]:
    return {"id": local_id, "name": name, "type": type_, "roles": roles or [], "aliases": aliases or [],
            "mentions": [{"text": name, "start": 0, "end": len(name)}]}


def statement(local_id: str, speaker: str, entity_id: Optional[str], content: str, *, cue: str = "said",
              kind: str = "indirect", when: Optional[str] = None, role: Optional[str] = None) -> dict[str, Any]:
    return {"id": local_id, "speaker": {"name": speaker, "type": "person", "entity_id": entity_id, "role": role},
            "cue": {"text": cue, "start": 0, "end": len(cue)}, "kind": kind,
            "content": {"text": content, "start": 0, "end": len(content)},
            "when": {"text": when, "date": when}}


def claim(local_id: str, text: str, value: float, subject: str, *, unit: Optional[str] = None,
          kind: str = "count", source: Optional[str] = None, entity_id: Optional[str] = None) -> dict[str, Any]:
    return {"id": local_id, "text": text, "start": 0, "end": len(text), "value": value, "unit": unit, "kind": kind,
            "subject": subject, "source": {"name": source, "entity_id": entity_id, "type": "person"} if source else None}


def make_record(body: str, *, url: Optional[str] = None, outlet: Optional[str] = None,
                published: Optional[str] = None, not_before: Optional[str] = None, title: Optional[str] = None,
                entities: Iterable[dict] = (), statements: Iterable[dict] = (),
                claims: Iterable[dict] = ()) -> Record:
    return Record.from_dict({
        "article": {"body": body, "paragraphs": body.split("\n\n"), "url": url, "outlet": outlet,
                    "published": published, "published_not_before": not_before, "title": title},
        "entities": list(entities), "statements": list(statements), "claims": list(claims)})


def words(seed: int, count: int = 60) -> str:
    """Deterministic filler text that differs completely between seeds."""
    import random

    rng = random.Random(seed)
    vocabulary = [f"{a}{b}" for a in ("ka", "lo", "mi", "su", "te", "ra", "no", "vi") for b in
                  ("ber", "dan", "fol", "gir", "hut", "jex", "kol", "lum", "mar", "nop")]
    return " ".join(rng.choice(vocabulary) for _ in range(count)) + "."


class FakeExtractor:
    """Stands in for ``Extractor``: returns the record registered for a raw text."""

    def __init__(self, records: dict[str, Record]) -> None:
        self.records = records

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        for job in jobs:
            record = self.records.get(job.raw)
            if record is None:
                yield Outcome(job, error=InputError("input is empty"))
            else:
                yield Outcome(job, record=record)
