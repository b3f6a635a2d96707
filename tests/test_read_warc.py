"""WARC files: HTML responses become jobs; a truncated file yields what it can."""

from __future__ import annotations

import gzip
import io

from fastwarc.warc import WarcRecord, WarcRecordType

from onrecord.pipeline import Job
from onrecord.read.expand import Skipped, expand
from onrecord.read.warc import read_warc


def response(uri: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    record = WarcRecord()
    record.init_headers(content_length=len(http), record_type=WarcRecordType.response)
    record.headers["WARC-Target-URI"] = uri
    record.headers["Content-Type"] = "application/http; msgtype=response"
    record.set_bytes_content(http)
    buffer = io.BytesIO()
    record.write(buffer)
    return buffer.getvalue()


def request(uri: str) -> bytes:
    record = WarcRecord()
    payload = f"GET / HTTP/1.1\r\nHost: {uri}\r\n\r\n".encode()
    record.init_headers(content_length=len(payload), record_type=WarcRecordType.request)
    record.headers["WARC-Target-URI"] = uri
    record.set_bytes_content(payload)
    buffer = io.BytesIO()
    record.write(buffer)
    return buffer.getvalue()


def page(n: int) -> bytes:
    return f"<html><head><title>Page {n}</title></head><body><p>{'Story text number %d. ' % n * 40}</p></body></html>".encode()


def archive() -> bytes:
    return (request("https://a.example/1") + response("https://a.example/1", page(1))
            + response("https://a.example/logo.png", b"\x89PNG....", "image/png")
            + response("https://a.example/2", page(2)) + response("https://a.example/3", page(3)))


def test_html_responses_become_jobs(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(archive())
    jobs = list(read_warc(path))
    assert [j.url for j in jobs] == ["https://a.example/1", "https://a.example/2", "https://a.example/3"]
    assert all(isinstance(j, Job) and j.kind == "html" for j in jobs)
    assert "Story text number 2" in jobs[1].raw
    assert jobs[0].source_path == f"{path}#https://a.example/1"


def test_gzipped_warc_per_record(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in (response("https://a.example/1", page(1)),
                                                           response("https://a.example/2", page(2)))))
    assert [j.url for j in read_warc(path)] == ["https://a.example/1", "https://a.example/2"]


def test_truncated_warc_yields_complete_records_and_says_so(tmp_path):
    data = archive()
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 300])
    items = list(read_warc(path))
    assert [i.url for i in items if isinstance(i, Job)] == ["https://a.example/1", "https://a.example/2"]
    assert isinstance(items[-1], Skipped) and "truncated WARC" in items[-1].reason
    assert "2 complete page(s)" in items[-1].reason


def test_truncated_gzip_warc_says_so(tmp_path):
    data = gzip.compress(archive())
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 200])
    items = list(read_warc(path))
    assert isinstance(items[-1], Skipped) and "truncated WARC" in items[-1].reason


def test_expand_finds_warcs_in_folders_and_globs(tmp_path):
    (tmp_path / "a.warc").write_bytes(archive())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.warc").write_bytes(response("https://b.example/", page(9)))
    from_folder = [i.url for i in expand([str(tmp_path)])]
    from_glob = [i.url for i in expand([str(tmp_path / "**" / "*.warc")])]
    assert from_folder == from_glob == ["https://a.example/1", "https://a.example/2", "https://a.example/3",
                                        "https://b.example/"]
