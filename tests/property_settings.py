"""Hypothesis settings shared by the property tests.

The suite runs a few hundred examples per property so CI stays in minutes;
``ONRECORD_PROPERTY_SCALE=10`` (an integer) multiplies every count for a
longer bug hunt by hand, with the same tests.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SCALE = max(1, int(os.environ.get("ONRECORD_PROPERTY_SCALE", "1")))


def bounded(examples: int) -> settings:
    """``examples`` (times the scale) examples, no per-example deadline (a
    loaded machine must not turn a slow example into a failure)."""
    return settings(max_examples=examples * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])
