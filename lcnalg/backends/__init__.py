"""Computation engines, one module per backend (e.g. ``sage_backend``: Singular through Sage; ``m2``: Macaulay2 subprocess bridge)."""
