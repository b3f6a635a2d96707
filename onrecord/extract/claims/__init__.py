"""Claims with numbers: value, unit, hedge, kind, subject, time and source.

``numbers.py`` reads the quantities in the body, ``units.py`` and
``hedges.py`` hold the unit and hedge vocabularies, and ``find.py`` places
each number in the parse and builds the ``Claim`` (``find_claims``).
"""

from onrecord.extract.claims.find import find_claims

__all__ = ["find_claims"]
