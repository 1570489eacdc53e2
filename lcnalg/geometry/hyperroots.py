"""Factorization combinatorics of the function space (MATH.md §4): hyperroot orbits.

A binary form ``P = sum_j c_j x^{n-1-j} y^j`` has roots ``t = y/x`` in ``P^1`` (``t = oo``
with multiplicity ``n - 1 - deg_t P``).  A layer with accumulated stride ``S`` and filter
``w`` contributes ``w(t^S)``: each root ``tau`` of ``w`` gives the *hyperroot orbit*
``{t : t^S = tau}`` (``S`` distinct points for ``tau != 0, oo``; the point ``0`` resp.
``oo`` with multiplicity ``S`` otherwise).  ``P`` lies in ``V`` iff its roots split into
``d_i`` orbits for each layer ``i`` (an *assignment*); a real ``P`` lies in ``M`` iff some
assignment gives every layer a conjugation-closed multiset of ``tau``'s.

Two kinds of input:

* exact (integers, rationals, real algebraic numbers): roots in ``QQbar``, all equalities
  exact, so every answer is certified;
* floats: roots by ``numpy.roots`` and comparisons with the relative tolerance ``tol``
  (default :data:`DEFAULT_TOL`): two roots are identified when
  ``|r - r'| <= tol * max(1, |r|, |r'|)``, a root is real when ``|Im r| <= tol * max(1, |r|)``,
  leading/trailing coefficients with ``|c_j| <= tol * max |c|`` count as zero (roots at
  ``oo`` / ``0``).  Roots of multiplicity >= 3 may fall apart at this tolerance; answers on
  floats are not certified.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.hyperroots import count_assignments, fibre_degree
    >>> A = Architecture((3, 2), (2, 1))
    >>> count_assignments(A, [1, 0, 0, 0, 1])            # x^4 + y^4: complex factorizations
    2
    >>> count_assignments(A, [1, 0, 0, 0, 1], real=True)  # none of them real
    0
    >>> fibre_degree(Architecture((2, 2, 2), (1, 2, 1)))
    2
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Rational, Real

import numpy as np

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture

#: Default relative tolerance for float input (see the module docstring).
DEFAULT_TOL = 1e-6

#: The root ``t = oo`` (the form is divisible by ``x``).
INF = "oo"


@dataclass(frozen=True)
class Orbit:
    """One hyperroot orbit ``{t : t^S = tau}`` among the roots of a form.

    ``members`` maps root indices to how often the orbit uses them; ``conj`` is the index
    of the conjugate orbit in the same candidate list (``None`` for non-real forms)."""
    tau: object
    members: tuple
    real: bool
    conj: int | None
    index: int
    S: int
    minpoly: object = None  # rational forms: the minimal polynomial of tau over QQ


class RootData:
    """The roots of a binary form on ``P^1``: distinct ``roots`` (``QQbar`` elements, Python
    complex numbers, or :data:`INF`) with multiplicities ``mults``.

    Rational forms take a fast certified path: ``P`` is factored over ``QQ``; for each
    irreducible factor ``f`` the ``S``-th powers of its roots are the roots of one irreducible
    ``h`` (``Res_t(f(t), tau - t^S) = h^e``), so which roots share a ``tau`` is decided by
    comparing the ``h``'s, and which root of ``h`` a given ``r^S`` is (or the conjugate of a
    ``tau``) by interval arithmetic among the isolated roots of ``h``."""

    def __init__(self, coeffs, tol: float | None = None):
        coeffs = list(coeffs)
        self.degree = len(coeffs) - 1
        self.exact = tol is None
        self.tol = tol
        if all(_is_zero(c, tol, coeffs) for c in coeffs):
            raise ValueError("the zero form has no roots")
        nz = [j for j, c in enumerate(coeffs) if not _is_zero(c, tol, coeffs)]
        low, high = nz[0], nz[-1]
        roots, mults = [], []
        self.factors = None  # rational path: [(f, [root indices])]
        if tol is None:
            _sage.init()
            from sage.rings.qqbar import QQbar
        if low:
            roots.append(QQbar(0) if tol is None else 0j)
            mults.append(low)
        if high < self.degree:
            roots.append(INF)
            mults.append(self.degree - high)
        self.special = len(roots)  # roots 0 and oo come first
        if high > low:
            if tol is None:
                from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
                base = _common_parent(coeffs)
                p = PolynomialRing(base, "t")(coeffs[low:high + 1])
                from sage.rings.rational_field import QQ
                if base is QQ:
                    self.factors = []
                    for f, m in p.factor():
                        idxs = []
                        for r in f.roots(QQbar, multiplicities=False):
                            idxs.append(len(roots))
                            roots.append(r)
                            mults.append(int(m))
                        self.factors.append((f, idxs))
                else:
                    for r, m in p.roots(QQbar):
                        roots.append(r)
                        mults.append(int(m))
            else:
                # numpy wants the highest power first
                raw = np.roots(np.array(coeffs[low:high + 1][::-1], dtype=float))
                for r, m in _cluster([complex(r) for r in raw], tol):
                    roots.append(r)
                    mults.append(m)
        self.roots, self.mults = roots, mults
        self._orbits = {}

    def __repr__(self):
        return f"RootData({list(zip(self.roots, self.mults))})"

    # --- comparisons, exact or with tolerance ---------------------------------
    def _eq(self, a, b, scale=1.0) -> bool:
        if a is INF or b is INF:
            return a is b
        if self.exact:
            return a == b
        return abs(a - b) <= self.tol * scale * max(1.0, abs(a), abs(b))

    def _is_real(self, a) -> bool:
        if a is INF:
            return True
        if self.exact:
            return a.imag().is_zero()
        return abs(a.imag) <= self.tol * max(1.0, abs(a))

    def orbits(self, S: int) -> list[Orbit]:
        """All hyperroot orbits of accumulated stride ``S`` whose points are roots of the form
        (each listed once, whatever its multiplicity)."""
        if S in self._orbits:
            return self._orbits[S]
        out = []  # (tau, members, real, conj, minpoly) with conj an index into out or None
        for idx in range(self.special):
            if self.mults[idx] >= S:
                out.append([self.roots[idx], ((idx, S),), True, len(out), None])
        if self.factors is not None:
            out += self._rational_classes(S, len(out))
        else:
            out += self._generic_classes(S, len(out))
        orbits = [Orbit(tau, members, real, conj, j, S, h)
                  for j, (tau, members, real, conj, h) in enumerate(out)]
        self._orbits[S] = orbits
        return orbits

    def _generic_classes(self, S, offset):
        taus = []  # (tau, [root indices]) for finite nonzero roots
        for idx in range(self.special, len(self.roots)):
            tau = self.roots[idx] ** S
            for entry in taus:
                if self._eq(entry[0], tau, scale=S):
                    entry[1].append(idx)
                    break
            else:
                taus.append((tau, [idx]))
        out = [[tau, tuple((i, 1) for i in idxs), self._is_real(tau), None, None]
               for tau, idxs in taus if len(idxs) == S]  # all S-th roots of tau are roots
        for entry in out:
            ct = entry[0].conjugate()
            entry[3] = next((offset + j for j, e in enumerate(out)
                             if self._eq(e[0], ct, scale=S)), None)
        return out

    def _rational_classes(self, S, offset):
        groups = {}
        for f, idxs in self.factors:
            h = _power_minpoly(f, S)
            groups.setdefault(h, []).append((f, idxs))
        out = []
        for h, members in groups.items():
            if sum(f.degree() for f, _ in members) != S * h.degree():
                continue  # the S-th roots of a root of h are not all roots of P
            from sage.rings.qqbar import QQbar
            taus = h.roots(QQbar, multiplicities=False)
            classes = [[] for _ in taus]
            for f, idxs in members:
                for i in idxs:
                    r = self.roots[i]
                    classes[_match(lambda F: r.interval(F) ** S, taus)].append((i, 1))
            base = offset + len(out)
            conj = [_match(lambda F: t.interval(F).conjugate(), taus) for t in taus]
            for j, tau in enumerate(taus):
                out.append([tau, tuple(classes[j]), conj[j] == j, base + conj[j], h])
        return out


def _power_minpoly(f, S):
    """The monic irreducible ``h`` over ``QQ`` with ``h(r^S) = 0`` for the roots ``r`` of the
    irreducible ``f`` (``Res_t(f(t), u - t^S)`` is a power of ``h``)."""
    if S == 1:
        return f.monic()
    B, U = _rings()
    t, u = B.gens()
    g = B(f(t)).resultant(u - t ** S, t)
    fac = f.parent()(g.polynomial(u).change_ring(U.base_ring())).factor()
    assert len(fac) == 1, fac
    return fac[0][0].monic()


@functools.lru_cache(maxsize=None)
def _rings():
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    return PolynomialRing(QQ, ["t", "u"]), PolynomialRing(QQ, "t")


def _match(target, candidates) -> int:
    """The index of the one candidate (isolated algebraic numbers) equal to ``target`` (a
    function of an interval field giving an enclosure of a number known to be among them)."""
    from sage.rings.complex_interval_field import ComplexIntervalField
    prec = 53
    while prec <= 1 << 16:
        F = ComplexIntervalField(prec)
        t = target(F)
        hits = [j for j, c in enumerate(candidates) if c.interval(F).overlaps(t)]
        if len(hits) == 1:
            return hits[0]
        prec *= 2
    raise ArithmeticError("could not separate algebraic numbers")


def _is_zero(c, tol, coeffs) -> bool:
    if tol is None:
        return c == 0
    return abs(c) <= tol * max(abs(x) for x in coeffs)


def _common_parent(coeffs):
    from sage.rings.qqbar import AA
    from sage.rings.rational_field import QQ
    try:
        [QQ(c) for c in coeffs]
        return QQ
    except (TypeError, ValueError):
        return AA


def _cluster(values, tol):
    """Group complex numbers closer than ``tol`` (relative) into (mean, count)."""
    groups = []
    for v in values:
        for g in groups:
            c = sum(g) / len(g)
            if abs(v - c) <= tol * max(1.0, abs(v), abs(c)):
                g.append(v)
                break
        else:
            groups.append([v])
    return [(sum(g) / len(g), len(g)) for g in groups]


# --- input normalisation -------------------------------------------------------

def normalize_form(arch: Architecture, P) -> tuple[list, bool]:
    """Check that ``P`` is a list of ``n`` real numbers; return ``(coeffs, exact)``.

    Integers, rationals (also strings such as ``"1/2"``) and real algebraic numbers are
    exact (converted to ``QQ``/``AA``); anything containing a float is float input."""
    n = arch.n
    try:
        P = list(P)
    except TypeError:
        raise ValueError(f"expected a list of n={n} coefficients c_0..c_{n - 1}, got {P!r}") from None
    if len(P) != n:
        raise ValueError(f"expected n={n} coefficients c_0..c_{n - 1} for {arch}, got {len(P)}")
    _sage.init()
    from sage.rings.qqbar import AA
    from sage.rings.rational_field import QQ
    if any(isinstance(c, (float, np.floating)) for c in P):
        out = []
        for c in P:
            if isinstance(c, (complex, np.complexfloating)) or not isinstance(c, (Real, Rational)):
                try:
                    c = float(c)
                except (TypeError, ValueError):
                    raise ValueError(f"coefficient {c!r} is not a real number") from None
            if not math.isfinite(float(c)):
                raise ValueError(f"coefficient {c!r} is not finite")
            out.append(float(c))
        return out, False
    out = []
    for c in P:  # QQ(None) is 0 and QQ(b"1") is 1: refuse what is not a number or its text
        if c is None or isinstance(c, (bool, bytes, complex, np.complexfloating)):
            raise ValueError(f"coefficient {c!r} is not a real number")
        try:
            if isinstance(c, Fraction):
                c = QQ(c.numerator) / QQ(c.denominator)
            elif isinstance(c, (Integral, np.integer)):
                c = QQ(int(c))
            out.append(QQ(c))
        except (TypeError, ValueError):
            try:
                out.append(AA(c))
            except (TypeError, ValueError):
                raise ValueError(f"coefficient {c!r} is not a real number") from None
    return out, True


# --- assignments -----------------------------------------------------------------

def iter_assignments(arch: Architecture, roots: RootData, real: bool = False):
    """Yield the assignments of the roots to the layers: a list (one entry per layer) of lists
    of orbits (``Orbit``), layer ``i`` getting ``d_i`` orbits of stride ``S_i``.

    Layers are filled by backtracking, largest ``S`` first; each layer's orbits are chosen as
    a multiset (non-decreasing candidate index), so every assignment appears once.  With
    ``real=True`` only assignments whose layers are all closed under conjugation."""
    d, S = arch.d, arch.S
    order = sorted(range(arch.L), key=lambda i: -S[i])
    order = [i for i in order if d[i] > 0]
    cands = {Si: roots.orbits(Si) for Si in set(S)}
    remaining = list(roots.mults)
    chosen = {i: [] for i in range(arch.L)}

    def rec(pos, start):
        if pos == len(order):
            yield [[cands[S[i]][j] for j in chosen[i]] for i in range(arch.L)]
            return
        i = order[pos]
        cs = cands[S[i]]
        if len(chosen[i]) == d[i]:
            if real and not layer_closed([cs[j] for j in chosen[i]]):
                return
            yield from rec(pos + 1, 0)
            return
        for j in range(start, len(cs)):
            members = cs[j].members
            if all(remaining[r] >= m for r, m in members):
                for r, m in members:
                    remaining[r] -= m
                chosen[i].append(j)
                yield from rec(pos, j)
                chosen[i].pop()
                for r, m in members:
                    remaining[r] += m

    yield from rec(0, 0)


def layer_closed(layer) -> bool:
    """The multiset of ``tau``'s of one layer's orbits is closed under conjugation."""
    idx = [o.index for o in layer]
    return all(o.conj is not None and idx.count(o.index) == idx.count(o.conj) for o in layer)


def _roots_for(arch, P, tol):
    coeffs, exact = normalize_form(arch, P)
    if all(c == 0 for c in coeffs):
        return None
    return RootData(coeffs, None if exact else (tol or DEFAULT_TOL))


def count_assignments(arch: Architecture, P, real: bool = False, tol: float | None = None) -> int:
    """The number of (complex, or with ``real=True`` conjugation-closed) assignments of the
    roots of the nonzero form ``P`` (coefficients ``c_0..c_{n-1}``) to the layers."""
    rd = _roots_for(arch, P, tol)
    if rd is None:
        raise ValueError("the zero form has no root assignments (it is mu of zero filters)")
    return sum(1 for _ in iter_assignments(arch, rd, real=real))


def fibre_degree(arch: Architecture, seed: int = 0, height: int = 1000) -> int:
    """``deg mu``: the number of factorizations (assignments) of ``mu(w)`` for random integer
    filters ``w`` (entries in ``[-height, height]``, seeded), i.e. the number of points of
    the fibre modulo rescaling.

    Probabilistic: exact at the chosen point, and equal to ``deg mu`` unless the point is
    special (a coincidence among roots, probability small in ``height``); not certified.
    ``deg V * deg mu == arch.multinomial`` [theorem] is a check.

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> fibre_degree(Architecture((2, 2), (1, 1))), fibre_degree(Architecture((3, 2), (2, 1)))
        (2, 1)
    """
    _sage.init()
    from sage.rings.rational_field import QQ
    from lcnalg.geometry.parameterization import mu_from_filters
    rng = np.random.default_rng(seed)
    filters = []
    for ki in arch.k:
        w = [QQ(int(x)) for x in rng.integers(-height, height + 1, size=ki)]
        if w[0] == 0:  # keep the degree: no roots at infinity
            w[0] = QQ(1)
        if w[-1] == 0:
            w[-1] = QQ(1)
        filters.append(w)
    P = mu_from_filters(arch, filters)
    return count_assignments(arch, P)
