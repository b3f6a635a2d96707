"""The NLP stage: one spaCy pipeline per process, loaded once."""

from onrecord.nlp.model import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]
