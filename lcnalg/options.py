"""Checks of the numeric options of the command line and of ``run_tables``, made once before
any computation: finite, within range, the option named in the message.

EXAMPLES::

    >>> seconds("--timeout", 2.5)
    2.5
    >>> seconds("--timeout", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: --timeout must be a number of seconds in (0, 1e+06], got nan
    >>> integer("--seed", -5, 0, MAX_SEED)
    Traceback (most recent call last):
    ...
    ValueError: --seed must be an integer in [0, 4294967295], got -5
"""
from __future__ import annotations

import math
import os

#: the largest time limit (seconds, about 11.6 days): far beyond any run, far below the
#: values at which ``select`` and alarms overflow
MAX_SECONDS = 1e6
#: seeds go to numpy's generators, which take 32-bit seeds
MAX_SEED = 2**32 - 1
#: parallel workers: more than this only thrashes (each worker holds a copy of Sage)
MAX_JOBS = max(64, 4 * (os.cpu_count() or 1))


def seconds(name: str, value):
    """``value`` (None passes) if it is a finite number of seconds in ``(0, MAX_SECONDS]``,
    else ValueError naming ``name``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number of seconds, got {value!r}")
    if not (math.isfinite(value) and 0 < value <= MAX_SECONDS):
        raise ValueError(f"{name} must be a number of seconds in (0, {MAX_SECONDS:g}], got {value:g}")
    return float(value)


def integer(name: str, value, low: int, high: int) -> int:
    """``value`` if it is an integer in ``[low, high]``, else ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value!r}")
    return value
