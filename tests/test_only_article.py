"""``--only article`` / ``only="article"``: the article stage alone (trafilatura's
job), without the parse: spaCy and the encoder are never imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import onrecord
from onrecord.pipeline import Extractor, Job

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "onrecord" / "samples"


def _heavy_modules_after(code: str, stdin: str = "") -> list[str]:
    probe = code + "\nimport sys\nprint(repr(sorted(m for m in sys.modules if m.split('.')[0] in " \
                   "('spacy', 'thinc', 'onnxruntime', 'torch') or m.startswith(('onrecord.nlp.', 'onrecord.extract.')))))"
    out = subprocess.run([sys.executable, "-c", probe], input=stdin, capture_output=True, text=True,
                         cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    return eval(out.stdout.strip().splitlines()[-1])


def test_the_cli_gives_the_article_without_loading_the_parser_or_the_encoder():
    html = (SAMPLES / "harbour_flood_wall.html").read_text(encoding="utf-8")
    code = ("import io, sys, contextlib\n"
            "from onrecord.cli import main\n"
            "buffer = io.StringIO()\n"
            "with contextlib.redirect_stdout(buffer):\n"
            "    try:\n"
            "        main(['extract', '--only', 'article', '-'])\n"
            "    except SystemExit as exc:\n"
            "        assert not exc.code, exc.code\n"
            "record = __import__('json').loads(buffer.getvalue())\n"
            "assert record['article']['title'] and record['article']['body'], record\n"
            "assert record['statements'] == [] and record['claims'] == []\n")
    assert _heavy_modules_after(code, html) == []


def test_the_python_api_gives_the_article_without_loading_the_parser_or_the_encoder():
    code = ("import onrecord\n"
            f"rec = onrecord.extract(open({str(SAMPLES / 'putin_ready_to_talk.txt')!r}).read(), only='article')\n"
            "assert rec.article.title and rec.article.body and not rec.statements\n"
            "from onrecord.pipeline import Extractor, Job\n"
            "outs = list(Extractor(only='article', workers=2).run([Job('Body one.\\n\\nMore.', kind='body'),"
            " Job(''), Job('Body two.', kind='body')]))\n"
            "assert [o.error is None for o in outs] == [True, False, True]\n")
    assert _heavy_modules_after(code) == []


def test_the_article_is_the_one_the_full_extraction_gives(seed_text):
    """And ``onrecord.extract`` stays the function once the extract stage's
    modules have been imported (a subpackage import rebinds its parent's attribute)."""
    full = onrecord.extract(seed_text)
    only = onrecord.extract(seed_text, only="article")
    assert json.dumps(only.to_dict()["article"], sort_keys=True) == json.dumps(full.to_dict()["article"], sort_keys=True)
    assert only.statements == [] and only.claims == [] and only.entities == [] and only.dates == []


def test_bad_input_is_still_an_outcome_with_its_error():
    outcomes = list(Extractor(only="article").run([Job(b"\x00\x01binary"), Job("Text.", kind="body")]))
    assert outcomes[0].error is not None and outcomes[1].record is not None


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="only="):
        Extractor(only="statements")


def test_a_body_too_long_to_parse_is_still_recovered_as_an_article():
    """The body limit guards the parse; the article alone has no parse to guard."""
    from onrecord.errors import InputTooLargeError
    from onrecord.pipeline import MAX_BODY_CHARS

    paragraph = "The committee heard evidence from residents about the harbour works for a long time. "
    text = "\n\n".join(paragraph * 40 for _ in range(MAX_BODY_CHARS // (len(paragraph) * 40) + 5))
    record = Extractor(only="article").extract(text, kind="body")
    assert len(record.article.body) > MAX_BODY_CHARS
    with pytest.raises(InputTooLargeError):
        Extractor().extract(text, kind="body")
