"""Fetching a page by URL, with limits a batch job can live with.

Each request has a time limit and a size limit, redirects are followed by
hand (at most ``max_redirects``, loops detected) so that every hop's address is
checked: private, loopback and link-local addresses are refused unless the
user allows them, which keeps a server that fetches user-given URLs from being
turned against its own network.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit

from onrecord.errors import FetchError, InputTooLargeError

USER_AGENT = "onrecord/0.1 (+https://pypi.org/project/onrecord/)"
_TEXTUAL = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom", "application/json")


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one fetch."""

    timeout: float = 15.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    allow_private: bool = False


@dataclass
class Fetched:
    """What a fetch returns: final URL, body bytes and declared charset."""

    url: str
    data: bytes
    content_type: str
    charset: Optional[str]


def fetch_url(url: str, policy: FetchPolicy = FetchPolicy()) -> Fetched:
    """Fetch ``url`` under ``policy``; raise ``FetchError`` with a plain reason."""
    import httpx

    seen: set[str] = set()
    current = url
    with httpx.Client(timeout=policy.timeout, follow_redirects=False,
                      headers={"User-Agent": USER_AGENT}) as client:
        for _ in range(policy.max_redirects + 1):
            _check_url(current, policy)
            if current in seen:
                raise FetchError(f"{url}: redirect loop at {current}")
            seen.add(current)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{current}: redirect without a Location header")
                        current = urljoin(current, location)
                        continue
                    return _read_response(current, response, policy)
            except httpx.TimeoutException as exc:
                raise FetchError(f"{current}: timed out after {policy.timeout:g}s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from exc
    raise FetchError(f"{url}: more than {policy.max_redirects} redirects")


def _read_response(url: str, response, policy: FetchPolicy) -> Fetched:
    if response.status_code >= 400:
        raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
    content_type = response.headers.get("content-type", "").lower()
    mime = content_type.split(";")[0].strip()
    if mime and not mime.startswith(_TEXTUAL) and not mime.endswith(("+xml", "/xml")):
        raise FetchError(f"{url}: not a web page (content type {mime})")
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise InputTooLargeError(f"{url}: {int(declared):,} bytes is over the {policy.max_bytes:,}-byte limit")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise InputTooLargeError(f"{url}: more than the {policy.max_bytes:,}-byte limit")
        chunks.append(chunk)
    charset = response.charset_encoding
    return Fetched(url=str(response.url), data=b"".join(chunks), content_type=mime, charset=charset)


def _check_url(url: str, policy: FetchPolicy) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: no host in URL")
    if policy.allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise FetchError(f"{url}: cannot resolve host {host!r} ({exc.strerror})") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise FetchError(
                f"{url}: refusing to fetch from non-public address {address} "
                f"(pass --allow-private to permit)"
            )
