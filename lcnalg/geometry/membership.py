"""Real membership in the function space ``M_{k,s}`` (MATH.md §4.1): the core of
:class:`~lcnalg.geometry.function_space.FunctionSpace`, which the modules above it
(closedness, interior, semialgebraic description) use directly.

``Membership(arch).contains(P)`` decides whether the real form ``P`` (coefficients
``c_0..c_{n-1}``) is ``mu`` of real filters.  Rational input goes through the recursion by
periodic parts (:mod:`lcnalg.geometry.periodic`: exact gcds over ``QQ`` and Sturm counts,
polynomial time without branching); the real filters are then read off along the same
recursion as rational factors of the periodic parts, or, when a periodic part has no
rational factor of the needed type, from the hyperroot enumeration
(:mod:`lcnalg.geometry.hyperroots`, small ``n`` only).  Real algebraic and float input use the
enumeration (floats within the tolerance: ``heuristic``).  Filters, when returned, are
checked: ``mu(filters) == P``.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.membership import Membership
    >>> M = Membership(Architecture((3, 2), (2, 1)))
    >>> M.contains([1, 0, 0, 0, 1]).member           # x^4 + y^4: in V, not in M
    False
    >>> M.in_variety([1, 0, 0, 0, 1])
    True
    >>> r = M.contains([1, 0, -5, 0, 4])               # (1 - t^2)(1 - 4 t^2)
    >>> r.member, r.certification, r.method
    (True, 'certified', 'periodic parts')
    >>> from lcnalg.geometry.parameterization import mu_from_filters
    >>> mu_from_filters(M.arch, r.filters) == [1, 0, -5, 0, 4]
    True
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lcnalg import _sage
from lcnalg.geometry import periodic
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.hyperroots import DEFAULT_TOL, INF, RootData, iter_assignments, layer_closed, normalize_form
from lcnalg.geometry.parameterization import mu_from_filters
from lcnalg.result import Result


@dataclass
class MembershipResult(Result):
    """Answer of :meth:`Membership.contains`.

    ``filters``: real filters ``w_1..w_L`` (rationals or real algebraic numbers ``AA`` for
    exact input, floats otherwise) with ``mu(filters) == P``, when ``member`` (``None`` when
    membership is decided but no filters were built, see ``reason``).  ``certification``:
    ``certified`` when the answer rests on exact arithmetic (``exact``), ``heuristic`` for
    float input within the tolerance.  ``method``: ``"periodic parts"`` or ``"hyperroot
    enumeration"``."""
    member: bool
    filters: list | None = None
    certification: str = "certified"
    in_variety: bool | None = None
    reason: str = ""
    assignment: list | None = field(default=None, repr=False)
    method: str = ""
    path: list | None = field(default=None, repr=False)

    def __post_init__(self):
        self.check_label()

    @property
    def exact(self) -> bool:
        """The answer rests on exact arithmetic."""
        return self.certified

    @property
    def detail(self) -> str:
        return self.reason

    def __bool__(self):
        return self.member

    def to_dict(self) -> dict:
        """Plain data (filter entries as strings)."""
        return {"member": self.member, "in_variety": self.in_variety,
                "certification": self.certification, "method": self.method, "reason": self.reason,
                "filters": None if self.filters is None else [[str(x) for x in w] for w in self.filters]}


def _label(exact: bool) -> str:
    return "certified" if exact else "heuristic"


#: the enumeration builds filters the recursion could not find rationally up to this n
ENUMERATION_MAX_N = 60
#: ... within this time limit (seconds), in a forked child above this n (in-process below)
ENUMERATION_SECONDS = 10.0
ENUMERATION_UNBOUNDED_N = 6


