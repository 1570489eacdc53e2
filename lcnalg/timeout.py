"""Time limits for in-process Sage/Singular computations (cysignals alarms)."""
from __future__ import annotations

import contextlib

from .errors import EngineTimeout


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str):
    """Raise :class:`EngineTimeout` naming ``what`` if the block runs longer than ``seconds``.

    Singular computations inside Sage are interruptible, so the alarm stops them."""
    if not seconds:
        yield
        return
    from cysignals.alarm import AlarmInterrupt, alarm, cancel_alarm
    alarm(float(seconds))
    try:
        yield
    except AlarmInterrupt:
        raise EngineTimeout(what, seconds) from None
    finally:
        cancel_alarm()
