"""The ``onrecord`` CLI contract: formats, batches, and one-line errors."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import main

BODY = "The minister said on Monday that the plan would cost $3 billion.\n\nShe added that it was fair."


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_extract_body_from_stdin_keeps_offsets(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "--as", "body", "-"], input=BODY)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["article"]["body"] == BODY
    for statement in record["statements"]:
        content = statement["content"]
        assert BODY[content["start"]:content["end"]] == content["text"]


def test_jsonl_streams_one_record_per_input(runner: CliRunner, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(BODY, encoding="utf-8")
    second = tmp_path / "b.txt.gz"
    second.write_bytes(gzip.compress(b"Another story.\n\nWith a second paragraph."))
    result = runner.invoke(main, ["extract", "--as", "body", "--format", "jsonl", str(first), str(second)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source_path"] for r in lines] == [str(first), str(second)]
    assert lines[1]["article"]["body"].startswith("Another story.")


def test_markdown_format(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "--as", "body", "--format", "md", "-"], input=BODY)
    assert result.exit_code == 0
    assert "The minister said on Monday" in result.stdout


def test_bad_input_in_a_batch_is_reported_and_skipped(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(BODY, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "pic.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    result = runner.invoke(main, ["extract", "--format", "jsonl", str(empty), str(good), str(binary)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source_path"] for r in records] == [str(good)]
    assert "empty" in result.stderr and "binary" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_needs_one_input(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "--format", "json", "a", "b"])
    assert result.exit_code != 0


@pytest.mark.parametrize(
    "args,stdin,needle",
    [
        (["extract", "/no/such/file.html"], None, "no such file"),
        (["extract", "-"], "", "empty"),
        (["extract", "--published", "not a date at all", "--as", "body", "-"], BODY, "date"),
        (["extract", "http://127.0.0.1:9/x"], None, "non-public address"),
    ],
)
def test_errors_are_one_line_without_traceback(args: list[str], stdin: str | None, needle: str) -> None:
    """Run the real console entry point so exit codes and stderr are what a user sees."""
    proc = subprocess.run([sys.executable, "-m", "onrecord", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert needle in proc.stderr.lower()
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("module", ["onrecord", "onrecord.cli"])
def test_every_way_of_running_the_cli_lists_the_ledger_commands(module: str) -> None:
    """``python -m onrecord.cli`` once ran ``main`` before the ledger commands were registered."""
    proc = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for command in ("extract", "ingest", "who-said", "timeline", "numbers", "watch"):
        assert f"  {command} " in proc.stdout


def test_claim_values_print_as_a_reader_writes_them():
    """The demo and `--format md` print 3,200,000,000, never 3.2e+09."""
    from onrecord.render import format_number

    assert format_number(3.2e9) == "3,200,000,000"
    assert format_number(4.5) == "4.5"
    assert format_number(6.0) == "6"
    assert format_number(None) == "?"
