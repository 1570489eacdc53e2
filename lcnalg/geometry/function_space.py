"""The function space ``M_{k,s}`` of an architecture: real membership (MATH.md §4).

``FunctionSpace(arch).contains(P)`` decides whether the real form ``P`` (coefficients
``c_0..c_{n-1}``) is ``mu`` of real filters, by searching for a conjugation-closed assignment
of hyperroot orbits to the layers (:mod:`lcnalg.geometry.hyperroots`).  When it is, the result carries
real filters ``w_1..w_L`` and they are checked by computing ``mu`` of them and comparing with
``P``: exactly for exact input (rationals, real algebraic numbers), within the tolerance for
floats (``exact=False`` then).

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.function_space import FunctionSpace
    >>> M = FunctionSpace(Architecture((3, 2), (2, 1)))
    >>> M.contains([1, 0, 0, 0, 1]).member           # x^4 + y^4: in V, not in M
    False
    >>> M.in_variety([1, 0, 0, 0, 1])
    True
    >>> r = M.contains([1, 0, -5, 0, 4])               # (1 - t^2)(1 - 4 t^2)
    >>> r.member, r.exact, r.filters                   # (4 t^2 - 1)(t^2 - 1)
    (True, True, [[-1, 0, 4], [-1, 1]])
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.hyperroots import DEFAULT_TOL, INF, RootData, iter_assignments, layer_closed, normalize_form
from lcnalg.geometry.parameterization import mu_from_filters


@dataclass
class MembershipResult:
    """Answer of :meth:`FunctionSpace.contains`.

    ``filters``: real filters ``w_1..w_L`` (rationals or real algebraic numbers ``AA`` for
    exact input, floats otherwise) with ``mu(filters) == P``, when ``member``.  ``exact``:
    the answer rests on exact arithmetic (certified) rather than a float tolerance."""
    member: bool
    filters: list | None = None
    exact: bool = True
    in_variety: bool | None = None
    reason: str = ""
    assignment: list | None = field(default=None, repr=False)

    def __bool__(self):
        return self.member


class FunctionSpace:
    """The function space ``M_{k,s}`` of an architecture (a semialgebraic subset of ``R^n``)."""

    def __init__(self, arch: Architecture, tol: float = DEFAULT_TOL):
        if not isinstance(arch, Architecture):
            raise ValueError(f"expected an Architecture, got {arch!r}")
        self.arch = arch
        self.tol = tol

    def __repr__(self):
        return f"FunctionSpace({self.arch!r})"

    def _roots(self, P):
        coeffs, exact = normalize_form(self.arch, P)
        if all(c == 0 for c in coeffs):
            return coeffs, exact, None
        return coeffs, exact, RootData(coeffs, None if exact else self.tol)

    def in_variety(self, P) -> bool:
        """``P`` lies in ``V_{k,s}``: some complex assignment of its roots to the layers exists
        (exact for exact input)."""
        coeffs, exact, rd = self._roots(P)
        if rd is None:
            return True
        return next(iter_assignments(self.arch, rd), None) is not None

    def contains(self, P) -> MembershipResult:
        """Decide ``P in M_{k,s}`` for a real form ``P`` (list of ``n`` coefficients)."""
        arch = self.arch
        coeffs, exact, rd = self._roots(P)
        if rd is None:
            zero = [[0] * ki for ki in arch.k]
            return MembershipResult(True, zero, exact, True, "the zero form is mu(0)")
        some = None
        for assignment in iter_assignments(arch, rd):
            some = True
            if all(layer_closed(layer) for layer in assignment):
                filters = _filters(arch, assignment, coeffs, exact)
                _verify(arch, filters, coeffs, exact, self.tol)
                return MembershipResult(True, filters, exact, True,
                                        "conjugation-closed assignment", assignment)
        if some is None:
            return MembershipResult(False, None, exact, False,
                                    "no assignment of the roots to the layers (not in V)")
        return MembershipResult(False, None, exact, True,
                                "every assignment of the roots puts a non-real orbit in a layer "
                                "without its conjugate")

    def random_point(self, rng: np.random.Generator, height: int = 9) -> list:
        """``mu`` of random integer filters (entries in ``[-height, height]``): a rational
        point of ``M``."""
        _sage.init()
        from sage.rings.rational_field import QQ
        filters = [[QQ(int(x)) for x in rng.integers(-height, height + 1, size=ki)]
                   for ki in self.arch.k]
        return mu_from_filters(self.arch, filters)


def _filters(arch: Architecture, assignment, coeffs, exact: bool) -> list:
    """Real filters from a conjugation-closed assignment, scaled so that ``mu`` gives ``P``.

    Layer ``i`` gets ``w_i(tau) = prod (tau - tau_j)`` over its finite ``tau_j`` (complete
    sets of roots of one minimal polynomial over ``QQ`` multiplied out as that polynomial,
    other conjugate pairs as real quadratics); each ``tau = oo`` lowers the degree by one."""
    filters = []
    for ki, layer in zip(arch.k, assignment):
        poly = _layer_poly(layer) if exact else _layer_poly_float(layer)
        filters.append(poly + [0 * poly[0]] * (ki - len(poly)))
    u = mu_from_filters(arch, filters)
    if exact:
        j0 = next(j for j, c in enumerate(coeffs) if c != 0)
    else:
        j0 = max(range(len(coeffs)), key=lambda j: abs(coeffs[j]))
    lam = coeffs[j0] / u[j0]
    filters[0] = [lam * x for x in filters[0]]
    if not exact:
        return [[float(x) for x in w] for w in filters]
    # a layer is rational iff its taus are complete root sets of polynomials over QQ (a
    # proper subset of the roots of an irreducible polynomial has irrational symmetric
    # functions); then it was computed in QQ, otherwise it is in AA
    return filters


def _layer_poly(layer) -> list:
    """Coefficients (lowest first, in ``QQ`` or ``AA``) of ``prod (z - tau)`` over the layer."""
    _sage.init()
    from sage.rings.qqbar import AA
    from sage.rings.rational_field import QQ
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    Rq = PolynomialRing(QQ, "z")
    rational, rest = Rq.one(), []
    by_h = {}
    for o in layer:
        if o.tau is INF:
            continue
        if o.minpoly is None and o.tau == 0:
            rational *= Rq.gen()
        elif o.minpoly is not None:
            by_h.setdefault(o.minpoly, []).append(o)
        else:
            rest.append(o)
    for h, orbs in by_h.items():
        counts = {}
        for o in orbs:
            counts[o.index] = counts.get(o.index, 0) + 1
        c = min(counts.values()) if len(counts) == h.degree() else 0
        rational *= Rq(h) ** c
        for o in orbs:  # what is left after taking c complete root sets
            if counts[o.index] > c:
                counts[o.index] -= 1
                rest.append(o)
    if not rest:
        return list(rational.list())
    Ra = PolynomialRing(AA, "z")
    poly = Ra(rational)
    while rest:
        o = rest.pop()
        if o.real:
            poly *= Ra([-AA(o.tau), 1])
        else:
            j = next(m for m, p in enumerate(rest) if p.index == o.conj)
            rest.pop(j)
            re = AA(o.tau.real())
            poly *= Ra([re ** 2 + AA(o.tau.imag()) ** 2, -2 * re, 1])
    return list(poly.list())


def _layer_poly_float(layer) -> list:
    poly = np.poly1d([1.0])
    rest = [o for o in layer if o.tau is not INF]
    while rest:
        o = rest.pop()
        if o.real:
            poly *= np.poly1d([1.0, -o.tau.real])
        else:
            j = next(m for m, p in enumerate(rest) if p.index == o.conj)
            rest.pop(j)
            poly *= np.poly1d([1.0, -2 * o.tau.real, abs(o.tau) ** 2])
    return list(poly.coeffs[::-1])


def _verify(arch, filters, coeffs, exact, tol):
    u = mu_from_filters(arch, filters)
    if exact:
        ok = all(a == b for a, b in zip(u, coeffs))
    else:
        scale = max(abs(c) for c in coeffs)
        ok = max(abs(a - b) for a, b in zip(u, coeffs)) <= 100 * tol * scale
    if not ok:
        raise ArithmeticError(f"internal error: mu of the constructed filters {filters} "
                              f"differs from {coeffs}")
