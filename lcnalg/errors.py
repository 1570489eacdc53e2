"""Exceptions shared by the engines and the command line."""


class LcnalgError(Exception):
    """Base class of lcnalg's own errors."""


class EngineError(LcnalgError):
    """An external or internal engine (Singular, Macaulay2, msolve) failed; the message
    says what ran and what the engine said."""


class EngineNotFound(EngineError):
    """An engine is not installed; the message says how to install it."""


class EngineTimeout(EngineError):
    """A computation exceeded its time limit; the message names it and the limit."""

    def __init__(self, what: str, seconds: float, progress: str = ""):
        super().__init__(f"{what} timed out after {seconds:g} s"
                         + (f" ({progress})" if progress else ""))
        self.what = what
        self.seconds = seconds
        #: what the computation had finished when it was stopped (empty: not known)
        self.progress = progress

    def __reduce__(self):  # picklable: a forked child sends it back to its parent
        return (type(self), (self.what, self.seconds, self.progress))


class Terminated(BaseException):
    """SIGTERM arrived while the command line ran (:func:`lcnalg.procs.sigterm_raises`): like
    ``KeyboardInterrupt``, not an ``Exception``, so only cleanup code catches it."""


class MissingExtra(EngineNotFound):
    """An optional dependency is not installed; the message names the extra that brings it.

    EXAMPLES::

        >>> MissingExtra("matplotlib", "figures", "drawing the figures")
        MissingExtra("drawing the figures needs matplotlib: pip install 'lcnalg[figures]'")
    """

    def __init__(self, package: str, extra: str, feature: str):
        super().__init__(f"{feature} needs {package}: pip install 'lcnalg[{extra}]'")
        self.package, self.extra, self.feature = package, extra, feature

    def __reduce__(self):
        return (type(self), (self.package, self.extra, self.feature))
