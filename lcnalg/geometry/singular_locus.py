"""Singular loci of neurovarieties (MATH.md §5): Jacobian criterion and the theorem.

Three ways to compute ``Sing(V_{k,s})``:

* ``"theorem"`` (default): for a reduced architecture ``(d, S)`` with ``L > 1`` [theorem]
  ``Sing = {0} ∪ ⋃_{d' in D} V_{d',S}``, ``D = {d' != d : d'_i >= 0, sum d'_i S_i = sum d_i S_i,
  sum_{i>=l} d'_i S_i >= sum_{i>=l} d_i S_i for all l}``.  Each ``V_{d',S}`` is the neurovariety
  of ``k'_i = d'_i + 1`` with the same strides (a constant layer when ``d'_i = 0``), in the same
  coordinates ``c``; those inside another are dropped.  Fast: only smaller eliminations.
* ``"jacobian"``: ``I(V)`` plus the ``codim``-minors of the Jacobian of its generators, then
  Singular's radical and minimal associated primes (``minAssGTZ``), through Sage.
* ``"m2"``: Macaulay2's ``singularLocus`` and ``decompose`` (``lcnalg/m2scripts/singular_locus.m2``).

Non-reduced architectures have the same ``V`` as their reduced architecture; the theorem is
applied to the reduced one (``note`` says so).  ``L = 1`` after reduction (stride-one, thick):
``V = C^n`` is smooth, the singular locus is empty (``dim = -1``).  The theorem needs every
``k_i >= 2`` in the reduced architecture; otherwise ``"theorem"`` falls back to the Jacobian.

``"jacobian"`` and ``"m2"`` compare their components with the theorem's (as sets of prime
ideals, hence also the radicals): ``agrees_with_theorem``.

**A cheaper Jacobian check** (:func:`jacobian_compare`, the tables' check): no minimal
primes, no full list of minors.  Let ``I = I(V)`` (a certified engine's generators, integer
after clearing denominators), ``c = codim V``, ``K = I + (c-minors of the Jacobian)`` (so
``V(K) = Sing(V)``), and ``U = ⋃ V(P_i)`` the theorem's union (``{0}`` when ``D`` is empty).

1. *Each theorem component is singular*: at a point ``P = mu'(w')`` of ``V(P_i) = V_{d',S}``
   with filter entries drawn uniformly from ``1..N``, ``rank J(P) < c`` (exact rank over QQ).
   If ``V(P_i)`` were not inside ``Sing(V)``, some ``c``-minor ``m`` would be nonzero on it;
   ``m(mu'(w'))`` has degree ``<= c (δ-1) L`` in ``w'`` (``δ`` the largest generator degree),
   so the rank drops there with probability ``<= c (δ-1) L / N`` (Schwartz–Zippel); two
   points give the square, reported as ``error_bound``.  A point of full rank is a smooth point
   of ``V`` on ``V(P_i)``: an exact disagreement.  At the origin the rank is the number of
   linear generators: exact.
2. *``dim Sing(V) <= e = dim U``*: ``K' = I + (f_1..f_N)`` with ``f_k = det(A_k J B_k)`` for
   random integer ``A_k`` (``c x #gens``), ``B_k`` (``#vars x c``): by Cauchy–Binet a
   combination of ``c``-minors, so ``K' ⊆ K``.  Modulo ``p``, ``H_{R/K'_p} >= H_{R/K}`` (a
   rank mod ``p`` never exceeds the rank over QQ), so ``dim R/K <= dim R/K'_p``; and if the
   cone ``V(K'_p)`` meets a linear space ``Λ`` of codimension ``e`` only in ``0`` (checked:
   ``K'_p`` restricted to ``Λ``, given by an integer matrix of full rank mod ``p``, is
   zero-dimensional), then ``dim V(K'_p) <= e`` (dimension of intersections of cones).
   Everything is exact; the random choices only decide whether the bound is reached
   (``N = dim V - e + 1``; if not, the check says "not checked", never "no").

1 and 2 give ``U ⊆ Sing(V)`` and ``dim Sing(V) = dim U``.  When ``U = {0}`` this is
``Sing(V) = U``, exactly (``agrees = True``, scope ``"equal"``).  Otherwise a component of
``Sing(V)`` outside ``U`` of dimension ``<= dim U`` is not excluded: ``agrees = True`` with
scope ``"dimension"`` and that sentence in ``detail``.  The minors come from the linear
split of :func:`jacobian_ideal` (the graph over the remaining coordinates).

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.singular_locus import singular_locus, theorem_D
    >>> A = Architecture((3, 2), (2, 1))
    >>> theorem_D(A)
    [(0, 2)]
    >>> sl = singular_locus(A)
    >>> sl.dim, sl.codim, [c.generators for c in sl.components]
    (3, 2, [[c1, c3]])
    >>> singular_locus(A, method="jacobian").agrees_with_theorem
    True
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import coordinate_ring
from lcnalg.implicit.hilbert import degree
from lcnalg.procs import call_with_time_limit
from lcnalg.result import CERTIFICATIONS, Result

METHODS = ("theorem", "jacobian", "m2")


@dataclass
class Component:
    """An irreducible component: its prime ideal, ``d'`` when it is a ``V_{d',S}``; read back
    from :meth:`to_dict` (:meth:`from_dict`) it has no ideal, only its generators' ``texts``."""
    ideal: object
    dim: int
    degree: int
    d_prime: tuple | None = None
    texts: list | None = None

    @property
    def generators(self) -> list:
        return list(self.ideal.gens()) if self.ideal is not None else list(self.texts or [])

    def prime(self, R):
        """The prime ideal in ``R`` (rebuilt from ``texts`` when read back)."""
        return self.ideal if self.ideal is not None else R.ideal([R(t) for t in self.texts])

    @classmethod
    def from_dict(cls, d: dict) -> Component:
        dp = d.get("d_prime")
        return cls(None, d["dim"], d["degree"], None if dp is None else tuple(dp),
                   list(d.get("generators") or []))

    def to_dict(self) -> dict:
        return {"d_prime": None if self.d_prime is None else list(self.d_prime), "dim": self.dim,
                "degree": self.degree, "generators": [str(g) for g in self.generators]}