class Membership:
    """Membership in the function space ``M_{k,s}`` of an architecture (a semialgebraic
    subset of ``R^n``) and in its Zariski closure ``V``."""

    def __init__(self, arch: Architecture, tol: float = DEFAULT_TOL):
        if not isinstance(arch, Architecture):
            raise TypeError(f"expected an Architecture, got {arch!r}")
        self.arch = arch
        self.tol = tol

    def __repr__(self):
        return f"{type(self).__name__}({self.arch!r})"

    @staticmethod
    def _rational(coeffs):
        from sage.rings.rational_field import QQ
        return all(c.parent() is QQ for c in coeffs)

    def in_variety(self, P, method: str = "auto") -> bool:
        """``P`` lies in ``V_{k,s}`` (exact for exact input).  ``method``: ``"periodic"``
        (rational input), ``"enumeration"`` (a complex assignment of the roots to the layers),
        ``"auto"`` (periodic parts when the input is rational)."""
        coeffs, exact = normalize_form(self.arch, P)
        if all(c == 0 for c in coeffs):
            return True
        if _use_periodic(method, exact and self._rational(coeffs)):
            return periodic.in_variety(self.arch, periodic.Form.from_coeffs(coeffs))
        rd = RootData(coeffs, None if exact else self.tol)
        return next(iter_assignments(self.arch, rd), None) is not None

    def contains(self, P, method: str = "auto", filters: bool = True) -> MembershipResult:
        """Decide ``P in M_{k,s}`` for a real form ``P`` (list of ``n`` coefficients).

        ``method`` as in :meth:`in_variety`; ``filters=False`` skips building the filters
        (the periodic path then only decides)."""
        arch = self.arch
        coeffs, exact = normalize_form(arch, P)
        if all(c == 0 for c in coeffs):
            zero = [[0] * ki for ki in arch.k]
            return MembershipResult(True, zero, _label(exact), True, "the zero form is mu(0)",
                                    method="zero")
        if _use_periodic(method, exact and self._rational(coeffs)):
            return self._contains_periodic(coeffs, filters)
        return self._contains_enumeration(coeffs, exact, filters)

    def _contains_periodic(self, coeffs, want_filters: bool) -> MembershipResult:
        arch = self.arch
        F = periodic.Form.from_coeffs(coeffs)
        path = periodic.real_path(arch, F)
        if path is None:
            inv = periodic.in_variety(arch, F)
            why = ("no real factorization: no real factor of the needed type of some periodic "
                   "part, on every branch" if inv else "a periodic part is too small (not in V)")
            return MembershipResult(False, None, "certified", inv, why, method="periodic parts")
        res = MembershipResult(True, None, "certified", True, "real factors of the periodic parts",
                               method="periodic parts", path=path)
        if want_filters:
            fl = _rational_filters(arch, F, path)
            if fl is None and arch.n <= ENUMERATION_MAX_N:
                from lcnalg.errors import EngineTimeout
                from lcnalg.procs import call_with_time_limit
                limit = ENUMERATION_SECONDS if arch.n > ENUMERATION_UNBOUNDED_N else None
                try:  # real algebraic filters: AA arithmetic can be slow, so bounded
                    e = call_with_time_limit(lambda: self._contains_enumeration(coeffs, True),
                                             limit, "real filters by enumeration")
                except EngineTimeout as err:
                    res.reason += f"; filters not built: {err}"
                    return res
                if not e.member:
                    raise ArithmeticError(f"internal error: periodic parts say {coeffs} is in M "
                                          f"for {arch}, the enumeration says no")
                fl = e.filters
                res.reason += "; filters from the hyperroot enumeration (irrational factors)"
            elif fl is None:
                res.reason += (f"; filters not built: a periodic part has no rational factor of "
                               f"the needed type and n > {ENUMERATION_MAX_N}")
            if fl is not None:
                _verify(arch, fl, coeffs, True, self.tol)
            res.filters = fl
        return res

    def _contains_enumeration(self, coeffs, exact, want_filters: bool = True) -> MembershipResult:
        arch = self.arch
        rd = RootData(coeffs, None if exact else self.tol)
        some = None
        for assignment in iter_assignments(arch, rd):
            some = True
            if all(layer_closed(layer) for layer in assignment):
                if not want_filters:
                    return MembershipResult(True, None, _label(exact), True,
                                            "conjugation-closed assignment", assignment,
                                            method="hyperroot enumeration")
                filters = _filters(arch, assignment, coeffs, exact)
                _verify(arch, filters, coeffs, exact, self.tol)
                return MembershipResult(True, filters, _label(exact), True,
                                        "conjugation-closed assignment", assignment,
                                        method="hyperroot enumeration")
        if some is None:
            return MembershipResult(False, None, _label(exact), False,
                                    "no assignment of the roots to the layers (not in V)",
                                    method="hyperroot enumeration")
        return MembershipResult(False, None, _label(exact), True,
                                "every assignment of the roots puts a non-real orbit in a layer "
                                "without its conjugate", method="hyperroot enumeration")

    def random_point(self, rng: np.random.Generator, height: int = 9) -> list:
        """``mu`` of random integer filters (entries in ``[-height, height]``): a rational
        point of ``M``."""
        _sage.init()
        from sage.rings.rational_field import QQ
        filters = [[QQ(int(x)) for x in rng.integers(-height, height + 1, size=ki)]
                   for ki in self.arch.k]
        return mu_from_filters(self.arch, filters)


def _use_periodic(method: str, rational: bool) -> bool:
    if method not in ("auto", "periodic", "enumeration"):
        raise ValueError(f"unknown method {method!r}: choose auto, periodic or enumeration")
    if method == "periodic" and not rational:
        raise ValueError("method='periodic' needs rational coefficients")
    return method == "periodic" or (method == "auto" and rational)


def _rational_filters(arch: Architecture, F, path):
    """Filters along a real path of the recursion: at each layer a rational factor of the
    periodic part of the path's type (``None`` if some periodic part has none)."""
    cur, out = F, [None] * arch.L
    for i, vec in zip(range(arch.L - 1, 0, -1), path):
        if arch.d[i] == 0:
            out[i] = [cur.p.base_ring().one()]
            continue
        W = periodic.rational_factor(periodic.periodic_part(cur, arch.S[i]), vec)
        if W is None:
            return None
        out[i] = W.coeffs()
        cur = cur.divide(W.expand(arch.S[i]))
    out[0] = cur.coeffs()
    return out


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
