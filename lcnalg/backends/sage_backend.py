"""Vanishing ideal of the neurovariety by Singular elimination, through Sage (certified)."""
from __future__ import annotations

from ..architecture import Architecture
from ..parameterization import parameterization_map
from ..polynomials import primitive
from ..timeout import time_limit

CERTIFIED = True


def vanishing_ideal(arch: Architecture, timeout: float | None = None) -> list:
    """Generators of ``I(V_{k,s})``: the kernel of ``mu^*`` (Singular ``preimage``).

    EXAMPLES::

        >>> from lcnalg.architecture import Architecture
        >>> vanishing_ideal(Architecture((2, 2), (2, 1)))
        [c1*c2 - c0*c3]
    """
    if arch.thick:
        return []
    phi = parameterization_map(arch)
    with time_limit(timeout, f"Sage/Singular elimination for {arch}"):
        gens = phi.kernel().gens()
    return [primitive(g) for g in gens]
