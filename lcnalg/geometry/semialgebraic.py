"""The function space as inequalities: a quantifier-free description of ``M`` inside ``V``
(MATH.md §4.3).

``FunctionSpace(arch).semialgebraic()`` (:func:`semialgebraic`) returns a
:class:`SemialgebraicDescription`: a quantifier-free ``formula`` in ``c_0..c_{n-1}`` with
``M_{k,s} = V_{k,s}(R) ∩ {formula}``, built from the structure (any size):

* Zariski closed (MATH.md §4.2): ``true``.
* Stride-one, not filling: "``P`` has at least ``m`` real roots in ``P^1``, with multiplicity"
  (``m`` = number of odd ``d_i``); for ``n <= 4`` the discriminant of the binary form
  (``c_1^2 - 4 c_0 c_2 >= 0`` for ``k = (2, 2)``); for ``m = N`` or even ``N`` up to ``N = 6``,
  signed subresultant coefficients (``expanded``).
* Top layer odd, layers below Zariski closed, blocks filling: by the swap lemma ``P in M`` iff
  ``T = T_{S_L}(P)`` has a real root.  ``T`` divides every phase ``P_r`` (w.r.t. ``S_L``) and has
  degree ``>= d_L`` on ``V``; a nonzero phase of formal degree ``d_L + 1`` therefore has a real root
  iff ``T`` has one (``T`` is that phase or has odd degree ``d_L``).  So, with ``R`` the phases of
  degree ``d_L + 1``: ``/\\_{r in R} [P_r has a real root] /\\ [some P_r (r in R) is nonzero, or the
  other phases have a common real root]``; for ``d_L = 1`` "has a real root" is ``disc(P_r) >= 0``
  (``C^2 - 4AE >= 0`` for ``(3,2),(2,1)``, KMST).
* Otherwise: the recursion of MATH.md §4.1 on *root counts*.  ``T_l = T_{S_l}(P)`` (``T_0 = P``)
  are the periodic parts of ``P`` itself (``T_{S_l}(P / w(x^{S_h})) = T_l / w(X^{S_h/S_l})``), so
  ``P in M`` depends only on the real types (roots at ``0``, ``oo``, positive, negative, pairs) of
  ``T_0..T_{L-1}``; each choice of the types of the real layer factors (a *plan*) gives linear
  lower bounds on those counts.  ``formula`` = the disjunction over the minimal plans of the
  conjunctions of atoms ``#class(T_S(P)) >= k`` (:class:`RootCount`).  Such an atom is
  quantifier-free in ``c`` (Sturm–Habicht coefficients of the gcd of the phases on each gcd stratum)
  but is kept as one atom, evaluated exactly (gcd over ``QQ``, Sturm counts).

:func:`expand` turns the root counts of ``P`` itself ("all roots real", "a real root") into sign
conditions on its signed subresultant (Sturm–Habicht) coefficients (:func:`real_root_condition`,
degree ``<= 6``); the top layer's phases of degree 4 and 6 are expanded the same way.  The
description keeps both: ``formula`` (compact) and ``expanded`` (QEPCAD syntax when every atom is
a polynomial sign condition).

The second, independent route is real quantifier elimination (:func:`qe_formula`): ``∃ w real:
mu(w) = c`` with QEPCAD B, over the union of the gauges "first nonzero coefficient of each upper
filter is 1" (they cover every real filter with ``mu(w) != 0``, and ``w_1 = 0`` gives ``0``).  Its
answer is the whole ``M`` (``V``'s equations included) and ``certified``.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.function_space import FunctionSpace
    >>> D = FunctionSpace(Architecture((3, 2), (2, 1))).semialgebraic()
    >>> print(D.formula)
    c2^2 - 4*c0*c4 >= 0
    >>> D.certification, D.holds([1, 0, 0, 0, 1]), D.holds([1, 0, -5, 0, 4])
    ('certified', False, True)
    >>> print(FunctionSpace(Architecture((2, 2, 2), (1, 2, 1))).semialgebraic().formula)
    (#real(T_2(P)) >= 1 /\\ #real(P) >= 4) \\/ (#neg(T_2(P)) >= 1 /\\ #real(P) >= 2)
"""
from __future__ import annotations

import functools
import itertools
import re
import time
from dataclasses import dataclass, field

from lcnalg import _sage
from lcnalg.geometry import periodic
from lcnalg.geometry.architecture import Architecture

__all__ = ["Formula", "Atom", "RootCount", "And", "Or", "TRUE", "FALSE", "SemialgebraicDescription",
           "DescriptionSummary",
           "semialgebraic", "structure_formula", "expand", "real_root_condition",
           "signed_subresultant_coefficients", "qe_formula", "QEResult", "parse_qepcad", "boundary",
           "sample_points", "compare_with_membership", "compare_formulas", "NotExplicit", "CLASSES",
           "REAL"]

#: the root classes of a real form in ``P^1`` (as :data:`lcnalg.geometry.periodic.TYPE_NAMES`)
CLASSES = periodic.TYPE_NAMES
#: the real classes
REAL = ("zero", "inf", "pos", "neg")
_SHORT = {REAL: "real", ("zero",): "zero", ("inf",): "inf", ("pos",): "pos", ("neg",): "neg",
          ("pairs",): "pairs"}
_RELS = {"=": lambda v: v == 0, "/=": lambda v: v != 0, "<": lambda v: v < 0,
         "<=": lambda v: v <= 0, ">": lambda v: v > 0, ">=": lambda v: v >= 0}


class NotExplicit(ValueError):
    """The formula has root-count atoms, which have no QEPCAD syntax here."""


# --- formulas ---------------------------------------------------------------------------

class _Point:
    """A rational point with cached periodic-part types (what the atoms evaluate)."""

    def __init__(self, coeffs):
        _sage.init()
        from sage.rings.rational_field import QQ
        self.c = [QQ(x) for x in coeffs]
        self.zero = all(x == 0 for x in self.c)
        self._types = {}

    def type(self, S: int) -> tuple:
        if S not in self._types:
            F = periodic.Form.from_coeffs(self.c)
            self._types[S] = periodic.real_type(periodic.periodic_part(F, S))
        return self._types[S]


