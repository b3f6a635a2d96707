"""The extract stage: entities, statements, dates and claims from a parsed article."""
