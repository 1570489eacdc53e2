"""Resultant engine: Shahverdi's recursion through the s-decomposition (set-theoretic).

For the reduced architecture with first stride ``s`` write ``P = w_1(t) Q(t^s)`` with ``Q`` in
the neurovariety ``V'`` of the upper layers ``(k_2..k_L), (s_2..s_L)``.  Then (MATH.md §2.1)
the phases ``P_r`` have the common factor ``Q`` of degree ``m = n' - 1``, and ``P`` is in ``V``
iff they have a common factor of degree ``m`` in ``V'``.  Equations:

1. the maximal minors of the common-factor matrix of the phases
   (:mod:`lcnalg.implicit.determinantal`): ``V(J_1) = Z_m``, the phase tuples with a common
   factor of degree ``>= m`` (the common-factor lemma); for two layers ``Z_m = V``;
2. for three or more layers, equations ``g`` of ``V'`` (this recursion on the upper layers,
   so ``V(g) = V'`` exactly) at the ``m``-th subresultant ``S_m(P_r, P_q)`` of each pair of
   phases, and then the saturation by ``f = lc(P_0) psc_m(P_0, P_1)`` (leading coefficient
   of the first phase times the principal subresultant coefficient; Singular ``sat``).

Why ``V(J : f^oo) = V``: every equation vanishes on ``V`` (on a dense subset the phases have
the gcd ``Q`` of degree ``m`` and ``S_m = c Q``; elsewhere by continuity), and ``f`` does not
vanish on ``V``, so ``V`` (irreducible) lies in the closure of ``V(J) - V(f)``.  Conversely at
``P`` in ``V(J)`` with ``f(P) != 0``: the common factor ``H`` (degree ``>= m``, from 1.) divides
``S_m(P_0, P_1)``, a form ``x^N sigma`` with ``deg sigma = m`` (``psc_m != 0``); ``x`` does not
divide ``H`` (``lc(P_0) != 0``), so ``H = c sigma`` and ``g(sigma) = 0`` puts ``H`` in ``V'``:
``P`` is in ``V``.  Without the saturation (``saturate=False``) the subresultants vanish on the
strata where the phases share more than degree ``m`` (e.g. ``(2,2,2),(2,2,1)``: ``P_0 = 0``
leaves ``P_1`` unconstrained), and ``V(J)`` is larger than ``V`` there (labelled ``partial``).

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
from lcnalg.implicit.registry import Plan
from lcnalg.implicit.result import IdealResult
from lcnalg.request import Request

__all__ = ["NAME", "plan", "run", "equations", "subresultant", "ideal_result", "vanishing_ideal"]

NAME = "resultant"


def plan(arch: Architecture) -> Plan:
    """Runs on every architecture (set-theoretic); chosen only by request."""
    return Plan(NAME, arch, True, False, "Shahverdi's recursion: V(J) = V (set-theoretic)")


def run(plan: Plan, request: Request) -> IdealResult:
    """:func:`ideal_result` under ``request.limit()``."""
    return ideal_result(plan.arch, timeout=request.limit(), seed=request.seed)


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


def equations(arch: Architecture, saturate: bool = True) -> list:
    """The recursion's equations in ``QQ[c]``: gap coordinates, common-factor minors, and for
    three or more layers the upper layers' equations at the subresultants of pairs of phases,
    saturated by ``lc(P_0) psc_m(P_0, P_1)`` (module docstring; ``saturate=False``: not
    saturated).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> [g.degree() for g in equations(Architecture((3, 3), (2, 1)))]   # the 4 cubics
        [3, 3, 3, 3]
    """
    from lcnalg.geometry.parameterization import coordinate_ring
    red = arch.reduced()
    ring = coordinate_ring(arch)
    if red.L == 1:
        return []
    from lcnalg.implicit import determinantal
    from lcnalg.implicit.gaps import split_gaps
    coeffs = list(ring.gens())
    gaps = [coeffs[j] for j in split_gaps(red)[0]]
    upper = Architecture(red.k[1:], red.s[1:])
    m = upper.n - 1
    P, alphas = determinantal.phases(red, coeffs)
    minors = determinantal.maximal_minors(determinantal.common_factor_matrix(P, alphas, m),
                                          ring.one()).values()
    out = gaps + list(minors)
    if red.L == 2:
        return out
    up = equations(upper, saturate=saturate)   # V(up) = V' exactly when saturated
    f = None
    for r, q in itertools.combinations(range(len(P)), 2):
        sub = subresultant(P[r], P[q], m)
        if (r, q) == (0, 1):
            f = P[0][-1] * sub[m]
        if any(x != 0 for x in sub):
            out += [g for g in (h(*sub) for h in up) if g != 0]
    if not saturate:
        return out
    if f is None or f == 0:
        raise ArithmeticError(f"resultant recursion for {arch}: lc(P_0) psc_m(P_0, P_1) is zero")
    sat, _ = ring.ideal([g for g in out if g != 0]).saturation(ring.ideal(f))
    return list(sat.gens())


def ideal_result(arch: Architecture, timeout: float | None = None, seed: int = 0,
                 saturate: bool = True) -> IdealResult:
    """The recursion's equations as an :class:`IdealResult`: ``set-theoretic`` (``V(J) = V``;
    for three or more layers after the saturation), ``partial`` with ``saturate=False``."""
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.polynomials import primitive
    from lcnalg.procs import call_with_time_limit
    start = time.perf_counter()
    C = coordinate_ring(arch)
    texts = call_with_time_limit(
        lambda: sorted({str(primitive(g)) for g in equations(arch, saturate=saturate) if g != 0}),
        timeout, f"resultant recursion for {arch}")
    gens = sorted((C(g) for g in texts), key=lambda g: (g.degree(), g))
    L = arch.reduced().L
    if L <= 2:
        label, detail = "set-theoretic", "common-factor minors of the phases: V(J) = V (common-factor lemma)"
    elif saturate:
        label, detail = "set-theoretic", (
            f"Shahverdi's recursion over {L} layers: common-factor minors, the upper layers' "
            "equations at the subresultants of the phases, saturated by lc(P_0) psc_m(P_0, P_1) "
            "(Singular): V(J) = V (module docstring)")
    else:
        label, detail = "partial", (f"recursion over {L} layers through subresultants, not "
                                    "saturated: J ⊆ I(V), V(J) may be larger than V on "
                                    "degenerate strata")
    return IdealResult(gens, "resultant", label, detail, time.perf_counter() - start, None)


def vanishing_ideal(arch: Architecture, timeout: float | None = None) -> list:
    """Generators of an ideal with zero set ``V`` (see the module docstring)."""
    return ideal_result(arch, timeout).gens
