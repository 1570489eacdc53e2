"""Time limits for Sage/Singular computations.

An alarm cannot safely stop Singular: interrupting an interpreted Singular procedure (e.g.
``standard.lib::groebner``) leaves its state behind, and the next Singular call in the same
process fails or crashes.  So a computation with a time limit runs in a forked child (cheap:
copy-on-write after Sage is loaded); the result comes back pickled, and on timeout the child
is killed, leaving the caller's Singular untouched.

EXAMPLES::

    >>> from lcnalg.procs import call_with_time_limit
    >>> call_with_time_limit(lambda: 6 * 7, 10, "a product")
    42
    >>> import time
    >>> call_with_time_limit(lambda: time.sleep(5), 0.2, "a nap")
    Traceback (most recent call last):
    ...
    lcnalg.errors.EngineTimeout: a nap timed out after 0.2 s
"""
from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
from typing import Callable, TypeVar

from lcnalg.errors import EngineError, EngineTimeout

T = TypeVar("T")


def call_with_time_limit(fn: Callable[[], T], seconds: float | None, what: str) -> T:
    """``fn()``, or :class:`EngineTimeout` naming ``what`` after ``seconds``.

    Without a limit ``fn`` runs in this process.  With one it runs in a forked child; an
    exception raised by ``fn`` is re-raised here, a crash of the child becomes
    :class:`EngineError`."""
    if not seconds:
        return fn()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: compute, send, leave without running any cleanup of the parent's
        os.close(read_end)
        try:
            try:
                payload = (True, fn())
            except BaseException as e:  # noqa: BLE001 - sent back to the parent
                payload = (False, e)
            try:
                data = pickle.dumps(payload)
            except Exception as e:  # noqa: BLE001
                data = pickle.dumps((False, EngineError(f"{what}: result not picklable: {e}")))
            with os.fdopen(write_end, "wb") as f:
                f.write(data)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + seconds
    try:
        with os.fdopen(read_end, "rb") as f:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise EngineTimeout(what, seconds)
                ready, _, _ = select.select([f], [], [], left)
                if ready:
                    chunk = os.read(f.fileno(), 1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
    except BaseException:
        _kill(pid)
        raise
    _, status = os.waitpid(pid, 0)
    if not chunks:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
        raise EngineError(f"{what} crashed ({how})")
    ok, value = pickle.loads(b"".join(chunks))
    if ok:
        return value
    raise value


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str):
    """Alarm-based limit for pure-Python blocks that call no Singular procedure.

    Prefer :func:`call_with_time_limit` for anything that runs Singular."""
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
