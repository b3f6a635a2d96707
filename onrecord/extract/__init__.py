"""The extract stage: what a parsed article says, in three rooms.

- ``attribution/``: who said what (attributions found, speakers resolved,
  ``Statement`` records built);
- ``claims/``: numbers with their unit, hedge, kind, subject, time and source;
- ``dates/``: date expressions resolved against the publication date.

``entities.py`` (the article's people, organisations and groups, merged over
their mentions) sits beside them because statements and claims both use it.
"""
