"""Vanishing ideal of the neurovariety by Singular elimination, through Sage (certified).

``mu^*(c_j)`` has degree ``L`` in the parameters, so giving each ``c_j`` weight ``L`` makes the
ring map homogeneous; Singular's elimination is much faster on the homogeneous problem
(e.g. (3,3,3),(1,2,1): minutes -> seconds)."""
from __future__ import annotations

import time

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import coordinate_ring, mu_polynomials, parameter_ring
from lcnalg.implicit.gaps import split_gaps
from lcnalg.implicit.registry import Plan
from lcnalg.implicit.result import IdealResult
from lcnalg.polynomials import primitive
from lcnalg.procs import call_with_time_limit
from lcnalg.request import Request

NAME = "sage"


def vanishing_ideal(arch: Architecture, timeout: float | None = None) -> list:
    """Generators of ``I(V_{k,s})``: the kernel of ``mu^*`` (Singular ``preimage``).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> vanishing_ideal(Architecture((2, 2), (2, 1)))
        [c1*c2 - c0*c3]
    """
    if arch.thick:
        return []
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.polynomial.term_order import TermOrder
    from sage.rings.rational_field import QQ
    C = coordinate_ring(arch)
    W = parameter_ring(arch)
    mus = mu_polynomials(arch, W)
    # coefficients that vanish identically (gaps when k_i < s_i) are linear generators;
    # eliminate only the others
    gaps, keep = split_gaps(arch)
    zero = [C.gen(j) for j in gaps]
    weighted = PolynomialRing(QQ, [f"c{j}" for j in keep],
                              order=TermOrder("wdegrevlex", (arch.L,) * len(keep)))
    phi = weighted.hom([mus[j] for j in keep], W)
    gens = call_with_time_limit(lambda: [str(g) for g in phi.kernel().gens() if g != 0], timeout,
                                f"Sage/Singular elimination for {arch}")
    return zero + [primitive(C(g)) for g in gens]


def plan(arch: Architecture) -> Plan:
    """Runs on every architecture; chosen only by request."""
    return Plan(NAME, arch, True, False, "Singular elimination, the generic certified engine")


def run(plan: Plan, request: Request) -> IdealResult:
    """The ideal under ``request.limit()``, certified: Gröbner elimination."""
    start = time.perf_counter()
    gens = vanishing_ideal(plan.arch, timeout=request.limit())
    return IdealResult(gens, NAME, "certified", "Gröbner elimination", time.perf_counter() - start, None)
