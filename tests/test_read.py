"""The read stage: decoding, gzip, bad input and URL fetching with limits."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from pathlib import Path

import pytest

from onrecord.errors import (
    BinaryInputError,
    EmptyInputError,
    FetchError,
    InputError,
    InputTooLargeError,
)
from onrecord.read import FetchPolicy, decode_bytes, fetch_url, read_input, sniff_kind


def test_decodes_utf8_and_bom() -> None:
    assert decode_bytes("Gdańsk “quoted”".encode()) == "Gdańsk “quoted”"
    assert decode_bytes(b"\xef\xbb\xbfhello") == "hello"


def test_declared_charset_is_used_when_it_fits() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body>caf\xe9 “x”</body></html>'
    assert "café “x”" in decode_bytes(page.encode("windows-1252"))


def test_wrong_declared_charset_falls_back() -> None:
    page = '<html><head><meta charset="ascii"></head><body>Zürich</body></html>'
    assert "Zürich" in decode_bytes(page.encode("utf-8"))


def test_invalid_utf8_is_decoded_not_crashed() -> None:
    data = "Le président a déclaré".encode("latin-1") + b"\xff\xfe\xfa" * 3
    assert "pr" in decode_bytes(data)


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode_bytes(data)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n" + bytes(100), bytes(range(256)) * 20, b"\x00\x00"])
def test_binary_input_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryInputError):
        decode_bytes(data)


def test_read_gzip_file_transparently(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<html><body><p>Hi</p></body></html>"))
    assert "<p>Hi</p>" in read_input(str(path)).text


def test_corrupt_gzip_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.gz"
    path.write_bytes(gzip.compress(b"x" * 1000)[:20])
    with pytest.raises(InputError, match="gzip"):
        read_input(str(path))


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    path.write_bytes(gzip.compress(b"a" * 3_000_000))
    with pytest.raises(InputTooLargeError):
        read_input(str(path), max_bytes=1_000_000)


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300_000)
    with pytest.raises(InputTooLargeError, match="limit"):
        read_input(str(path), max_bytes=1_000_000)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_input(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="directory"):
        read_input(str(tmp_path))


@pytest.mark.parametrize(
    "text,kind",
    [
        ("<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("<div><p>one</p></div>", "html"),
        ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
        ("Home\n\nHeadline\n\nA paragraph of text.", "text"),
        ("He said 3 < 4 and 5 > 2.", "text"),
    ],
)
def test_sniff_kind(text: str, kind: str) -> None:
    assert sniff_kind(text) == kind


# --- URL fetching against a server on loopback -------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/page":
            body = b"<html><body><p>Hello there.</p></body></html>"
            self._send(200, "text/html; charset=utf-8", body)
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop2")
            self.end_headers()
        elif self.path == "/loop2":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, "text/html", b"<p>late</p>")
        elif self.path == "/image":
            self._send(200, "image/png", b"\x89PNG....")
        elif self.path == "/huge":
            self._send(200, "text/html", b"a" * 200_000)
        else:
            self._send(404, "text/html", b"not found")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


ALLOW = FetchPolicy(timeout=1.0, allow_private=True, max_bytes=100_000)


def test_fetch_page(server: str) -> None:
    raw = read_input(f"{server}/page", policy=ALLOW)
    assert "Hello there." in raw.text
    assert raw.url.endswith("/page")


def test_loopback_refused_by_default(server: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        fetch_url(f"{server}/page")


@pytest.mark.parametrize(
    "path,message",
    [("/missing", "HTTP 404"), ("/loop", "redirect"), ("/slow", "timed out"), ("/image", "not a web page")],
)
def test_fetch_failures_are_one_line_errors(server: str, path: str, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=message) as info:
        fetch_url(server + path, ALLOW)
    assert "\n" not in str(info.value)
    assert time.monotonic() - started < 5


def test_fetch_size_limit(server: str) -> None:
    with pytest.raises(InputTooLargeError):
        fetch_url(f"{server}/huge", ALLOW)


def test_non_http_scheme_refused() -> None:
    with pytest.raises(FetchError, match="http"):
        fetch_url("ftp://example.org/x")