class Formula:
    """A quantifier-free formula in ``c_0..c_{n-1}`` (atoms, :class:`And`, :class:`Or`)."""

    def holds(self, point) -> bool:
        """Exact truth value at a rational point (list of ``n`` rationals)."""
        return self._holds(point if isinstance(point, _Point) else _Point(point))

    def atoms(self) -> list:
        return []

    def polynomials(self) -> list:
        """The distinct polynomials of the explicit atoms."""
        out = []
        for a in self.atoms():
            if isinstance(a, Atom) and a.poly not in out:
                out.append(a.poly)
        return out

    @property
    def explicit(self) -> bool:
        """Every atom is a polynomial sign condition."""
        return all(isinstance(a, Atom) for a in self.atoms())

    def disjuncts(self) -> list:
        return [self]

    def __and__(self, other):
        return And([self, other])

    def __or__(self, other):
        return Or([self, other])


class _Const(Formula):
    def __init__(self, value: bool):
        self.value = value

    def _holds(self, p):
        return self.value

    def __str__(self):
        return "true" if self.value else "false"

    __repr__ = __str__

    def qepcad(self):
        return "TRUE" if self.value else "FALSE"

    def disjuncts(self):
        return [self] if self.value else []


TRUE, FALSE = _Const(True), _Const(False)


@dataclass(frozen=True, eq=True)
class Atom(Formula):
    """``poly rel 0`` with ``rel`` one of ``= /= < <= > >=``."""
    poly: object
    rel: str

    def _holds(self, p):
        return _RELS[self.rel](self.poly(*p.c) if self.poly.parent().ngens() else self.poly)

    def atoms(self):
        return [self]

    def __str__(self):
        return f"{self.poly} {self.rel} 0"

    def qepcad(self):
        return f"{str(self.poly).replace('*', ' ')} {self.rel} 0"


@dataclass(frozen=True, eq=True)
class RootCount(Formula):
    """``T_S(P)`` (``P`` itself for ``S = 1``) has at least ``k`` roots, with multiplicity, in
    ``classes`` (``pairs``: conjugate pairs of non-real roots); true at ``P = 0``."""
    S: int
    classes: tuple
    k: int

    def _holds(self, p):
        if p.zero:
            return True
        t = p.type(self.S)
        return sum(t[CLASSES.index(c)] for c in self.classes) >= self.k

    def atoms(self):
        return [self]

    def __str__(self):
        name = _SHORT.get(self.classes, "+".join(self.classes))
        return f"#{name}({'P' if self.S == 1 else f'T_{self.S}(P)'}) >= {self.k}"

    def qepcad(self):
        raise NotExplicit(f"{self} is a root-count atom (Sturm–Habicht coefficients of a gcd of "
                          "phases): no QEPCAD syntax")


class _Junction(Formula):
    word, sym, qsym = "", "", ""

    def __init__(self, items):
        flat = []
        for f in items:
            flat.extend(f.items if type(f) is type(self) else [f])
        self.items = flat

    def _holds(self, p):
        return self._all(f._holds(p) for f in self.items)

    def atoms(self):
        out = []
        for f in self.items:
            for a in f.atoms():
                if a not in out:
                    out.append(a)
        return out

    def _wrap(self, f, text):
        return f"({text})" if isinstance(f, _Junction) else text

    def __str__(self):
        return f" {self.sym} ".join(self._wrap(f, str(f)) for f in self.items)

    def qepcad(self):
        return f" {self.qsym} ".join(f"[{f.qepcad()}]" if isinstance(f, _Junction) else f.qepcad()
                                    for f in self.items)


class And(_Junction):
    sym, qsym = "/\\", "/\\"
    _all = staticmethod(all)

    def __new__(cls, items):
        items = [f for f in items if f is not TRUE]
        if any(f is FALSE for f in items):
            return FALSE
        if not items:
            return TRUE
        if len(items) == 1:
            return items[0]
        return super().__new__(cls)


class Or(_Junction):
    sym, qsym = "\\/", "\\/"
    _all = staticmethod(any)

    def __new__(cls, items):
        items = [f for f in items if f is not FALSE]
        if any(f is TRUE for f in items):
            return TRUE
        if not items:
            return FALSE
        if len(items) == 1:
            return items[0]
        return super().__new__(cls)

    def disjuncts(self):
        return list(self.items)


# --- Sturm–Habicht: real-root conditions as polynomial sign conditions -------------------------

#: the real-root conditions of a generic form are expanded into sign conditions up to this degree
EXPLICIT_MAX_DEGREE = 6


def signed_subresultant_coefficients(a: list) -> list:
    """The principal signed subresultant coefficients ``sRes_p, ..., sRes_0`` of ``P`` and ``P'``
    for ``P = sum a_j t^j`` of degree ``p`` (``a_p`` the leading coefficient; entries in any
    commutative ring): ``sRes_p = a_p``, ``sRes_{p-1} = p a_p``, and for ``j <= p - 2`` the leading
    minor of the Sylvester–Habicht matrix (rows ``t^{q-j-1} P, ..., P, P', ..., t^{p-j-1} P'``).
    ``PmV`` of their signs is the number of distinct real roots of ``P`` (Basu–Pollack–Roy,
    Thm. 4.32); the first nonzero from the bottom, ``sRes_j``, gives ``deg gcd(P, P') = j``.

    EXAMPLES::

        >>> [int(x) for x in signed_subresultant_coefficients([-1, 0, 1])]   # t^2 - 1
        [1, 2, 4]
        >>> _pmv([1, 2, 4]), _pmv([1, 2, -4])                                 # t^2 - 1, t^2 + 1
        (2, 0)
    """
    from sage.matrix.constructor import matrix
    p = len(a) - 1
    b = [j * a[j] for j in range(1, p + 1)]
    q = p - 1
    zero = a[p] * 0
    out = [a[p], b[q]]
    for j in range(q - 1, -1, -1):
        ncols = p + q - j
        rows = []
        for i in list(range(q - j - 1, -1, -1)):
            row = [zero] * ncols
            for e, cf in enumerate(a):
                row[ncols - 1 - (e + i)] = cf
            rows.append(row)
        for i in range(p - j):
            row = [zero] * ncols
            for e, cf in enumerate(b):
                row[ncols - 1 - (e + i)] = cf
            rows.append(row)
        k = p + q - 2 * j
        out.append(matrix(rows).matrix_from_columns(range(k)).det())
    return out


