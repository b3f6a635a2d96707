"""``onrecord serve`` from the command line: loopback by default, prints the
address, read-only without a token; the token's sources and checks."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from onrecord.errors import OnrecordError
from onrecord.serve.config import load_token

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_prints_its_address_and_answers(tmp_path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("ONRECORD_TOKEN", None)
    process = subprocess.Popen([sys.executable, "-m", "onrecord", "serve", "--db", str(tmp_path / "new.db"),
                                "--port", str(port)], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        assert f"at http://127.0.0.1:{port}/" in line and "read-only" in line and "new, empty ledger" in line
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/search")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["counts"] == {"statements": 0, "claims": 0,
                                                                              "articles": 0}
        assert "Read-only server" in httpx.get(f"http://127.0.0.1:{port}/").text
    finally:
        process.terminate()
        process.wait(10)


def test_token_from_file_or_environment(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("from-the-file-0123456789\n")
    assert load_token(str(token_file), environ={"ONRECORD_TOKEN": "from-the-env-0123456789"}) == "from-the-file-0123456789"
    assert load_token(None, environ={"ONRECORD_TOKEN": "from-the-env-0123456789"}) == "from-the-env-0123456789"
    assert load_token(None, environ={}) is None


@pytest.mark.parametrize("content, words", [("short", "at least 16"), ("", "empty")])
def test_weak_or_empty_tokens_are_refused(tmp_path, content, words):
    token_file = tmp_path / "token"
    token_file.write_text(content)
    with pytest.raises(OnrecordError, match=words):
        load_token(str(token_file), environ={})


def test_demo_says_how_to_serve_its_ledger():
    from onrecord.demo import DEMO_DB, serve_command

    assert serve_command(DEMO_DB) == "onrecord serve --db onrecord-demo.db"
    assert re.fullmatch(r"onrecord serve --db '.* .*'", serve_command("my ledger.db"))
