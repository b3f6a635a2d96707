"""One Atheris target in this process: ``python -m bench.fuzz.one TARGET [libFuzzer options] CORPUS``.

Only onrecord's own modules are instrumented for coverage (instrumenting
spaCy and lxml would make every input many times slower for no gain: the
promise under test is onrecord's).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["onrecord"]):
    import onrecord.article.text.recover  # noqa: F401
    import onrecord.article.html.recover  # noqa: F401
    import onrecord.read.feeds  # noqa: F401
    import onrecord.read.warc  # noqa: F401
    import onrecord.read.jsonl  # noqa: F401
    import onrecord.read.decode  # noqa: F401
    import onrecord.extract.claims.numbers  # noqa: F401
    import onrecord.extract.dates.find  # noqa: F401
    import onrecord.article.bylines  # noqa: F401
    import onrecord.article.credits  # noqa: F401
    import onrecord.article.timestamps  # noqa: F401

from onrecord.errors import OnrecordError  # noqa: E402
from bench.fuzz.targets import TARGETS  # noqa: E402


def main() -> None:
    name = sys.argv.pop(1)
    target = TARGETS[name]

    def one_input(data: bytes) -> None:
        try:
            target(data)
        except OnrecordError as exc:
            from onrecord.errors import ExtractionError

            if isinstance(exc, ExtractionError):
                raise

    # lazy imports (numerizer loads spaCy on the first number word) would
    # make the first input a 30-second "slow unit": pay them before fuzzing
    for warm in (b"Reply: one thousand, 19 Dec 2023, By Jane Doe, Reuters", b"<p>x</p>"):
        try:
            target(warm)
        except Exception:  # noqa: BLE001 - a warm-up input may be refused
            pass
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
