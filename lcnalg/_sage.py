"""Initialise Sage once, in a modular passagemath install or a full SageMath.

A modular install has no ``sage.all``; importing a deep module first fails on a
circular import.  Everything in lcnalg that needs Sage calls :func:`init` first.
"""
_done = False


def init() -> None:
    global _done
    if _done:
        return
    try:
        import sage.all__sagemath_singular  # noqa: F401  (modular passagemath)
    except ImportError:
        import sage.all  # noqa: F401  (full SageMath)
    _done = True
