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
# The extract stage's package is imported before the ``extract`` function is
# bound: the pipeline imports its modules lazily (``only="article"`` never
# loads them), and the first import of a subpackage sets it as an attribute of
# its parent, which would replace ``onrecord.extract`` the function.
import onrecord.extract  # noqa: E402,F401  isort: skip
from onrecord.pipeline import Extractor, extract  # noqa: E402  isort: skip
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
