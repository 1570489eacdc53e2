"""What a computation is asked with, decided once by the command line or the caller and
passed down: the engine (``backend``, a registered name or None for the default), the time
limit of one section (``timeout``, seconds), the deadline of the whole command
(``deadline``, a :func:`time.monotonic` instant), the seed and the optional checks.

EXAMPLES::

    >>> r = Request(timeout=30, seed=2)
    >>> r.limit(), r.seed
    (30, 2)
    >>> Request(timeout=30, deadline=Request.deadline_in(5)).limit() <= 5
    True
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

__all__ = ["Request"]


@dataclass(frozen=True)
class Request:
    """One request (see the module docstring); ``None`` means no limit / the default."""

    backend: str | None = None
    timeout: float | None = None
    seed: int = 0
    check: str | None = None
    deadline: float | None = None

    @staticmethod
    def deadline_in(seconds: float | None) -> float | None:
        """The deadline ``seconds`` from now (None: none)."""
        return None if seconds is None else time.monotonic() + seconds

    def time_left(self) -> float | None:
        """Seconds until the deadline (None: no deadline; at least a millisecond)."""
        return None if self.deadline is None else max(self.deadline - time.monotonic(), 1e-3)

    def limit(self) -> float | None:
        """Seconds a computation started now may take: the section limit, cut at the
        deadline (None: no limit)."""
        if self.deadline is None:
            return self.timeout
        rest = self.deadline - time.monotonic()
        return rest if self.timeout is None else min(self.timeout, rest)

    def replace(self, **changes) -> "Request":
        """A copy with ``changes`` (e.g. ``timeout=`` for an inner step)."""
        return dataclasses.replace(self, **changes)