@dataclass
class SingularLocus(Result):
    """``Sing(V_{k,s})`` in ``C^n``: ``dim`` (affine, ``-1`` when empty), ``codim`` (in ``C^n``),
    ``degree`` (of the top-dimensional part), irreducible ``components``; ``detail``: what was
    applied instead of what (the key ``note`` of :meth:`to_dict`).  ``certified``: every
    method proves its answer (the theorem with its hypotheses checked and certified
    components' ideals; the Jacobian criterion and Macaulay2 by Gröbner bases and minimal
    primes)."""
    arch: Architecture
    method: str
    components: list
    agrees_with_theorem: bool | None = None
    detail: str = ""
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)
    seed: int | None = None

    certification = "certified"

    @property
    def dim(self) -> int:
        return max((c.dim for c in self.components), default=-1)

    @property
    def codim(self) -> int:
        return self.arch.n - self.dim if self.components else self.arch.n + 1

    @property
    def degree(self) -> int:
        return sum(c.degree for c in self.components if c.dim == self.dim)

    def ideal(self):
        """The radical ideal: the intersection of the components' primes."""
        R = coordinate_ring(self.arch)
        if not self.components:
            return R.ideal(1)
        out = self.components[0].prime(R)
        for c in self.components[1:]:
            out = out.intersection(c.prime(R))
        return out

    def __repr__(self):
        n = len(self.components)
        return (f"<SingularLocus of V{self.arch}: dim {self.dim}, {n} component{'s' * (n != 1)}, "
                f"by {self.method}>")

    @property
    def label(self) -> str:
        """What was computed, e.g. ``Sing(V) = {0} ∪ V_{(0,2),S}`` (MATH.md §5)."""
        if self.arch.reduced().L == 1:
            return "Sing(V) = empty (V = C^n)"
        if self.method == "theorem":
            D = theorem_D(self.arch)
            return ("Sing(V) = {0} ∪ " + " ∪ ".join(f"V_{{{dp},S}}" for dp in D) if D
                    else "Sing(V) = {0}") + " (MATH.md §5, D of the reduced architecture)"
        return f"Sing(V) by the {self.method} criterion (minimal primes)"

    @classmethod
    def from_dict(cls, arch: Architecture, d: dict) -> SingularLocus:
        """The inverse of :meth:`to_dict` (a table row from a cached entry): components
        without their ideals (:meth:`Component.from_dict`)."""
        return cls(arch, d["method"], [Component.from_dict(c) for c in d["components"]],
                   d.get("agrees_with_theorem"), d.get("note") or "", d.get("seconds") or 0.0)

    def to_dict(self) -> dict:
        return {"label": self.label, "dim": self.dim, "codim": self.codim, "degree": self.degree,
                "components": [c.to_dict() for c in self.components],
                "agrees_with_theorem": self.agrees_with_theorem, "method": self.method,
                "note": self.detail, "seconds": round(self.seconds, 3)}


