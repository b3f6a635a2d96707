"""What the Spark job reads: the list of input files, and the pages in one file.

The driver only *lists* inputs (paths, folders, manifests of paths); the
executors read them, one input file per task, so a manifest of many WARC files
spreads over the cluster.  Nothing here imports Spark: listing a remote folder
goes through a ``list_remote`` callable the job passes in (Hadoop's
FileSystem, through the JVM), and reading takes either a local path or the
bytes Hadoop handed over.

A local file is read by exactly the code ``onrecord ingest`` uses
(``read.expand``), so the two front ends see the same pages, with the same
source names and the same reasons for what they skip.
"""

from __future__ import annotations

import gzip
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from onrecord.errors import InputError
from onrecord.pipeline import Job
from onrecord.read.expand import SUFFIXES, Item, Skipped

#: Names read as manifests (one input path a line), as Common Crawl ships them.
MANIFEST_SUFFIXES = (".paths", ".paths.gz", ".manifest", ".manifest.gz")

ListRemote = Callable[[str], list[str]]      # folder URI -> file URIs under it


@dataclass(frozen=True)
class InputFile:
    """One file the job reads, and its place in the job's order."""

    index: int          # position in the job's input listing (the order a direct ingest reads them)
    path: str           # local path, or a URI (hdfs:, s3a:, ...) read through Hadoop


def is_local(path: str) -> bool:
    """Whether ``path`` names a file on this machine (no scheme, or ``file:``)."""
    return "://" not in path and not path.startswith(("hdfs:", "s3a:", "s3:", "gs:", "abfs:", "wasb:")) \
        or path.startswith("file:")


def local_path(path: str) -> str:
    """``file:/x``, ``file:///x`` or ``x`` as the absolute local path ``/x``."""
    if path.startswith("file://"):
        path = path[len("file://"):]
    elif path.startswith("file:"):
        path = path[len("file:"):]
    return os.path.abspath(path)


def is_manifest(path: str) -> bool:
    return path.lower().endswith(MANIFEST_SUFFIXES)


def manifest_paths(text: str, base: Optional[str] = None) -> list[str]:
    """The paths a manifest lists (blank lines and ``#`` comments left out);
    relative ones are joined to ``base`` (cc-pyspark's ``--input_base_url``)."""
    paths = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if base and not _absolute(line):
            line = base.rstrip("/") + "/" + line.lstrip("/")
        paths.append(line)
    return paths


def _absolute(path: str) -> bool:
    return path.startswith("/") or ":" in path.split("/", 1)[0]


def list_inputs(specs: Iterable[str], *, read_text: Callable[[str], str], list_remote: ListRemote,
                base: Optional[str] = None) -> tuple[list[InputFile], list[Skipped]]:
    """Every input file, in order, and the specs that name nothing readable.
    Folders are walked (the file kinds ``onrecord ingest`` picks up, sorted);
    manifests are expanded, once (a manifest listing a manifest is read too)."""
    files: list[str] = []
    missing: list[Skipped] = []
    for spec in specs:
        _expand_spec(spec, files, missing, read_text, list_remote, base, depth=0)
    return [InputFile(i, p) for i, p in enumerate(files)], missing


def _expand_spec(spec: str, files: list[str], missing: list[Skipped], read_text, list_remote, base,
                 depth: int) -> None:
    if is_manifest(spec) and depth < 2:
        try:
            listed = manifest_paths(read_text(spec), base)
        except (OSError, InputError) as exc:
            missing.append(Skipped(spec, f"cannot read the manifest ({exc})"))
            return
        for path in listed:
            _expand_spec(path, files, missing, read_text, list_remote, base, depth + 1)
        return
    if not is_local(spec):
        try:
            listed = list_remote(spec)
        except Exception as exc:  # Hadoop raises its own (Java) errors: name the input, go on
            missing.append(Skipped(spec, f"cannot list ({type(exc).__name__}: {str(exc).splitlines()[0][:300]})"))
            return
        if not listed:
            missing.append(Skipped(spec, "no such file or folder"))
        files.extend(listed)
        return
    path = Path(local_path(spec))
    if path.is_file():
        files.append(str(path))
    elif path.is_dir():
        files.extend(str(p) for p in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                                            and p.name.lower().endswith(SUFFIXES)))
    else:
        missing.append(Skipped(spec, "no such file, folder or URL"))


def read_local(path: str, kind: str = "auto") -> Iterator[Item]:
    """The pages of a local file, read as ``onrecord ingest`` reads them
    (feeds without fetching the pages they link to)."""
    from onrecord.read.expand import expand

    yield from expand([path], kind=kind, fetch_links=False)


def read_bytes(name: str, data: bytes, kind: str = "auto") -> Iterator[Item]:
    """The pages of one file whose bytes Hadoop read (``sc.binaryFiles``):
    WARC, JSON Lines or a single page, told apart as for a local file."""
    from onrecord.read.jsonl import is_jsonl, read_jsonl_lines
    from onrecord.read.warc import is_warc, read_warc_stream

    try:
        if is_warc(name, data[:8]):
            yield from read_warc_stream(io.BytesIO(data), name)
        elif is_jsonl(name):
            raw = gzip.GzipFile(fileobj=io.BytesIO(data)) if name.lower().endswith(".gz") else io.BytesIO(data)
            yield from read_jsonl_lines(io.TextIOWrapper(raw, encoding="utf-8", errors="replace"), name)
        else:
            yield from _page(name, data, kind)
    except InputError as exc:
        message = str(exc)
        yield Skipped(name, message[len(name) + 2:] if message.startswith(name + ": ") else message)


def _page(name: str, data: bytes, kind: str) -> Iterator[Item]:
    from onrecord.errors import InputTooLargeError
    from onrecord.read.decode import decode_bytes
    from onrecord.read.sniff import sniff_kind
    from onrecord.read.sources import MAX_INPUT_BYTES, maybe_gunzip

    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"larger than the {MAX_INPUT_BYTES:,}-byte input limit")
    text = decode_bytes(maybe_gunzip(data, name))
    if kind in ("auto", "html") and sniff_kind(text) == "feed":
        from onrecord.read.feeds import read_feed

        yield from read_feed(data, name, fetch=None)
        return
    yield Job(text, name, kind, None)

