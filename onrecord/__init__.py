"""onrecord: a searchable, trustworthy record of who said what, when, with
which numbers, recovered from raw news pages.

    >>> import onrecord
    >>> rec = onrecord.extract(page_text, published="2023-12-19")
    >>> rec.article.title, rec.statements[0].speaker.name
"""

from onrecord.errors import (
    BinaryInputError,
    EmptyInputError,
    ExtractionError,
    FetchError,
    InputError,
    InputTooLargeError,
    LedgerError,
    ModelError,
    OnrecordError,
)
from onrecord.pipeline import Extractor, extract
from onrecord.record import (
    Article,
    Claim,
    Comment,
    Content,
    DateMention,
    Entity,
    Image,
    Record,
    Span,
    Speaker,
    Statement,
    When,
)

__version__ = "0.1.0"

__all__ = [
    "Article", "BinaryInputError", "Claim", "Comment", "Content", "DateMention", "EmptyInputError",
    "Entity", "ExtractionError", "Extractor", "FetchError", "Image", "InputError", "InputTooLargeError", "LedgerError",
    "ModelError", "OnrecordError", "Record", "Span", "Speaker", "Statement", "When", "extract",
]
