"""Who may write, forms that cannot be forged, links that cannot run script.

* Writing needs the server's token: the API takes it as ``Authorization:
  Bearer <token>`` (or ``X-Onrecord-Token``); a browser signs in once with
  it and gets a session cookie (an HMAC of the token, ``HttpOnly``,
  ``SameSite=Strict``).  Every comparison is constant-time
  (``hmac.compare_digest``).  No token configured: nothing can write.
* Forms carry a signed double-submit CSRF token: a random nonce and its HMAC,
  both in a cookie and in a hidden field, which must agree.
* ``safe_href`` lets only ``http(s)`` URLs (and the app's own paths) become
  links: ``javascript:``, ``data:`` and the rest are shown as text.
* ``SecurityHeaders`` adds a strict Content-Security-Policy (no inline
  script, nothing from another host) and its companions to every response.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Optional
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from onrecord.serve.config import ServeConfig

SESSION_COOKIE = "onrecord_session"
CSRF_COOKIE = "onrecord_csrf"
CSRF_FIELD = "csrf"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def _sign(config: ServeConfig, message: str) -> str:
    return hmac.new(config.secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def _same(a: Optional[str], b: Optional[str]) -> bool:
    if a is None or b is None:
        return False
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


# -- the token --------------------------------------------------------------------------------
def token_matches(config: ServeConfig, given: Optional[str]) -> bool:
    return config.token is not None and _same(given, config.token)


def read_only_error() -> HTTPException:
    return HTTPException(403, "this server is read-only: it was started without a write token "
                              "(set ONRECORD_TOKEN or pass --token-file to `onrecord serve`)")


def require_api_token(request: Request) -> None:
    """Dependency of every API write: 401 without a token, 403 with a wrong one."""
    config: ServeConfig = request.app.state.config
    if not config.writable:
        raise read_only_error()
    given = request.headers.get("x-onrecord-token")
    auth = request.headers.get("authorization", "")
    if given is None and auth[:7].lower() == "bearer ":
        given = auth[7:].strip()
    if not given:
        raise HTTPException(401, "writing needs the server's token: send `Authorization: Bearer <token>`",
                            headers={"WWW-Authenticate": "Bearer"})
    if not token_matches(config, given):
        raise HTTPException(403, "the token sent does not match the server's token")


# -- browser sessions ---------------------------------------------------------------------------
def session_value(config: ServeConfig) -> str:
    assert config.token is not None
    return _sign(config, "session:" + config.token)


def signed_in(request: Request) -> bool:
    config: ServeConfig = request.app.state.config
    return config.writable and _same(request.cookies.get(SESSION_COOKIE), session_value(config))


def new_csrf(config: ServeConfig) -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(config, 'csrf:' + nonce)}"


def csrf_valid(config: ServeConfig, value: Optional[str]) -> bool:
    if not value or "." not in value:
        return False
    nonce, signature = value.rsplit(".", 1)
    return _same(signature, _sign(config, "csrf:" + nonce))


def csrf_for(request: Request) -> tuple[str, bool]:
    """The CSRF token to put in this page's forms, and whether it is new
    (then the response must set it as a cookie)."""
    config: ServeConfig = request.app.state.config
    current = request.cookies.get(CSRF_COOKIE)
    if csrf_valid(config, current):
        return current, False  # type: ignore[return-value]
    return new_csrf(config), True


def check_form(request: Request, form_token: Optional[str], *, needs_session: bool = True) -> None:
    """Refuse a form post that is forged (CSRF) or not signed in."""
    config: ServeConfig = request.app.state.config
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (csrf_valid(config, cookie) and _same(cookie, form_token)):
        raise HTTPException(403, "this form has expired or did not come from this site: reload the page and try again")
    if not needs_session:
        return
    if not config.writable:
        raise read_only_error()
    if not signed_in(request):
        raise HTTPException(401, "sign in with the server's token first (Sign in, at the top of the page)")


# -- links ---------------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_href(url: Optional[str]) -> Optional[str]:
    """``url`` if it may become a link (http/https only), else ``None``.
    Control characters and white space are stripped first, as browsers do,
    so ``java\\tscript:`` is caught too."""
    if not url or not isinstance(url, str):
        return None
    cleaned = _CONTROL.sub("", url)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return cleaned
    return None


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, with_headers)