def _pmv(signs) -> int:
    """Generalized permanences minus variations of a sequence whose first entry is nonzero."""
    s = [0 if x == 0 else (1 if x > 0 else -1) for x in signs]
    tot, i = 0, 0
    while True:
        nxt = [j for j in range(i + 1, len(s)) if s[j]]
        if not nxt:
            return tot
        j = nxt[0]
        k = j - i
        if k % 2:
            tot += (-1) ** (k * (k - 1) // 2) * s[i] * s[j]
        i = j


def _patterns(p: int, good) -> list:
    """Sign patterns ``(sign a_p, sign sRes_{p-2}, ..., sign sRes_0)`` (``sRes_{p-1}`` has the sign
    of ``a_p``) accepted by ``good(pmv, gcd_degree)``, merged into products of sign sets."""
    pats = []
    for lead in (1, -1):
        for rest in itertools.product((1, -1, 0), repeat=p - 1):
            seq = [lead, lead] + list(rest)
            j = next((p - i for i in range(len(seq) - 1, -1, -1) if seq[i]), p)
            if good(_pmv(seq), j):
                pats.append(tuple(frozenset([x]) for x in (lead,) + rest))
    pats = set(pats)
    merged = True
    while merged:
        merged = False
        for A, B in itertools.combinations(list(pats), 2):
            diff = [i for i in range(len(A)) if A[i] != B[i]]
            if len(diff) == 1:
                i = diff[0]
                C = A[:i] + (A[i] | B[i],) + A[i + 1:]
                pats -= {A, B}
                pats.add(C)
                merged = True
                break
    return sorted(pats, key=lambda t: [sorted(x) for x in t])


_SIGN_REL = {frozenset([1]): ">", frozenset([-1]): "<", frozenset([0]): "=", frozenset([1, 0]): ">=",
             frozenset([-1, 0]): "<=", frozenset([1, -1]): "/="}


@functools.lru_cache(maxsize=None)
def _generic_real_root_patterns(p: int, kind: str):
    """For the generic polynomial of degree ``p`` (``a_0..a_p`` symbols): its principal signed
    subresultant coefficients and the merged sign patterns of ``kind`` ("some": a real root;
    "all": every root real)."""
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    R = PolynomialRing(QQ, [f"a{j}" for j in range(p + 1)])
    s = signed_subresultant_coefficients(list(R.gens()))
    good = {"some": lambda v, j: v >= 1, "none": lambda v, j: v == 0,
            "all": lambda v, j: v == p - j}[kind]
    return R, s, _patterns(p, good)


_NEG = {">": "<=", "<": ">=", "=": "/=", ">=": "<", "<=": ">", "/=": "="}


def real_root_condition(coeffs: list, kind: str) -> Formula:
    """The binary form ``sum coeffs[j] x^{N-j} y^j`` (entries polynomials in ``c``; ``N`` =
    ``len - 1``) has a real root in ``P^1`` (``kind="some"``) or only real roots (``"all"``), as
    sign conditions on its signed subresultant coefficients (the zero form: true).

    EXAMPLES::

        >>> from lcnalg.geometry.parameterization import coordinate_ring
        >>> from lcnalg.geometry.architecture import Architecture
        >>> c = coordinate_ring(Architecture((2, 2))).gens()
        >>> f = real_root_condition(list(c), "all")
        >>> f.holds([-1, 0, 1]), f.holds([1, 0, 1]), f.holds([1, 2, 1]), f.holds([0, 0, 1])
        (True, False, True, True)
    """
    N = len(coeffs) - 1
    if N <= 0 or (kind == "some" and N % 2):
        return TRUE
    lead = coeffs[-1]
    R, s, pats = _generic_real_root_patterns(N, kind)
    sub = {g: v for g, v in zip(R.gens(), coeffs)}
    polys = [lead] + [x.subs(sub) if hasattr(x, "subs") else x for x in s[2:]]

    def atoms(pat):
        return [Atom(polys[i], _SIGN_REL[S]) for i, S in enumerate(pat) if len(S) < 3]

    if kind == "some":
        none = _generic_real_root_patterns(N, "none")[2]
        if len(none) < len(pats):  # not "no real root": every pattern of lead != 0 fails
            return And([Or([Atom(a.poly, _NEG[a.rel]) for a in atoms(pat)]) for pat in none])
        return Or([Atom(lead, "="), Or([And(atoms(pat)) for pat in pats])])
    nonzero = Or([And(atoms(pat)) for pat in pats])
    return Or([nonzero, And([Atom(lead, "="), real_root_condition(coeffs[:-1], kind)])])


def expand(f: Formula, arch: Architecture) -> Formula:
    """``f`` with each root-count atom of ``P`` itself replaced by Sturm–Habicht sign conditions
    where they express it (all ``N`` roots real; a real root for even ``N``; ``N`` at most
    :data:`EXPLICIT_MAX_DEGREE`); other atoms are kept."""
    N = arch.n - 1
    if isinstance(f, RootCount):
        red = arch.reduced()
        if (f.S > 1 and f.S == red.S[-1] and f.classes == REAL and f.k == 1
                and _top_family(arch, red)):
            g = _top_layer(arch, red, _ring(arch).gens())[0]
            return f if isinstance(g, RootCount) else g
        if f.S == 1 and f.classes == REAL and N <= EXPLICIT_MAX_DEGREE:
            c = list(_ring(arch).gens())
            if f.k >= N:
                return real_root_condition(c, "all") if f.k == N else FALSE
            if N % 2 == 0 and f.k <= 2:
                return real_root_condition(c, "some")
            if f.k <= 1:
                return real_root_condition(c, "some")
        return f
    if isinstance(f, _Junction):
        return type(f)([expand(g, arch) for g in f.items])
    return f


# --- the structure route ----------------------------------------------------------------

def _ring(arch):
    from lcnalg.geometry.parameterization import coordinate_ring
    return coordinate_ring(arch)


def _form_disc(coeffs):
    """Discriminant of the binary form ``sum a_j x^{N-j} y^j`` (``N = 2, 3``), sign convention
    ``>= 0`` iff all roots in ``P^1`` are real."""
    if len(coeffs) == 3:
        a, b, c = coeffs
        return b ** 2 - 4 * a * c
    a, b, c, d = coeffs
    return b ** 2 * c ** 2 - 4 * a * c ** 3 - 4 * b ** 3 * d - 27 * a ** 2 * d ** 2 + 18 * a * b * c * d


def _odd_in_block(block) -> int:
    return sum(di % 2 for di in block.d)


def _lower_closed(red) -> bool:
    from lcnalg.geometry.zariski import criterion
    return red.L == 2 or criterion(Architecture(red.k[:-1], red.s[:-2] + (1,)))[0]


def structure_formula(arch: Architecture):
    """``(formula, certification, method, reason)`` from the structure (module docstring)."""
    from lcnalg.geometry.zariski import criterion
    closed, how, _ = criterion(arch)
    if closed:
        return (TRUE, "certified" if how.startswith("theorem") else "checked", "Zariski closed",
                f"M = V(R) ({how}; MATH.md §4.2)")
    red = arch.reduced()
    c = _ring(arch).gens()
    if red.L == 1:
        m = _odd_in_block(arch)
        if arch.n - 1 in (2, 3) and m == arch.n - 1:
            f = Atom(_form_disc(list(c)), ">=")
            how = "discriminant of the binary form >= 0 (all roots real)"
        else:
            f = RootCount(1, REAL, m)
            how = "real roots with multiplicity (Sturm counts of the square-free parts)"
        return (f, "certified", "stride-one: real roots",
                f"stride-one, {m} odd layers: P in M iff P has at least {m} real roots in P^1 "
                f"counted with multiplicity (a real form factors into real factors of degrees d_i "
                f"iff every odd d_i gets a real root); {how}")
    blocks = arch.blocks()
    if _top_family(arch, red):
        f, cert, method, why = _top_layer(arch, red, c)
        if len(str(f)) > COMPACT_CHARS:  # the explicit version stays in ``expand``
            return RootCount(red.S[-1], REAL, 1), cert, method, why
        return f, cert, method, why
    return (_plans(arch, red, blocks), "checked", "periodic-part root counts (swap lemma)",
            "P in M iff some choice of the real types of the layer factors fits the real types of "
            "the periodic parts T_{S_l}(P) (MATH.md §4.1); minimal plans only")


#: a structure formula longer than this (characters) is kept compact (root-count atoms); its
#: explicit form is :func:`expand`'s
COMPACT_CHARS = 400


def _top_family(arch, red) -> bool:
    return (red.L >= 2 and all(b.filling for b in arch.blocks()) and red.d[-1] % 2
            and _lower_closed(red))


def _top_layer(arch, red, c):
    S, d = red.S[-1], red.d[-1]
    n = arch.n
    phases = [(r, [c[j] for j in range(r, n, S)]) for r in range(S) if r < n]
    R = [(r, cs) for r, cs in phases if len(cs) - 1 == d + 1]
    others = [(r, cs) for r, cs in phases if len(cs) - 1 != d + 1]
    why = (f"layers below the top are Zariski closed and d_L = {d} is odd: P in M iff "
           f"T_{S}(P) has a real root (swap lemma, MATH.md §4.1)")
    if not R and len(phases) == 2 and all(len(cs) - 1 == d + 2 for _, cs in phases) \
            and d + 1 <= EXPLICIT_MAX_DEGREE:
        return (_two_phases_jump(phases[0][1], phases[1][1], d), "certified",
                "top layer: periodic part has a real root",
                why + f"; two phases of degree d_L + 2 = {d + 2}: T can lack a real root only on the "
                f"stratum deg T = {d + 1} (deg T >= d_L on V; degrees d_L and d_L + 2 are odd), where "
                f"T is the subresultant SRes_{d + 1} of the phases (psc_{d} = 0, psc_{d + 1} != 0)")
    if not R:
        return (RootCount(S, REAL, 1), "certified", "top layer: periodic part has a real root", why)
    if d + 1 > EXPLICIT_MAX_DEGREE:
        return (RootCount(S, REAL, 1), "certified", "top layer: periodic part has a real root", why)
    conds = [Atom(_form_disc(cs), ">=") if d == 1 else real_root_condition(cs, "some")
             for r, cs in R]
    if all(len(cs) - 1 <= d for _, cs in others) or (len(others) == 1 and (len(others[0][1]) - 1) % 2):
        fallback = TRUE   # T is a nonzero other phase of degree d_L, or the only other phase
        #                   (odd degree), or P = 0
    else:
        fallback = RootCount(S, REAL, 1)
    nonzero = Or([Atom(x, "/=") for _, cs in R for x in cs])
    f = And(list(dict.fromkeys(conds)) + [Or([nonzero, fallback])])
    why += (f"; T divides the phases {[r for r, _ in R]} of degree d_L + 1 = {d + 1}, so a nonzero "
            "one has a real root iff T has one" + ("; for d_L = 1 that is disc >= 0" if d == 1 else
                                                   "; by its signed subresultant coefficients"))
    return f, "certified", "top layer: periodic part has a real root", why


def _subresultant(f: list, g: list, j: int) -> list:
    """Coefficients (lowest first) of the ``j``-th subresultant polynomial of ``f, g`` (lists of
    coefficients, lowest first, formal degrees ``len - 1``), ``j < min`` of the degrees: the
    determinants of the Sylvester rows ``t^{q-j-1} f..f, t^{p-j-1} g..g`` on their first
    ``p + q - 2j - 1`` columns and the column of ``t^i``."""
    from sage.matrix.constructor import matrix
    p, q = len(f) - 1, len(g) - 1
    ncols = p + q - j
    zero = f[0] * 0
    rows = []
    for poly, reps in ((f, q - j), (g, p - j)):
        for i in range(reps - 1, -1, -1):
            row = [zero] * ncols
            for e, cf in enumerate(poly):
                row[ncols - 1 - (e + i)] = cf
            rows.append(row)
    M = matrix(rows)
    k = p + q - 2 * j - 1
    return [M.matrix_from_columns(list(range(k)) + [ncols - 1 - i]).det() for i in range(j + 1)]


def _negate(f: Formula) -> Formula:
    if f is TRUE or f is FALSE:
        return FALSE if f is TRUE else TRUE
    if isinstance(f, Atom):
        return Atom(f.poly, _NEG[f.rel])
    if isinstance(f, And):
        return Or([_negate(g) for g in f.items])
    if isinstance(f, Or):
        return And([_negate(g) for g in f.items])
    raise NotExplicit(f"cannot negate {f}")


def _two_phases_jump(P0: list, P1: list, d: int) -> Formula:
    """``T = gcd(P0, P1)`` (both of formal degree ``d + 2``, ``d`` odd, ``deg T >= d``) has a real
    root: false only where ``deg T = d + 1`` and ``SRes_{d+1}`` has none.  Subresultants are taken
    with a phase of nonzero leading coefficient first (both zero: the root ``oo``)."""
    def bad(f, g):
        lower = _subresultant(f, g, d)
        top = _subresultant(f, g, d + 1)
        return And([Atom(lower[-1], "="), Atom(top[-1], "/="),
                    _negate(real_root_condition(top, "some"))])
    l0, l1 = P0[-1], P1[-1]
    B = Or([And([Atom(l0, "/="), bad(P0, P1)]), And([Atom(l0, "="), Atom(l1, "/="), bad(P1, P0)])])
    return _negate(B)


def _contrib(w: tuple, m: int) -> list:
    """The type at level ``S`` of ``w(X^m)`` for ``w`` of type ``w`` at level ``m S``."""
    zero, inf, pos, neg, pairs = w
    out = [zero * m, inf * m, 0, 0, pairs * m]
    if m % 2:
        out[2] += pos
        out[3] += neg
        out[4] += (pos + neg) * (m - 1) // 2
    else:
        out[2] += pos
        out[3] += pos
        out[4] += pos * (m - 2) // 2 + neg * m // 2
    return out


def _plans(arch, red, blocks):
    L = red.L
    d, S = red.d, red.S
    need = [(_odd_in_block(b) if _odd_in_block(b) >= 2 else 0) for b in blocks]
    choices = []
    for l in range(1, L):
        big = (d[l],) * 5
        choices.append([w for w in periodic._factor_types(big, d[l])
                        if w[0] + w[1] + w[2] + w[3] >= need[l]])
    reqs = set()
    for plan in itertools.product(*choices):
        w = dict(zip(range(1, L), plan))
        req = []
        for l in range(1, L):
            v = list(w[l])
            for h in range(l + 1, L):
                v = [a + b for a, b in zip(v, _contrib(w[h], S[h] // S[l]))]
            req.extend(v)
        if need[0]:
            real = need[0] + sum(sum(_contrib(w[h], S[h])[:4]) for h in range(1, L))
            req.append(real)
        reqs.add(tuple(req))
    minimal = [r for r in reqs if not any(o != r and all(a <= b for a, b in zip(o, r)) for o in reqs)]
    minimal.sort(key=lambda r: (sum(r), r), reverse=True)
    conj = []
    for r in minimal:
        atoms = []
        for i, l in enumerate(range(1, L)):
            v = r[5 * i:5 * i + 5]
            atoms.extend(RootCount(S[l], (CLASSES[j],), v[j]) for j in range(5) if v[j] > 0)
        if need[0]:
            atoms.append(RootCount(1, REAL, r[-1]))
        conj.append(atoms)
    return Or([And(a) for a in _simplify(conj)])


def _implies(a: RootCount, b: RootCount) -> bool:
    return a.S == b.S and set(a.classes) <= set(b.classes) and a.k >= b.k


def _conj_implies(A, B) -> bool:
    return all(any(_implies(a, b) for a in A) for b in B)


def _simplify(conj: list) -> list:
    r"""Sound simplifications of a disjunction of conjunctions of root-count atoms: drop a
    conjunction implied by another; merge ``x /\ R1`` and ``y /\ R2`` (``x, y``: ``>= 1`` at
    the same level, ``R1 => R2``) into ``(x or y) /\ R1`` (the ``y /\ R1`` part lies in the second)."""
    changed = True
    while changed:
        changed = False
        conj = [C for i, C in enumerate(conj)
                if not any(j != i and _conj_implies(C, conj[j]) and
                           (not _conj_implies(conj[j], C) or j < i) for j in range(len(conj)))]
        for i in range(len(conj)):
            for j in range(len(conj)):
                if i == j:
                    continue
                A, B = conj[i], conj[j]
                done = False
                for x in A:
                    if x.k != 1:
                        continue
                    rest = [a for a in A if a is not x]
                    for y in B:
                        if y.k != 1 or y.S != x.S or set(y.classes) <= set(x.classes):
                            continue
                        if _conj_implies(rest, [b for b in B if b is not y]):
                            cl = tuple(c for c in CLASSES if c in x.classes or c in y.classes)
                            conj[i] = [RootCount(x.S, cl, 1) if a is x else a for a in A]
                            changed = done = True
                            break
                    if done:
                        break
    return conj


# --- quantifier elimination (QEPCAD B) ----------------------------------------------------

@dataclass
class QEResult:
    """QEPCAD's answer: ``formula`` (``None`` when it did not finish or could not be parsed),
    ``seconds``, ``gauges``, the ``input`` sent and the ``raw`` answer."""
    formula: Formula | None
    seconds: float
    gauges: int
    input: str
    raw: str = ""
    error: str = ""


def _qepcad_executable():
    _sage.init()
    from sage.features.qepcad import Qepcad
    exe = Qepcad().absolute_filename()
    from pathlib import Path
    return exe, str(Path(exe).parent.parent)


def _gauge_conditions(arch):
    """Per gauge (first nonzero entry of each upper filter = 1): the list of polynomials in
    ``c`` and ``u`` that vanish exactly on the image of that gauge."""
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    n, k, S = arch.n, arch.k, arch.S
    K = sum(ki - 1 for ki in k[1:])
    names = [f"c{j}" for j in range(n)] + [f"u{j + 1}" for j in range(K)]
    B = PolynomialRing(QQ, names)
    cs, us = B.gens()[:n], B.gens()[n:]
    Bt = PolynomialRing(B, "t")
    t = Bt.gen()
    out = []
    for j0s in itertools.product(*[range(ki) for ki in k[1:]]):
        used, Rp, e = 0, Bt.one(), 0
        for (l, ki), j0 in zip(enumerate(k[1:], start=1), j0s):
            f = Bt.one()
            for j in range(j0 + 1, ki):
                f += us[used] * t ** (S[l] * (j - j0))
                used += 1
            Rp *= f
            e += S[l] * j0
        eqs = [cs[j] for j in range(min(e, n))]
        if e > n - 1 - (k[0] - 1):
            out.append(None)
            continue
        q = Bt([cs[j] for j in range(e, n)])
        # w_1 = q / R' mod t^{k_1} (R'(0) = 1: the inverse power series has polynomial coefficients)
        inv, prec = Bt.one(), k[0]
        for _ in range(prec):
            inv = (inv * (2 - Rp * inv)).truncate(prec)
        w1 = (q * inv).truncate(prec)
        rem = q - w1 * Rp
        eqs += [x for x in rem.list() if x != 0]
        out.append(eqs)
    return B, [g for g in out if g is not None]


def qe_formula(arch: Architecture, seconds: float | None = 60.0, memcells: int = 20_000_000,
               split: bool = False) -> QEResult:
    r"""``∃ w real: mu(w) = c`` eliminated by QEPCAD B (a subprocess, killed after ``seconds``).

    ``split``: one QEPCAD run per gauge (those without free filter entries need none), the
    answer their disjunction, all within ``seconds``; otherwise one run on the disjunction.

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> r = qe_formula(Architecture((2, 2)), seconds=60)
        >>> print(r.formula)                       # c0 = 0: a root at infinity
        c0 = 0 \/ -c1^2 + 4*c0*c2 <= 0
        >>> print(qe_formula(Architecture((2, 2)), seconds=60, split=True).formula)
        (-c1^2 + 4*c0*c2 <= 0 /\ (c2 = 0 \/ c0 /= 0 \/ -c1^2 + 4*c0*c2 < 0)) \/ c0 = 0
    """
    B, gauges = _gauge_conditions(arch)
    gauges = list(dict.fromkeys(tuple(g) for g in gauges))
    n = arch.n
    t0 = time.perf_counter()
    if not split:
        text = _qepcad_input(arch, B, gauges)
        out, err = _run_qepcad(text, seconds, f"QEPCAD on {arch.label}", memcells)
        return _qe_result(arch, out, err, time.perf_counter() - t0, len(gauges), text)
    parts, texts = [], []
    R = _ring(arch)
    for eqs in gauges:
        if not any(v not in B.gens()[:n] for g in eqs for v in g.variables()):
            parts.append(And([Atom(R(str(g)), "=") for g in eqs]))
            continue
        text = _qepcad_input(arch, B, [eqs])
        texts.append(text)
        left = None if seconds is None else seconds - (time.perf_counter() - t0)
        if left is not None and left <= 0:
            return QEResult(None, time.perf_counter() - t0, len(gauges), "\n".join(texts),
                            error=f"QEPCAD on {arch.label} (split) timed out after {seconds:g} s")
        out, err = _run_qepcad(text, left, f"QEPCAD on {arch.label} (split)", memcells)
        r = _qe_result(arch, out, err, 0, 1, text)
        if r.formula is None:
            r.seconds, r.gauges = time.perf_counter() - t0, len(gauges)
            return r
        parts.append(r.formula)
    return QEResult(Or(parts), time.perf_counter() - t0, len(gauges), "\n".join(texts))


def _qepcad_input(arch, B, gauges) -> str:
    n = arch.n
    us = [str(u) for u in B.gens()[n:] if any(u in g.variables() for eqs in gauges for g in eqs)]
    disj = " \\/ ".join("[" + " /\\ ".join(f"{str(g).replace('*', ' ')} = 0" for g in eqs) + "]"
                         if eqs else "TRUE" for eqs in gauges)
    quant = "".join(f"(E{u})" for u in us)
    return (f"[ M {arch.label} ]\n({','.join([f'c{j}' for j in range(n)] + us)})\n{n}\n"
            f"{quant}[{disj}].\nfinish\n")


def _run_qepcad(text: str, seconds, what: str, memcells: int):
    """QEPCAD's output (``None`` on timeout) and the error message."""
    import subprocess
    from lcnalg.errors import EngineTimeout
    from lcnalg.procs import communicate_with_time_limit, start_process
    exe, prefix = _qepcad_executable()
    proc = start_process([exe, f"+N{memcells}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, env={"qe": prefix, "PATH": "/usr/bin:/bin"},
                         text=True)
    try:
        proc.stdin.write(text)
        proc.stdin.close()
        proc.stdin = None
        out, _ = communicate_with_time_limit(proc, seconds, what)
    except EngineTimeout as e:
        return None, str(e)
    return out, ""


def _qe_result(arch, out, err, secs, gauges, text) -> QEResult:
    from lcnalg.errors import EngineError
    if out is None:
        return QEResult(None, secs, gauges, text, error=err)
    if "Reason for the failure:" in out:
        why = out.split("Reason for the failure:", 1)[1].strip().splitlines()[0].strip()
        extra = "; McCallum projection not valid there" if "McCallum projection" in out else ""
        return QEResult(None, secs, gauges, text, out, f"QEPCAD failed: {why}{extra}")
    try:
        f = parse_qepcad(out, _ring(arch))
    except (ValueError, EngineError) as e:
        return QEResult(None, secs, gauges, text, out, f"not parsed: {e}")
    return QEResult(f, secs, gauges, text, out)


_TOKEN = re.compile(r"\s*(/\\|\\/|\[|\]|<=|>=|/=|=|<|>|TRUE|FALSE|[^\[\]<>=/\\]+)")


def parse_qepcad(output: str, ring) -> Formula:
    """The formula after "An equivalent quantifier-free formula:" in QEPCAD's output, over
    ``ring``.

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> R = _ring(Architecture((2, 2)))
        >>> print(parse_qepcad("An equivalent quantifier-free formula:\\n\\n4 c0 c2 - c1^2 <= 0 "
        ...                    "/\\\\ [ c2 = 0 \\\\/ c0 /= 0 ]\\n\\n=====", R))
        -c1^2 + 4*c0*c2 <= 0 /\\ (c2 = 0 \\/ c0 /= 0)
    """
    marker = "An equivalent quantifier-free formula:"
    if marker not in output:
        raise ValueError("no quantifier-free formula in QEPCAD's output: " + output[-300:])
    body = output.split(marker, 1)[1].split("=====", 1)[0].strip()
    if "_root_" in body:
        raise ValueError(f"extended Tarski formula (_root_ atoms): {body[:200]}")
    toks = [m.group(1).strip() for m in _TOKEN.finditer(body) if m.group(1).strip()]
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        pos[0] += 1
        return toks[pos[0] - 1]

    def poly(text):
        s = re.sub(r"(?<=[\w^)])\s+(?=[\w(])", "*", text.strip())
        return ring(s.replace("^", "**"))

    def expr():
        items = [term()]
        while peek() == "\\/":
            take()
            items.append(term())
        return Or(items)

    def term():
        items = [factor()]
        while peek() == "/\\":
            take()
            items.append(factor())
        return And(items)

    def factor():
        tok = take()
        if tok == "[":
            f = expr()
            if take() != "]":
                raise ValueError(f"unbalanced brackets in {body!r}")
            return f
        if tok in ("TRUE", "FALSE"):
            return TRUE if tok == "TRUE" else FALSE
        rel = take()
        rhs = take()
        if rel not in _RELS:
            raise ValueError(f"unexpected {rel!r} in {body!r}")
        return Atom(poly(tok) - poly(rhs), rel)

    f = expr()
    if pos[0] != len(toks):
        raise ValueError(f"trailing text in {body!r}")
    return f


# --- the description ----------------------------------------------------------------------

#: ``to_dict`` leaves out an expanded formula (and its QEPCAD syntax) longer than this
MAX_JSON_CHARS = 20000


@dataclass
class SemialgebraicDescription:
    """``M = V(R) ∩ {formula}``: see the module docstring.  ``qe``: the QEPCAD comparison when
    asked for (``FunctionSpace.semialgebraic(qe_seconds=...)``)."""
    arch: Architecture
    formula: Formula
    certification: str
    method: str
    reason: str
    checks: dict = field(default_factory=dict)
    qe: QEResult | None = field(default=None, repr=False)
    expanded: Formula | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.expanded is None:
            self.expanded = expand(self.formula, self.arch)

    def __repr__(self):
        return (f"<Semialgebraic description of M{self.arch}: {len(self.formula.atoms())} atoms, "
                f"{self.method}; {self.certification}>")

    @property
    def polynomials(self) -> list:
        """The polynomials of the expanded formula's sign conditions."""
        return self.expanded.polynomials()

    def holds(self, point) -> bool:
        """The formula at a rational point (exact); ``M = V(R) ∩ {holds}``."""
        return self.formula.holds(point)

    def size(self) -> dict:
        polys = self.polynomials
        return {"atoms": len(self.formula.atoms()), "polynomial_count": len(polys),
                "max_degree": int(max((p.total_degree() for p in polys), default=0)),
                "disjuncts": len(self.formula.disjuncts()), "explicit": self.expanded.explicit,
                "root_count_atoms": sum(isinstance(a, RootCount) for a in self.expanded.atoms())}

    def qepcad(self) -> str | None:
        """QEPCAD syntax of the expanded formula (``None`` while it has root-count atoms)."""
        try:
            return self.expanded.qepcad()
        except NotExplicit:
            return None

    def boundary(self) -> dict:
        """``∂M`` (relative to ``V(R)``): where the obstructions of MATH.md §4.2 degenerate (a
        double real root of a non-filling block's filter: KMST codim 1; of an odd layer's
        enlarged periodic part: KMST codim ``>= 2``), with the dimension of each family computed
        as the exact rank of its Jacobian at a random rational point."""
        return boundary(self.arch)

    def to_dict(self) -> dict:
        big = len(str(self.expanded)) > MAX_JSON_CHARS
        d = {"formula": str(self.formula),
             "expanded": None if self.expanded is self.formula or big else str(self.expanded),
             "expanded_chars": len(str(self.expanded)),
             "qepcad": None if big else self.qepcad(), "certification": self.certification,
             "method": self.method, "reason": self.reason,
             **self.size(), "polynomials": None if big else [str(p) for p in self.polynomials],
             "checks": self.checks}
        if self.qe is not None:
            d["qe"] = {"formula": None if self.qe.formula is None else str(self.qe.formula),
                       "seconds": round(self.qe.seconds, 3), "gauges": self.qe.gauges,
                       "error": self.qe.error}
        return d


@dataclass(frozen=True)
class DescriptionSummary:
    """What a table keeps of a :class:`SemialgebraicDescription`: its :meth:`to_dict` read
    back (:meth:`from_dict`) without the formula."""
    certification: str
    method: str
    reason: str
    atoms: int
    polynomial_count: int
    max_degree: int
    disjuncts: int
    checks: dict

    @classmethod
    def from_dict(cls, d: dict) -> DescriptionSummary:
        return cls(d["certification"], d["method"], d["reason"], d["atoms"],
                   d["polynomial_count"], d["max_degree"], d["disjuncts"], dict(d.get("checks") or {}))

    @property
    def membership_check(self) -> str | None:
        """The comparison with exact membership, in words (None: not run)."""
        m = self.checks.get("membership")
        return f"{m['points']} points of V ({m['outside_M']} outside M): all agree" if m else None


def semialgebraic(arch: Architecture, qe_seconds: float | None = None, points: int = 0,
                  seed: int = 0) -> SemialgebraicDescription:
    """The description from the structure; ``points > 0`` compares it with the exact membership
    test on that many random points of ``V`` (:func:`lcnalg.geometry.zariski.random_point_of_V`)
    and of ``M``; ``qe_seconds`` also runs QEPCAD for that long and compares on the same points."""
    f, cert, method, reason = structure_formula(arch)
    D = SemialgebraicDescription(arch, f, cert, method, reason)
    if points:
        D.checks["membership"] = compare_with_membership(arch, f, points, seed)
        if D.expanded is not f:
            D.checks["expanded_vs_membership"] = compare_with_membership(arch, D.expanded, points, seed)
    if qe_seconds:
        D.qe = qe_formula(arch, qe_seconds)
        if D.qe.formula is not None:
            D.checks["qe"] = compare_formulas(arch, f, D.qe.formula, max(points, 200), seed)
    if cert == "checked":
        parts = []
        if "membership" in D.checks:
            parts.append(f"agrees with exact membership on {D.checks['membership']['points']} points")
        if "qe" in D.checks and D.checks["qe"]["disagree"] == 0:
            parts.append(f"with QEPCAD on {D.checks['qe']['points']} points of V")
        if parts:
            D.reason += "; checked: " + ", ".join(parts)
    return D


def sample_points(arch: Architecture, points: int, seed: int = 0):
    """``points`` rational points of ``V``: half ``mu`` of random integer filters (in ``M``),
    half :func:`~lcnalg.geometry.zariski.random_point_of_V` (both sides of ``M``)."""
    import numpy as np
    from lcnalg.geometry.membership import Membership
    from lcnalg.geometry.zariski import random_point_of_V
    rng = np.random.default_rng(seed)
    M = Membership(arch)
    out = []
    for i in range(points):
        out.append(M.random_point(rng, height=3) if i % 2 else random_point_of_V(arch, rng)[0])
    return out


def compare_with_membership(arch: Architecture, f: Formula, points: int, seed: int = 0) -> dict:
    """``f`` against ``FunctionSpace.contains`` (exact) on sampled points of ``V``; raises
    ``ArithmeticError`` at a disagreement."""
    from lcnalg.geometry.membership import Membership
    M = Membership(arch)
    inside = 0
    for P in sample_points(arch, points, seed):
        member = M.contains(P, method="periodic", filters=False).member
        if f.holds(P) != member:
            raise ArithmeticError(f"the description of M{arch} says {not member} at {P}, "
                                  f"exact membership says {member}")
        inside += member
    return {"points": points, "in_M": inside, "outside_M": points - inside, "seed": seed}


def compare_formulas(arch, f, g, points: int, seed: int = 0) -> dict:
    """Truth values of ``f`` and ``g`` on sampled points of ``V``."""
    bad = [P for P in sample_points(arch, points, seed) if f.holds(P) != g.holds(P)]
    return {"points": points, "disagree": len(bad), "first": None if not bad else [str(x) for x in bad[0]]}


# --- boundary ---------------------------------------------------------------------------

def boundary(arch: Architecture) -> dict:
    """Families of boundary points, one per obstruction, with their dimensions (see
    :meth:`SemialgebraicDescription.boundary`)."""
    from lcnalg.geometry.zariski import criterion
    if criterion(arch)[0]:
        return {"empty": True, "families": [], "reason": "M = V(R): no relative boundary"}
    red = arch.reduced()
    d, S = red.d, red.S
    fams = []
    for b, B in enumerate(arch.blocks()):
        if not B.filling:
            degs = list(d)
            rank = _family_rank(red, degs, b)
            fams.append({"obstruction": f"stride-one block {b + 1} {B.k} not filling",
                         "where": "the block's filter has a double real root",
                         "dimension": rank, "codim_in_M": arch.dim - rank,
                         "kmst": "codim 1 (stride-one boundary)", "agrees": arch.dim - rank == 1,
                         "_degs": degs, "_special": b})
    for l in range(1, red.L):
        low = sum(d[i] * S[i] for i in range(l))
        if d[l] % 2 and low >= S[l]:
            from lcnalg.geometry.zariski import layer_cut
            cut = layer_cut(d, S, l)
            degs = [d[i] - (cut[i] if i < l else 0) + (1 if i == l else 0) for i in range(red.L)]
            rank = _family_rank(red, degs, l)
            fams.append({"obstruction": f"layer {l + 1} (d={d[l]} odd, lower layers reach {low} >= S={S[l]})",
                         "where": f"T_{S[l]}(P) has degree {d[l] + 1} with a double real root",
                         "dimension": rank, "codim_in_M": arch.dim - rank,
                         "kmst": "codim >= 2 (reduced boundary)", "agrees": arch.dim - rank >= 2,
                         "_degs": degs, "_special": l})
    for fam in fams:
        fam.update(_family_check(arch, red, fam.pop("_degs"), fam.pop("_special")))
    return {"empty": False, "families": fams,
            "codim_in_M": min(f["codim_in_M"] for f in fams),
            "agrees_with_kmst": all(f["agrees"] for f in fams),
            "method": "exact Jacobian rank of each family's parameterization at a random rational point"}


def _family_check(arch, red, degs, special) -> dict:
    """A rational point of the family (the special filter ``(t - 2)^2 g``, ``g`` with conjugate
    pairs and, for odd degree, one more real root; the other filters with distinct real roots),
    whether the exact interior test calls it a boundary point, and which atoms of the expanded
    formula hold with equality there."""
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    from lcnalg.geometry.interior import is_interior
    from lcnalg.geometry.membership import Membership
    T = PolynomialRing(QQ, "t")
    t = T.gen()
    P = T.one()
    for i, e in enumerate(degs):
        if i == special:
            f = (t - 2) ** 2 * (t - 5) ** ((e - 2) % 2)
            for j in range((e - 2) // 2):
                f *= (t - j - 1) ** 2 + j + 1
        else:
            f = T.prod(t - (7 + 3 * i + j) / QQ(2 + i) for j in range(e))
        P *= f(t ** red.S[i])
    c = (list(P.list()) + [QQ(0)] * arch.n)[:arch.n]
    M = Membership(arch)
    out = {"point": [str(x) for x in c], "in_M": M.contains(c, method="periodic", filters=False).member}
    if out["in_M"]:
        r = is_interior(M, c)
        out["interior_test"] = {True: "interior", False: "boundary", None: "undecided"}[r.interior]
        out["interior_certification"] = r.certification
    D = semialgebraic(arch)
    pt = _Point(c)
    tight = []
    for a in D.expanded.atoms():
        if isinstance(a, Atom) and a.rel in (">=", "<=") and a.poly(*c) == 0:
            tight.append(str(a) if len(str(a)) < 200 else f"{str(a)[:150]} ... {a.rel} 0")
        elif isinstance(a, RootCount) and sum(pt.type(a.S)[CLASSES.index(x)] for x in a.classes) == a.k:
            tight.append(str(a))
    out["tight_atoms"] = tight
    return out


def _family_rank(red, degs, special) -> int:
    """Rank of ``d mu`` for layers of degrees ``degs`` (strides ``red.S``) with layer
    ``special``'s filter ``(t - a)^2 g``: the dimension of that family's image (affine cone)."""
    import random
    from sage.matrix.constructor import matrix
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    names = []
    for i, e in enumerate(degs):
        if i == special:
            names += ["a"] + [f"g{j}" for j in range(e - 1)]
        else:
            names += [f"w{i}_{j}" for j in range(e + 1)]
    R = PolynomialRing(QQ, names)
    T = PolynomialRing(R, "t")
    t = T.gen()
    P, pos = T.one(), 0
    gens = R.gens()
    for i, e in enumerate(degs):
        if i == special:
            a = gens[pos]
            g = T([gens[pos + 1 + j] for j in range(e - 1)])
            pos += e
            f = (t - a) ** 2 * g
        else:
            f = T(list(gens[pos:pos + e + 1]))
            pos += e + 1
        P *= f(t ** red.S[i])
    coeffs = P.list()
    rnd = random.Random(1)
    pt = {v: QQ(rnd.randint(-50, 50)) / rnd.randint(1, 9) for v in gens}
    J = matrix(QQ, [[c.derivative(v).subs(pt) for v in gens] for c in coeffs])
    return J.rank()