# --- the theorem ----------------------------------------------------------------------

def theorem_D(arch: Architecture) -> list[tuple]:
    """The set ``D`` of MATH.md §5 for the reduced architecture of ``arch`` (``[]`` if
    ``L = 1``), in lexicographic order."""
    red = arch.reduced()
    d, S = red.d, red.S
    total = sum(di * Si for di, Si in zip(d, S))
    suffix = [sum(d[i] * S[i] for i in range(l, red.L)) for l in range(red.L)]
    out = []

    def rec(i, chosen, rest):  # choose d'_L, d'_{L-1}, ... (suffix sums first)
        if i < 0:
            if rest == 0 and tuple(chosen) != d:
                out.append(tuple(chosen))
            return
        for di in range(rest // S[i] + 1):
            chosen[i] = di
            if total - rest + di * S[i] >= suffix[i]:
                rec(i - 1, chosen, rest - di * S[i])
        chosen[i] = 0

    if red.L > 1:
        rec(red.L - 1, [0] * red.L, total)
    return sorted(out)


def _applicable(red: Architecture) -> bool:
    return red.L > 1 and all(di > 0 for di in red.d)


def _neuro_ideal(arch: Architecture, timeout, seed: int = 0):
    """``I(V)`` by the default engine (``seed``) when its answer is certified, else by Sage."""
    from lcnalg.geometry.neurovariety import Neurovariety
    V = Neurovariety.of(arch)
    if V.ideal_result(None, timeout, seed).certified:
        return V.ideal(None, timeout, seed)
    return V.ideal("sage", timeout=timeout)


def _origin(arch: Architecture) -> Component:
    R = coordinate_ring(arch)
    return Component(R.ideal(list(R.gens())), 0, 1, None)


def theorem_components(arch: Architecture, timeout: float | None = None) -> list[Component]:
    """The maximal ``V_{d',S}``, ``d' in D`` (or the origin when ``D`` is empty): the
    components of ``Sing(V)`` predicted by the theorem."""
    red = arch.reduced()
    if red.L == 1:
        return []
    if not _applicable(red):
        raise ValueError(f"the theorem of MATH.md §5 needs k_i >= 2 in the reduced architecture {red}")
    R = coordinate_ring(arch)
    comps = []
    for dp in theorem_D(arch):
        J = _neuro_ideal(Architecture([x + 1 for x in dp], red.s), timeout)
        into = J.ring().hom(R.gens()[:J.ring().ngens()], R)  # c0..c{n'-1}: the first of R's
        I = R.ideal([into(g) for g in J.gens()])
        comps.append((dp, R.ideal(I.groebner_basis())))  # reduced GB: a canonical form
    unique = []
    for dp, I in comps:
        if not any(I == J for _, J in unique):
            unique.append((dp, I))
    keep = [(dp, I) for dp, I in unique  # drop V(I) strictly inside some V(J)
            if not any(J is not I and _contained(J, I) for _, J in unique)]
    if not keep:
        return [_origin(arch)]
    return [Component(I, int(I.dimension()), degree(I), dp) for dp, I in keep]


def _contained(J, I) -> bool:
    """``J`` inside ``I`` (so ``V(I)`` inside ``V(J)``)."""
    return all(g in I for g in J.gens())


# --- the Jacobian criterion --------------------------------------------------------------

def jacobian_ideal(arch: Architecture, timeout: float | None = None, seed: int = 0):
    """``I(V)`` plus the ``c x c`` minors of a Jacobian of its generators, ``None`` when
    ``V = C^n``.

    The linear forms of the reduced Gröbner basis of ``I`` are split off first: their leading
    variables occur in no other basis element, so ``V`` is the graph of a linear map over
    ``V' = V(rest)`` in the remaining coordinates, ``Sing(V)`` is the graph over ``Sing(V')``,
    and the minors are those of the Jacobian of the other basis elements in the remaining
    variables, of size ``c = codim - #linear`` (reduced modulo a standard basis, which leaves
    the sum unchanged)."""
    if arch.thick:
        return None
    _sage.init()
    from sage.libs.singular.function import singular_function
    from sage.matrix.constructor import matrix
    I = _neuro_ideal(arch, timeout, seed)
    R = I.ring()

    def minors():  # in a killable child when there is a time limit: strings come back
        gb = list(I.groebner_basis())
        linear = [g for g in gb if g.degree() == 1]
        rest = [g for g in gb if g.degree() > 1]
        lead = {g.lm() for g in linear}
        free = [x for x in R.gens() if x not in lead]
        c = arch.codim - len(linear)
        if c == 0:  # V is a linear space: smooth
            return ["1"]
        J = matrix(R, [[g.derivative(x) for x in free] for g in rest])
        J.set_immutable()
        G = singular_function("std")(R.ideal(rest))
        ms = singular_function("minor")(J, c, G, attributes={G: {"isSB": 1}})
        return [str(g) for g in linear + rest + sorted({m for m in ms if m != 0})]

    gens = call_with_time_limit(minors, timeout, f"Jacobian minors for {arch}")
    return R.ideal([R(g) for g in gens])


def _jacobian_components(arch: Architecture, timeout, seed: int = 0):
    K = jacobian_ideal(arch, timeout, seed)
    if K is None:
        return []
    R = K.ring()

    def primes():  # (reduced Gröbner basis, dim, degree) of each minimal prime, as strings
        out = []
        for P in K.minimal_associated_primes():
            if R.one() in P:  # Singular answers (1) for the unit ideal: V is smooth
                continue
            P = R.ideal(P.groebner_basis())
            out.append(([str(g) for g in P.gens()], int(P.dimension()), degree(P)))
        return out

    found = call_with_time_limit(primes, timeout, f"minimal primes of the Jacobian ideal of {arch}")
    return [Component(R.ideal([R(g) for g in gens]), dim, deg) for gens, dim, deg in found]


# --- Macaulay2 -----------------------------------------------------------------------------

def m2_data(arch: Architecture, timeout: float | None = None) -> dict:
    """The raw JSON of ``lcnalg/m2scripts/singular_locus.m2`` for ``arch``."""
    from lcnalg.macaulay2 import run_script
    return run_script("singular_locus.m2", [",".join(map(str, arch.k)), ",".join(map(str, arch.s))],
                      timeout=timeout)


def _m2_components(arch: Architecture, timeout):
    if arch.thick:
        return [], {}
    from lcnalg.macaulay2 import parse_polynomial
    data = m2_data(arch, timeout)
    R = coordinate_ring(arch)
    comps = []
    for c in data["components"]:
        P = R.ideal([parse_polynomial(R, g, arch.n, "singular_locus.m2") for g in c["generators"]])
        comps.append(Component(P, int(c["dim"]), int(c["degree"])))
    return comps, data


# --- public ---------------------------------------------------------------------------------

def _same_components(a: list, b: list) -> bool:
    """Same set of prime ideals (so the same radical); labels ``a``'s components with the
    ``d'`` of their match in ``b``."""
    if len(a) != len(b):
        return False
    left = list(b)
    for c in a:
        match = next((x for x in left if x.ideal == c.ideal), None)
        if match is None:
            return False
        c.d_prime = match.d_prime
        left.remove(match)
    return True


def singular_locus(arch: Architecture, method: str = "theorem", timeout: float | None = None,
                   compare: bool | None = None, seed: int = 0) -> SingularLocus:
    """``Sing(V_{k,s})`` by ``method`` (``"theorem"``, ``"jacobian"`` or ``"m2"``).

    ``compare`` (default: on for ``"jacobian"``/``"m2"``, off for ``"theorem"``) also computes
    the theorem's prediction and sets ``agrees_with_theorem``.  ``timeout`` (seconds) bounds
    each engine call (:class:`lcnalg.errors.EngineTimeout`); an interrupted Singular call can
    leave libSingular unusable in this process, so run long Jacobian computations in a child
    process (as :mod:`lcnalg.tables.runner` does).  The ``"m2"`` path runs in a subprocess anyway.
    ``seed``: of the default engine's ideal, when it is seeded."""
    if not isinstance(arch, Architecture):
        raise TypeError(f"expected an Architecture, got {arch!r}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    _sage.init()
    red = arch.reduced()
    notes = []
    if not arch.is_reduced:
        notes.append(f"non-reduced: same V as the reduced architecture {red}; the theorem is "
                     "applied to it")
    if red.L == 1:
        notes.append("V = C^n (stride-one): smooth, empty singular locus")
    if compare is None:
        compare = method != "theorem"
    applicable = red.L == 1 or _applicable(red)
    used = method
    if method == "theorem" and not applicable:
        used = "jacobian"
        notes.append(f"theorem not applicable (a layer with k_i = 1 in {red}): Jacobian used")
    start = time.perf_counter()
    extra = {}
    if used == "theorem":
        comps = theorem_components(arch, timeout)
    elif used == "jacobian":
        comps = _jacobian_components(arch, timeout, seed)
    else:
        comps, data = _m2_components(arch, timeout)
        extra = {k: data[k] for k in ("dim", "codim", "degree", "seconds") if k in data}
    seconds = time.perf_counter() - start
    agrees = None
    if compare and used != "theorem" and applicable:
        agrees = _same_components(comps, theorem_components(arch, timeout))
    return SingularLocus(arch, used, comps, agrees, "; ".join(notes), seconds, extra,
                         seed if used == "jacobian" else None)


#: the Jacobian check's time limit when none is given (seconds)
JACOBIAN_CHECK_SECONDS = 30.0


def jacobian_check(arch: Architecture, timeout: float | None = None, seed: int = 0):
    """Whether the Jacobian criterion's singular locus equals the theorem's: ``True`` /
    ``False``, or ``"not checked: <reason>"`` (time limit, engine failure, theorem not
    applicable).  Runs in a forked child under ``timeout`` (default
    :data:`JACOBIAN_CHECK_SECONDS`), so an interrupted Singular cannot harm this process."""
    from lcnalg.errors import EngineError
    from lcnalg.procs import call_with_time_limit
    limit = timeout or JACOBIAN_CHECK_SECONDS
    red = arch.reduced()
    if red.L > 1 and not _applicable(red):
        return f"not checked: the theorem needs k_i >= 2 in the reduced architecture {red}"
    if red.L == 1:
        return True  # V = C^n: smooth, and the theorem says so
    try:
        agrees = call_with_time_limit(
            lambda: singular_locus(arch, "jacobian", None, compare=True, seed=seed).agrees_with_theorem,
            limit, f"Jacobian check of the singular locus of {arch}")
    except EngineError as e:
        return f"not checked: {e}"
    return bool(agrees)


#: upper end of the random filter entries of the rank test (Schwartz–Zippel denominator)
RANK_TEST_RANGE = 10 ** 6
#: the prime of the dimension bound
DIM_PRIME = 32003
#: the dimension bound is not tried for a codimension (after the linear split) above this
MAX_MINOR_SIZE = 6


@dataclass
class JacobianCheck(Result):
    """The answer of :func:`jacobian_compare`: ``agrees`` True / False / None (not checked),
    ``scope`` ``"equal"`` / ``"dimension"`` / None, ``detail`` (what was shown, and why not
    more), ``error_bound`` (Schwartz–Zippel, of the random points).  ``certification``:
    ``certified`` for ``Sing(V) = U = {0}`` and for a disagreement (both exact),
    ``probabilistic`` for the dimension scope (random points), ``undecided`` when not checked."""

    agrees: bool | None
    scope: str | None
    detail: str
    error_bound: float | None = None
    seconds: float | None = None
    seed: int | None = None

    LABELS = CERTIFICATIONS + ("undecided",)
    method = "Jacobian criterion without minimal primes (rank at random points, dimension mod p)"

    @property
    def certification(self) -> str:
        if self.agrees is None:
            return "undecided"
        return "probabilistic" if self.agrees and self.scope == "dimension" else "certified"

    def to_dict(self) -> dict:
        return {"agrees": self.agrees, "scope": self.scope, "detail": self.detail,
                "error_bound": self.error_bound}

    @classmethod
    def from_dict(cls, d: dict) -> JacobianCheck:
        """The inverse of :meth:`to_dict` (e.g. for a table row from a cached entry)."""
        return cls(d.get("agrees"), d.get("scope"), d.get("detail") or "", d.get("error_bound"))


def jacobian_compare(arch: Architecture, timeout: float | None = None, seed: int = 0) -> JacobianCheck:
    """The cheap Jacobian check of the module docstring, a :class:`JacobianCheck` (``agrees``
    None: not checked, ``detail`` says why).  Runs in a forked child under ``timeout``.

    EXAMPLES::

        >>> r = jacobian_compare(Architecture((3, 2), (2, 1)), 60)
        >>> r.agrees, r.scope, r.certification
        (True, 'dimension', 'probabilistic')
        >>> jacobian_compare(Architecture((2, 2, 2), (3, 3, 1)), 60).scope  # Sing = {0}
        'equal'
    """
    from lcnalg.errors import EngineError
    start = time.perf_counter()
    red = arch.reduced()
    if red.L == 1:
        r = JacobianCheck(True, "equal", "V = C^n: smooth [theorem and Jacobian: no equations]", 0.0)
    elif not _applicable(red):
        r = JacobianCheck(None, None, f"not checked: the theorem needs k_i >= 2 in the reduced "
                          f"architecture {red}")
    else:
        _sage.init()
        try:
            r = call_with_time_limit(lambda: _compare(arch, seed), timeout,
                                     f"Jacobian check of the singular locus of {arch}")
        except EngineError as e:
            r = JacobianCheck(None, None, f"not checked: {e}")
        r.seed = seed
    r.seconds = time.perf_counter() - start
    return r


def _compare(arch: Architecture, seed: int) -> JacobianCheck:
    import random
    from sage.matrix.constructor import matrix
    from sage.rings.finite_rings.finite_field_constructor import GF
    from sage.rings.rational_field import QQ
    from sage.libs.singular.function import singular_function
    from lcnalg.geometry.parameterization import mu_from_filters
    rng = random.Random(seed)
    red = arch.reduced()
    I = _neuro_ideal(arch, None)
    R = I.ring()
    gens = [g * g.denominator() for g in I.gens() if g != 0]
    c = arch.codim
    delta = max(g.degree() for g in gens)
    Jfull = [[g.derivative(x) for x in R.gens()] for g in gens]
    D = theorem_D(arch)
    comps = theorem_components(arch)
    # 1. every theorem component is singular
    N, bound, facts = RANK_TEST_RANGE, 0.0, []
    for comp in comps:
        if comp.d_prime is None:  # the origin: rank J(0) = number of linear generators
            r = sum(1 for g in gens if g.degree() == 1)
            if r >= c:
                return JacobianCheck(False, None, "V is a linear space: the origin is smooth")
            facts.append(f"origin: rank J(0) = {r} < {c}")
            continue
        sub = Architecture([x + 1 for x in comp.d_prime], red.s)
        for _ in range(2):
            w = [[rng.randint(1, N) for _ in range(k)] for k in sub.k]
            P = [QQ(x) for x in mu_from_filters(sub, w)]
            rank = matrix(QQ, [[e(P) for e in row] for row in Jfull]).rank()
            if rank >= c:
                return JacobianCheck(False, None, f"V_{{{comp.d_prime},S}} is not in Sing(V): "
                                     f"rank J = {rank} = codim at its point {[str(x) for x in P]}")
        bound = max(bound, (c * (delta - 1) * sub.L / N) ** 2)
        facts.append(f"V_{{{comp.d_prime},S}}: rank J < {c} at 2 random points")
    e = max(comp.dim for comp in comps)
    # 2. dim Sing(V) <= e: modulo p, on a linear space of codimension e, with random
    # combinations of c-minors (the linear generators split off: V is a graph over V')
    gb = list(I.groebner_basis())
    linear = [g for g in gb if g.degree() == 1]
    rest = [g * g.denominator() for g in gb if g.degree() > 1]
    lead = {g.lm() for g in linear}
    free = [x for x in R.gens() if x not in lead]
    m = c - len(linear)
    if m > MAX_MINOR_SIZE:
        return JacobianCheck(None, None, "; ".join(facts) + f"; dimension bound not tried: minors "
                             f"of size {m} > {MAX_MINOR_SIZE}: not checked")
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    Fp = GF(DIM_PRIME)
    S = PolynomialRing(Fp, len(free) - e, "y", order="degrevlex")
    Mlin = matrix(Fp, [[rng.randint(-50, 50) for _ in range(S.ngens())] for _ in free])
    if Mlin.rank() < S.ngens():  # Λ must have dimension #free - e exactly
        return JacobianCheck(None, None, "; ".join(facts) + "; the random linear space was "
                             "degenerate: not checked")
    images = [0] * R.ngens()
    for x, row in zip(free, Mlin.rows()):
        images[R.gens().index(x)] = sum(int(a) * y for a, y in zip(row, S.gens()))
    h = R.change_ring(Fp).hom([S(v) for v in images], S)
    Rp = R.change_ring(Fp)
    J = matrix(S, [[h(Rp(g.derivative(x))) for x in free] for g in rest])
    det = singular_function("det")
    fs = []
    for _ in range(arch.dim - e + 1):
        A = matrix(S, [[rng.randint(-50, 50) for _ in range(J.nrows())] for _ in range(m)])
        B = matrix(S, [[rng.randint(-50, 50) for _ in range(m)] for _ in range(J.ncols())])
        fs.append(det(A * J * B))
    G = singular_function("std")(S.ideal([h(Rp(g)) for g in rest] + fs))
    dim = int(singular_function("dim")(G, attributes={G: {"isSB": 1}}))
    if dim > 0:
        return JacobianCheck(None, None, "; ".join(facts) + f"; I + {len(fs)} random minor "
                             f"combinations on a random linear space of codimension {e} mod "
                             f"{DIM_PRIME} has dimension {dim} > 0: inconclusive, not checked")
    scope = "equal" if e == 0 else "dimension"
    tail = ("Sing(V) = U = {0}" if e == 0 else
            f"U ⊆ Sing(V) and dim Sing(V) = {e} = dim U; components of Sing(V) of dimension "
            f"<= {e} outside U not excluded")
    return JacobianCheck(True, scope, "; ".join(facts) + f"; dim Sing(V) <= {e}: I + {len(fs)} "
                         f"random minor combinations meet a linear space of codimension {e} only "
                         f"in 0 (mod {DIM_PRIME}, an exact bound): {tail}", bound)


def benchmark_singular_locus(arch: Architecture, methods=METHODS, timeout: float | None = None) -> dict:
    """Seconds of each method on ``arch`` (fresh ideal caches are not guaranteed: the ideal of
    ``V`` itself may be shared), whether it agrees with the theorem, and the ratio of each
    method's time to the theorem's.  A method that fails or times out gets ``"error"``."""
    from lcnalg.errors import EngineError
    out = {"k": list(arch.k), "s": list(arch.s)}
    for m in methods:
        try:
            sl = singular_locus(arch, method=m, timeout=timeout, compare=False)
            out[m] = {"seconds": round(sl.seconds, 3), "dim": sl.dim, "components": len(sl.components),
                      "_sl": sl}
        except (EngineError, ValueError) as e:
            out[m] = {"error": str(e)}
    base = out.get("theorem", {}).get("_sl")
    for m in methods:
        sl = out[m].pop("_sl", None)
        if sl is not None and base is not None and m != "theorem":
            out[m]["agrees_with_theorem"] = _same_components(sl.components, base.components)
            out[m]["ratio_to_theorem"] = round(sl.seconds / max(base.seconds, 1e-3), 1)
    return out
