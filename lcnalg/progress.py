"""Progress of a long command on stderr: the computation running and its elapsed time.

On a terminal a spinner line is redrawn in place; otherwise (a log, a pipe, a test) plain
lines: one when a computation starts, one when it ends, and one every ``heartbeat`` seconds
while it runs.

EXAMPLES::

    >>> import io
    >>> out = io.StringIO()
    >>> p = Progress(out, heartbeat=10)
    >>> p.event("start", "vanishing ideal", 0.0)
    >>> p.event("tick", "vanishing ideal", 12.0)
    >>> p.event("done", "vanishing ideal", 12.5)
    >>> print(out.getvalue(), end="")
    lcnalg: vanishing ideal ...
    lcnalg: vanishing ideal: still running (12 s)
    lcnalg: vanishing ideal: done (12.5 s)
"""
from __future__ import annotations

FRAMES = "|/-\\"


class Progress:
    """Reports ``start``/``tick``/``done`` events of named computations on ``stream``."""

    def __init__(self, stream, enabled: bool = True, heartbeat: float = 30.0):
        self.stream, self.enabled, self.heartbeat = stream, enabled, heartbeat
        try:
            self.tty = bool(stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        #: seconds between ticks the caller should send
        self.tick = 0.1 if self.tty else 1.0
        self._frame, self._beat, self._drawn = 0, 0.0, False

    def _write(self, text: str) -> None:
        if self.enabled:
            self.stream.write(text)
            self.stream.flush()

    def clear(self) -> None:
        """Erase the spinner line (before something else is printed)."""
        if self._drawn:
            self._write("\r\033[K")
            self._drawn = False

    def note(self, text: str) -> None:
        self.clear()
        self._write(f"lcnalg: {text}\n")

    def event(self, event: str, title: str, seconds: float) -> None:
        if event == "start":
            self._beat = 0.0
            if self.tty:
                self._spin(title, 0.0)
            else:
                self._write(f"lcnalg: {title} ...\n")
        elif event == "tick":
            if self.tty:
                self._spin(title, seconds)
            elif seconds - self._beat >= self.heartbeat:
                self._beat = seconds
                self._write(f"lcnalg: {title}: still running ({seconds:.0f} s)\n")
        elif event == "done":
            self.note(f"{title}: done ({seconds:.1f} s)")

    def _spin(self, title: str, seconds: float) -> None:
        self._frame = (self._frame + 1) % len(FRAMES)
        self._write(f"\r\033[K{FRAMES[self._frame]} {title} ({seconds:.1f} s)")
        self._drawn = True

    def close(self) -> None:
        self.clear()
