"""Who said what: attributions (source, cue, content) found and made into statements.

``finder.py`` finds the attributions of a parsed article: the rules
(``rules.py``, ``direct.py`` for quotes, ``reported.py`` for reported speech,
``colon.py``, with the cue lexicon of ``cues.py``) and the trained tagger
(``tagger.py``, the CRF over ``features.py``, blended in ``blend.py`` with the
fine-tuned encoder of ``encoder.py`` and ``minilm.py``).  ``statements.py``
turns them into ``Statement`` records: each source resolved to a speaker
(``resolve.py``, over the article's entities from ``onrecord/extract/entities.py``),
with its sentence, date and occasion (``venue.py``).
"""
