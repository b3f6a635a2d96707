"""One small error hierarchy, with messages a user can act on.

Every failure a user can cause (bad input, an unreachable URL, a missing
model, a locked database) is raised as an ``OnrecordError`` subclass; the CLI
prints its message on one line and exits non-zero, never a traceback.
"""


class OnrecordError(Exception):
    """Base class: anything onrecord refuses or cannot do, said plainly."""


class InputError(OnrecordError):
    """The input cannot be read as a news page (empty, binary, too large...)."""


class EmptyInputError(InputError):
    """The input has no text at all."""


class BinaryInputError(InputError):
    """The input is binary data, not text or HTML."""


class InputTooLargeError(InputError):
    """The input is larger than the configured limit."""


class FetchError(OnrecordError):
    """A URL could not be fetched (timeout, refused address, HTTP error...)."""


class ExtractionError(OnrecordError):
    """A stage failed on one page for a reason of onrecord's own (a bug):
    reported with the page, so the rest of the batch goes on."""

    @classmethod
    def wrap(cls, stage: str, exc: BaseException) -> "ExtractionError":
        error = cls(f"internal error in the {stage} stage ({type(exc).__name__}: {exc}); please report it")
        error.__cause__ = exc
        return error


class ModelError(OnrecordError):
    """The NLP pipeline named cannot be loaded."""


class LedgerError(OnrecordError):
    """The ledger database cannot be opened or written."""
