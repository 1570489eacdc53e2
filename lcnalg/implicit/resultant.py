"""Resultant engine: Shahverdi's recursion through the s-decomposition (set-theoretic for two layers).

For the reduced architecture with first stride ``s`` write ``P = w_1(t) Q(t^s)`` with ``Q`` in
the neurovariety ``V'`` of the upper layers ``(k_2..k_L), (s_2..s_L)``.  Then (MATH.md §2.1)
the phases ``P_r`` have the common factor ``Q`` of degree ``m = n' - 1``.  Equations:

1. the maximal minors of the common-factor matrix of the phases
   (:mod:`lcnalg.implicit.determinantal`): ``V(J_1)`` = phase tuples with a common factor of
   degree ``>= m`` (proved, the common-factor lemma); for two layers that is ``V`` itself;
2. for three or more layers, recursively, the equations ``g`` of ``V'`` evaluated at the
   ``m``-th subresultant ``S_m(P_r, P_q)`` of each pair of phases (``S_m`` is a multiple of
   ``gcd(P_r, P_q)`` when that gcd has degree ``m``, and 0 when it is larger).

Every equation vanishes on ``V`` (``J ⊆ I(V)``, checked exactly through ``mu*`` in the tests).
For two layers after reduction ``V(J) = V`` (theorem): labelled ``set-theoretic``.  For three or
more layers the subresultants miss the strata where a phase vanishes or two phases share a
factor of degree ``> m`` (e.g. ``(2,2,2),(2,2,1)``: ``P_0 = 0`` leaves ``P_1`` unconstrained),
so ``V(J)`` can be larger than ``V``; these results are labelled ``partial`` (a start for the
multigraded completion), never ``set-theoretic``.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> r = ideal_result(Architecture((3, 3), (2, 1)))
    >>> r
    <IdealResult resultant: 4 generators, set-theoretic (...), ... s>
"""
from __future__ import annotations

import itertools
import time

from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit.result import IdealResult

__all__ = ["equations", "subresultant", "ideal_result", "vanishing_ideal", "CERTIFIED"]

CERTIFIED = False


def subresultant(f: list, g: list, j: int) -> list:
    """Coefficients (constant term first) of the ``j``-th subresultant of the polynomials with
    coefficient lists ``f``, ``g`` (formal degrees ``len - 1``): the determinants of the
    matrix of ``(u, v) -> u f + v g`` (``deg u < deg g - j``, ``deg v < deg f - j``) restricted
    to the rows of degree ``> j`` and one row ``i <= j``."""
    from sage.matrix.constructor import matrix
    ef, eg = len(f) - 1, len(g) - 1
    cols = [[0] * i + list(f) + [0] * (eg - j - 1 - i) for i in range(eg - j)]
    cols += [[0] * i + list(g) + [0] * (ef - j - 1 - i) for i in range(ef - j)]
    if not cols:
        return list(f) if ef == j else list(g)
    rows = [list(r) for r in zip(*cols)]  # rows: degrees 0 .. ef + eg - j - 1
    top = rows[j + 1:]
    ring = next(x.parent() for x in f + g if hasattr(x, "parent") and x != 0)
    return [matrix(ring, top + [rows[i]]).det() for i in range(j + 1)]


def equations(arch: Architecture, ring=None, coeffs=None) -> list:
    """The recursion's equations in ``ring`` (default ``QQ[c]``), evaluated at ``coeffs``
    (default the coordinates): gap coordinates, common-factor minors, upper layers at the
    subresultants of pairs of phases."""
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.implicit import determinantal
    from lcnalg.implicit.gaps import split_gaps
    red = arch.reduced()
    ring = ring or coordinate_ring(arch)
    coeffs = list(ring.gens()) if coeffs is None else list(coeffs)
    if red.L == 1:
        return []
    gaps = [coeffs[j] for j in split_gaps(red)[0]]
    upper = Architecture(red.k[1:], red.s[1:])
    m = upper.n - 1
    P, alphas = determinantal.phases(red, coeffs)
    minors = determinantal.maximal_minors(determinantal.common_factor_matrix(P, alphas, m),
                                          ring.one()).values()
    out = gaps + list(minors)
    if red.L > 2:
        for r, q in itertools.combinations(range(len(P)), 2):
            sub = subresultant(P[r], P[q], m)
            if any(x != 0 for x in sub):
                out += [g for g in equations(upper, ring, sub) if g != 0]
    return out


def ideal_result(arch: Architecture, timeout: float | None = None, seed: int = 0) -> IdealResult:
    """The recursion's equations as an :class:`IdealResult` (``set-theoretic``)."""
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.polynomials import primitive
    from lcnalg.procs import call_with_time_limit
    start = time.perf_counter()
    C = coordinate_ring(arch)
    texts = call_with_time_limit(lambda: sorted({str(primitive(g)) for g in equations(arch) if g != 0}),
                                 timeout, f"resultant recursion for {arch}")
    gens = sorted((C(g) for g in texts), key=lambda g: (g.degree(), g))
    L = arch.reduced().L
    if L <= 2:
        label, detail = "set-theoretic", "common-factor minors of the phases: V(J) = V (common-factor lemma)"
    else:
        label, detail = "partial", (f"recursion over {L} layers through subresultants: J ⊆ I(V), "
                                    "V(J) may be larger than V on degenerate strata")
    return IdealResult(gens, "resultant", label, detail, time.perf_counter() - start, None)


def vanishing_ideal(arch: Architecture, timeout: float | None = None) -> list:
    """Generators of an ideal with zero set ``V`` (see the module docstring)."""
    return ideal_result(arch, timeout).gens
