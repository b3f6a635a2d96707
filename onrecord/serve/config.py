"""What one server was started with: the ledger, the write token, the limits."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from onrecord.errors import OnrecordError
from onrecord.read.sources import MAX_INPUT_BYTES

TOKEN_ENV = "ONRECORD_TOKEN"
#: A token shorter than this is refused: it could be guessed over the network.
MIN_TOKEN_CHARS = 16


@dataclass(frozen=True)
class ServeConfig:
    """Settings of one app; ``token`` is ``None`` for a read-only server."""

    db_path: str
    token: Optional[str] = None
    max_body_bytes: int = MAX_INPUT_BYTES
    fetch_timeout: float = 15.0
    allow_private: bool = False
    # Signs CSRF and session cookies; new on every start, so a restart signs everyone out.
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @property
    def writable(self) -> bool:
        return self.token is not None


def load_token(token_file: Optional[str] = None, environ: Optional[dict[str, str]] = None) -> Optional[str]:
    """The write token from ``token_file`` (first line) or ``$ONRECORD_TOKEN``;
    ``None`` when neither is set (the server is then read-only)."""
    environ = os.environ if environ is None else environ
    token: Optional[str] = None
    if token_file:
        path = Path(token_file)
        try:
            token = path.read_text(encoding="utf-8").strip().splitlines()[0].strip() if path.stat().st_size else ""
        except OSError as exc:
            raise OnrecordError(f"{token_file}: cannot read the token file ({exc.strerror})") from exc
        if not token:
            raise OnrecordError(f"{token_file}: the token file is empty")
    elif environ.get(TOKEN_ENV):
        token = environ[TOKEN_ENV].strip()
    return check_token(token) if token is not None else None


def check_token(token: str) -> str:
    if len(token) < MIN_TOKEN_CHARS:
        raise OnrecordError(f"the write token must be at least {MIN_TOKEN_CHARS} characters "
                            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe())'`)")
    return token
