"""Multigraded completion: ``I(V)`` piece by piece modulo a prime, lifted and checked exactly.

``I(V)`` is homogeneous for ``deg c_j = (1, j)`` (MATH.md §2.1).  Coordinates that vanish
identically (gaps) are linear generators and are removed first.  For each degree ``t`` and
each piece ``(t, w)`` (the monomials of degree ``t`` and weight ``w``):

1. A Gröbner basis of ``J`` (the generators so far) modulo ``p`` gives the standard monomials
   of the piece, ``h_J(t, w)`` of them.  They are evaluated at ``h_J + 1`` random points of
   ``V`` (``mu`` of random integer filters, reduced mod ``p``) and the matrix is brought to
   echelon form mod ``p`` (flint; from :data:`FLOAT_FROM` columns on a float LU modulo primes
   below 2^21).  Full column rank proves ``rank mu*_(t,w) >= h_J >= h_{R/J} >= h_{R/I(V)} =
   rank mu*_(t,w)`` (a rank mod ``p`` never exceeds the rank over QQ, and ``J ⊆ I(V)``),
   hence ``J_(t,w) = I(V)_(t,w)`` exactly: the certificate of MATH.md §2.1.
2. Otherwise the kernel's reduced echelon rows (one per free column, whose monomial is not in
   ``LT(J)``) are lifted to QQ (rational reconstruction, more primes when needed) and each is
   checked exactly (``mu*(f) = 0`` by substitution).  Their leading monomials are the free
   columns, so with them ``h_J`` drops to the rank mod ``p``, and the piece is certified as
   in 1.  (That the kernel mod ``p`` is ``I(V)_(t,w)`` mod ``p`` is not needed: whatever is
   lifted is checked, and a prime whose kernel is larger than another's is dropped.)

The reflection ``c_j <-> c_{n-1-j}`` maps ``V`` to itself (reverse every filter), so a piece
of weight ``w`` and its mirror ``t(n-1) - w`` are done together: the mirror images of checked
generators lie in ``I(V)`` by this symmetry.  Leading terms come from a Gröbner basis mod
``p`` truncated at the current degree (``degBound``).

Stopping: as soon as the chart certificate below proves ``J = I(V)`` (tried after every
degree that brings generators); else once ``dim`` and ``deg`` of ``R/J`` (mod ``p``, full
Gröbner basis, at most ``CHECK_SECONDS``) equal ``dim V`` and ``deg V = multinomial / deg
mu`` (both by theorem, :attr:`Architecture.deg_mu`) and one more degree brings no
generator.  Mod ``p`` suffices
here: ``H_{R/J_p}(t) >= H_{R/J}(t) >= H_{R/I(V)}(t)`` for every ``t`` (a rank mod ``p`` never
exceeds the rank over QQ; ``J ⊆ I(V)``), so equal dimension and degree mod ``p`` give equal
dimension and degree over QQ.  Equal dimension and degree do not prove ``J = I(V)``
(embedded or lower-dimensional components, e.g. ``(12,2),(5,1)`` through degree 4); then one
of three certificates is tried:

**Chart certificate** (:mod:`lcnalg.implicit.chartcert`, tried first, inside the
completion, after each degree that brings generators, over QQ; its cheap necessary checks
come first, so an incomplete ``J`` is mostly refused in seconds):
``J`` contains the ideal ``J_c`` of a pivot, subresultant or last-layer chart whose theorem
``J_c : g^oo = I(V)`` has its hypotheses checked, and ``g`` is a nonzerodivisor modulo ``J``
(Hilbert series over QQ); then ``I(V) = J_c : g^oo ⊆ J : g^oo = J``.  It does not need ``V``
Cohen–Macaulay, nor the degree after the last generator (on ``(5,4,3),(2,2,1)`` that degree
alone took 326 s), and it gives the Hilbert series and minimal generators of ``I(V)``.

**Cohen–Macaulay certificate.**  Let ``J ⊆ P = I(V)`` (checked exactly), ``d = dim V``, and
``l_1..l_d`` linear forms with integer coefficients (``c_{n-d+i} - sum_j a_ij c_j``, seeded).
*Claim:* if ``dim_{F_p} R_p / (J_p + (l)) = deg V`` for one prime ``p``, then ``J = P``.
*Proof.*  For each ``t``, ``(J + (l))_t`` is spanned by integer vectors (monomials times the
integer generators) and ``(J_p + (l))_t`` by their reductions, so
``H_{R/(J+l)}(t) <= H_{R_p/(J_p+l)}(t)``: the length ``λ`` of ``R/(J + (l))`` over QQ is
finite and ``<= deg V``.  Finite length gives ``dim R/J <= d``, and ``J ⊆ P`` gives
``>= d``: the ``l_i`` are a system of parameters of ``R/J``; generated in degree 1, they
generate a reduction of the maximal homogeneous ideal, so their multiplicity is
``e(R/J) = deg R/J``.  Serre: ``λ >= e(R/J)``, with equality iff ``R/J`` is Cohen–Macaulay.
``P`` is a minimal prime of ``J`` of dimension ``d``, so (associativity formula)
``e(R/J) >= length(R_P/J_P) · deg V >= deg V``.  Hence ``deg V >= λ >= e(R/J) >= deg V``:
``R/J`` is Cohen–Macaulay, so unmixed, its only associated prime of dimension ``d`` is ``P``
with ``length(R_P/J_P) = 1``; so ``J`` is ``P``-primary with ``J_P = P_P``, and
``J = J_P ∩ R = P``.  ∎  ``deg V`` is the theorem's, never a count.  It applies only when
``V`` is arithmetically Cohen–Macaulay; otherwise ``λ > deg V`` for every choice, and the
certificate refuses (as it must for ``(12,2),(5,1)`` through degree 4).

**Elimination certificate.**  If ``I(V)`` from Macaulay2's ``ker`` (a Gröbner basis; or
Singular elimination when Macaulay2 is missing), run for at most ``ELIMINATION_SECONDS``, has
generators of degree ``<= D`` and ``J`` is certified through degree ``t >= D`` (above), then
``I(V) ⊆ J ⊆ I(V)``.  Only the degrees of the other engine's generators are used.

Setting :data:`CHART_CERTIFICATE` to False leaves only the last two (the tests of those).
The result is ``certified`` when a certificate holds; otherwise ``checked``, and ``detail``
says through which degree it is certified and what is known beyond (dimension and degree,
the length found by the Cohen–Macaulay test, elimination not finished).  No probability is
claimed: the seed moves the evaluation points and the linear forms, and what is not proved is
said so.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> r = complete(Architecture((3, 2), (2, 1)))
    >>> r.gens, r.certification
    ([c1*c2*c3 - c0*c3^2 - c1^2*c4], 'certified')
    >>> r.detail
    'certified (chart certificate): J ⊆ I(V) checked exactly; J contains the pivot chart ideal ...'
"""
from __future__ import annotations

import math
import time

import numpy as np

from lcnalg import _sage
from lcnalg.errors import EngineError, EngineTimeout
from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit.hilbert import from_numerator
from lcnalg.implicit.modp import (SMALL_PRIMES, Monomials, Points, crt, kernel_rows,
                                  nmod_matrix, blas_controller, reconstruct)
from lcnalg.implicit.registry import Plan
from lcnalg.implicit.result import Completion, IdealResult
from lcnalg.procs import call_with_time_limit, report, stream_from_child
from lcnalg.request import Request

__all__ = ["NAME", "plan", "run", "vanishing_ideal", "ideal_result", "complete"]

NAME = "multigraded"

#: primes below 2^31: products of two residues fit in int64, and Singular accepts them
#: seconds allowed for the full Gröbner basis of the dim/degree check
CHECK_SECONDS = 20.0
#: the prime of the Cohen–Macaulay test (below 2^29: Singular's own prime fields)
CM_PRIME = 536870909
#: seconds allowed for the elimination certificate (Macaulay2 ``ker``)
ELIMINATION_SECONDS = 20.0
#: whether the completion tries the chart certificate (:mod:`lcnalg.implicit.chartcert`)
CHART_CERTIFICATE = True
#: pieces with this many standard monomials or more: kernels by float LU modulo primes below
#: 2^21 (:func:`lcnalg.implicit.modp.kernel_rows`); fewer: flint modulo primes below 2^31
FLOAT_FROM = 200

PRIMES = (2147483647, 2147483629, 2147483587, 2147483579, 2147483563, 2147483549,
          2147483543, 2147483497)


def vanishing_ideal(arch: Architecture, timeout: float | None = None, seed: int = 0) -> list:
    """Generators of ``I(V_{k,s})`` by multigraded completion (the ``multigraded`` backend;
    ``complete`` gives the whole :class:`IdealResult`).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> vanishing_ideal(Architecture((2, 2), (2, 1)))
        [c1*c2 - c0*c3]
    """
    return complete(arch, timeout=timeout, seed=seed).gens


def plan(arch: Architecture) -> Plan:
    """Runs on every architecture: the generic default (completeness by certificates)."""
    return Plan(NAME, arch, True, True, "the generic engine: multigraded completion, certified "
                                        "by the Cohen–Macaulay or elimination certificate")


def run(plan: Plan, request: Request) -> IdealResult:
    """:func:`complete` from no generators under ``request.limit()``, seeded."""
    return complete(plan.arch, timeout=request.limit(), seed=request.seed)


def ideal_result(arch: Architecture, timeout: float | None = None, seed: int = 0) -> IdealResult:
    """:func:`complete` from no generators (the engine interface of ``Neurovariety``)."""
    return complete(arch, timeout=timeout, seed=seed)


def complete(arch: Architecture, gens=(), max_degree: int | None = None, seed: int = 0,
             timeout: float | None = None) -> IdealResult:
    """Complete ``gens`` (polynomials in ``I(V)``, checked exactly) to generators of ``I(V)``,
    degree by degree; stop at ``max_degree`` at the latest (then the result says through
    which degree it is certified and that completeness is not known).  With a ``timeout`` it
    runs in a forked child that reports its progress (``_Completion.steps``, and the
    chart certificate's steps through :func:`lcnalg.procs.report`): the
    :class:`~lcnalg.errors.EngineTimeout` says how far it got (``progress``).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> r = complete(Architecture((3, 3), (2, 1)), max_degree=2)
        >>> r.gens, r.certification
        ([], 'checked')
        >>> print(r.detail)
        certified through degree 2 only (max_degree=2): not known to be complete; ...: J = I(V) is not proved above degree 2
    """
    if max_degree is not None and max_degree < 1:
        raise ValueError(f"max_degree={max_degree!r}: must be >= 1")
    _sage.init()
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.polynomials import from_terms
    C = coordinate_ring(arch)
    start = time.perf_counter()
    if arch.thick:
        return IdealResult([], "multigraded", "certified", "thick: V = C^n [theorem]",
                           time.perf_counter() - start, None)
    given = [C(g) for g in gens]  # strings or polynomials; the child inherits them (no pickling)
    _preload()
    what, progress, out = f"multigraded completion of the ideal for {arch}", "", None
    steps = lambda: _Completion(arch, given, seed).steps(max_degree)
    try:  # the child reports how far it got, so that a timeout says so
        for kind, value in (stream_from_child(steps, timeout, what, reports=True) if timeout
                            else steps()):
            if kind == "result":
                out = value
            else:
                progress = value
    except EngineTimeout as e:
        raise EngineTimeout(what, e.seconds, progress) from None
    gens_out, certification, detail, record = out
    gens = [from_terms(C, g) for g in gens_out]
    if certification != "certified":
        left = None if timeout is None else timeout - (time.perf_counter() - start)
        certification, detail = _certify(arch, gens, record, detail, seed, left)
    proved = record is not None and record.hilbert_numerator is not None
    return IdealResult(gens, "multigraded", certification, detail,
                       time.perf_counter() - start, seed, completion=record, minimal=proved,
                       hilbert=from_numerator(record.hilbert_numerator, arch.dim) if proved
                       else None)


def cohen_macaulay_length(arch: Architecture, gens, seed: int = 0,
                          timeout: float | None = None) -> int | None:
    """``dim_{F_p} R_p / (J_p + (l_1..l_d))`` (``p = CM_PRIME``) for ``J = (gens)`` (polynomials with integer
    coefficients after clearing denominators), ``d = dim V`` and the seeded linear forms
    ``l_i = c_{n-d+i} - sum_{j < n-d} a_ij c_j`` (``|a_ij| <= 1000``); ``None`` when it is
    infinite.  By msolve's F4 with exact linear algebra (Singular's ``std`` without msolve).
    Equal to ``deg V`` with ``J ⊆ I(V)`` proves ``J = I(V)`` (module docstring).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> from lcnalg.geometry.parameterization import coordinate_ring
        >>> a = Architecture((3, 2), (2, 1)); C = coordinate_ring(a)
        >>> cohen_macaulay_length(a, [C("c1*c2*c3 - c0*c3^2 - c1^2*c4")]), a.multinomial // a.deg_mu
        (3, 3)
        >>> cohen_macaulay_length(a, []) is None   # J = 0: R/(l) is not finite
        True
    """
    import random
    from sage.libs.singular.function import singular_function
    from sage.rings.finite_rings.finite_field_constructor import GF
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from lcnalg.zerodim import msolve_available, msolve_length
    n, d = arch.n, arch.dim
    if d >= n:
        return 1
    rng = random.Random(seed)
    Fp = GF(CM_PRIME)
    S = PolynomialRing(Fp, n - d, "y", order="degrevlex")  # multivariate even for one variable
    images = list(S.gens()) + [sum(rng.randint(-1000, 1000) * y for y in S.gens())
                               for _ in range(d)]

    def run():
        polys = []
        if gens:
            R = gens[0].parent()
            h = R.change_ring(Fp).hom(images, S)  # the substitution, in Singular
            for g in gens:
                g = R(g)
                den = g.denominator()
                polys.append(h(g.change_ring(Fp) if den == 1 else (den * g).change_ring(Fp)))
        polys = [p for p in polys if p != 0]
        if not polys:  # J_p + (l) leaves n - d >= 1 variables free
            return None
        if msolve_available():  # F4: (4,4,4),(2,2,1) in 32 s, Singular's std over 10 min
            return msolve_length(polys, None, f"Cohen–Macaulay test for {arch}")
        gb = singular_function("std")(S.ideal(polys))
        v = int(singular_function("vdim")(gb, attributes={gb: {"isSB": 1}}))
        return None if v < 0 else v
    return call_with_time_limit(run, timeout, f"Cohen–Macaulay test (length of R/(J + l) mod p) "
                                              f"for {arch}")


def _certify(arch: Architecture, gens: list, record: Completion | None, detail: str, seed: int,
             timeout: float | None) -> tuple[str, str]:
    """The certificates of the module docstring, in order; the label and detail they give
    (what they found is noted in ``record``)."""
    deg = arch.multinomial // arch.deg_mu
    t = record.certified_through if record else None
    facts = [detail]
    limit = CHECK_SECONDS if timeout is None else min(CHECK_SECONDS, max(timeout, 0.0))
    try:
        length = cohen_macaulay_length(arch, gens, seed, limit) if limit > 0 else "skipped"
    except EngineTimeout:
        length = "timeout"
    if record:
        record.cm_length = length if isinstance(length, int) else None
    if length == deg:
        return "certified", (f"certified (Cohen–Macaulay certificate): J ⊆ I(V) checked exactly; "
                             f"{arch.dim} integer linear forms (seed {seed}) leave R/(J + l) of "
                             f"length {length} mod {CM_PRIME} = deg V = {deg} (multinomial / "
                             f"deg mu, theorem), so R/J is Cohen–Macaulay and J = I(V); "
                             f"J = I(V) piece by piece through degree {t}")
    if isinstance(length, int):
        facts.append(f"Cohen–Macaulay certificate does not apply (length of R/(J + l) mod p "
                     f"is {length}, deg V = {deg}: R/J is not Cohen–Macaulay or not of degree "
                     f"deg V)")
    elif length is None:
        facts.append("Cohen–Macaulay certificate does not apply (R/(J + l) is not finite: "
                     "dim R/J > dim V)")
    else:
        facts.append(f"Cohen–Macaulay test {'not run (no time left)' if length == 'skipped' else f'not finished in {limit:g} s'}")
    left = None if timeout is None else timeout - limit
    eliminated = _elimination_degree(arch, left)
    if isinstance(eliminated, tuple):
        D, who = eliminated
        if record:
            record.elimination_degree = D
        if t is not None and D <= t:
            return "certified", (f"certified (elimination): I(V) from {who} is generated in "
                                 f"degrees <= {D}, and J = I(V) piece by piece through degree "
                                 f"{t} >= {D}, so J = I(V)")
        facts.append(f"I(V) from {who} has generators of degree {D} > {t}")
    else:
        facts.append(eliminated)
    return "checked", "; ".join(facts) + f": J = I(V) is not proved above degree {t}"


def _elimination_degree(arch: Architecture, timeout: float | None):
    """``(max degree of generators of I(V), engine)`` from Macaulay2's ``ker`` (Singular
    elimination when Macaulay2 is missing) within ``ELIMINATION_SECONDS``; else a sentence."""
    limit = ELIMINATION_SECONDS if timeout is None else min(ELIMINATION_SECONDS, timeout)
    if limit <= 0:
        return "elimination not run (no time left)"
    red = arch.reduced()  # the same V and coordinates, fewer parameters
    try:
        from lcnalg.macaulay2 import find_m2
        find_m2()
        from lcnalg.implicit import m2
    except EngineError:
        m2 = None
    try:
        if m2 is not None:
            degrees = m2.neurovariety_data(red, timeout=limit)["mingens_degrees"]
            return max(degrees, default=0), "Macaulay2 ker"
        from lcnalg.implicit import sage
        gens = sage.vanishing_ideal(red, timeout=limit)
        return max((g.degree() for g in gens), default=0), "Singular elimination"
    except EngineTimeout:
        return f"elimination ({'Macaulay2 ker' if m2 else 'Singular'}) did not finish in {limit:g} s"


def _preload() -> None:
    """Import the modules the completion uses here, once per process, so that a forked child
    (``timeout``) does not import them again on every call (about 0.1 s)."""
    import flint  # noqa: F401
    import sage.rings.polynomial.complex_roots  # noqa: F401  (fibre_degree)
    import sage.rings.qqbar  # noqa: F401
    from sage.libs.singular.function import singular_function  # noqa: F401
    from lcnalg.geometry import hyperroots  # noqa: F401
    blas_controller()  # scans the loaded BLAS libraries once (kernel_rows)


class _Completion:
    """The state of one completion: coordinates, points, generators found, Gröbner data."""

    def __init__(self, arch: Architecture, given: list, seed: int):
        from lcnalg.geometry.parameterization import coordinate_ring, mu_polynomials, parameter_ring
        self.arch, self.seed = arch, seed
        C, W = coordinate_ring(arch), parameter_ring(arch)
        mus = mu_polynomials(arch, W)
        self.zero = [C.gen(j) for j, m in enumerate(mus) if m == 0]
        self.keep = [j for j, m in enumerate(mus) if m != 0]
        self.m = len(self.keep)
        from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        from sage.rings.rational_field import QQ
        self.Q = PolynomialRing(QQ, [f"c{j}" for j in self.keep]) if self.m else None
        self.phi = self.Q.hom([mus[j] for j in self.keep], W) if self.m else None
        self.points = Points(arch, self.keep, seed)
        self.tables: dict[int, Monomials] = {}
        # the reflection c_j <-> c_{n-1-j} maps V to itself (reverse every filter)
        rev = [self.keep.index(self.arch.n - 1 - j) if self.arch.n - 1 - j in self.keep else None
               for j in self.keep]
        self.mirror = (self.Q.hom([self.Q.gen(i) for i in rev], self.Q)
                       if self.m and None not in rev else None)
        self.gens: list = []   # (degree, polynomial in self.Q with integer coefficients)
        self.given = self._split_given(C, given)
        self._gb_cache = None
        self._rp, self._gens_p = None, []
        # the chart certificate: the chart (None: not built, False: none applies), what it
        # found, and the number of generators it was last tried on
        self.chart, self.chart_reason, self.proof, self._chart_tried = None, None, None, -1

    # --- generators ------------------------------------------------------------

    def _split_given(self, C, given: list) -> dict[int, list]:
        """Given generators (in ``C``) restricted to the kept coordinates (gaps are zero on V),
        split into multigraded pieces (each in I(V) since I(V) is multigraded) and checked
        exactly."""
        out: dict[int, list] = {}
        if not self.m:
            return out
        to_q = C.hom([self.Q.gen(self.keep.index(j)) if j in self.keep else 0
                      for j in range(C.ngens())], self.Q)
        for g in given:
            f = to_q(g)
            parts: dict[tuple, object] = {}
            for coeff, mon in zip(f.coefficients(), f.monomials()):
                e = mon.exponents()[0]
                key = (sum(e), sum(a * j for a, j in zip(e, self.keep)))
                parts[key] = parts.get(key, 0) + coeff * mon
            for (d, _), part in parts.items():
                if self.phi(part) != 0:
                    raise ValueError(f"given generator {g} is not in I(V) for {self.arch}: "
                                     "its image under mu* is not zero")
                out.setdefault(d, []).append(_primitive(part))
        return out

    def table(self, t: int) -> Monomials:
        if t not in self.tables:
            self.tables[t] = Monomials(self.m, t, self.keep, self.tables.get(t - 1))
        return self.tables[t]

    def lead_terms(self, extra: list, bound: int) -> list[tuple]:
        """Leading exponents, up to degree ``bound``, of a Gröbner basis mod p of the
        generators and ``extra`` (Singular ``std`` with ``degBound``)."""
        polys = self._gens_mod_p() + [self._ring_mod_p()(g) for g in extra]
        key = (len(polys), bound)
        if self._gb_cache is not None and self._gb_cache[0] == key:
            return self._gb_cache[1]
        leads, gb = [], None
        if polys:
            from sage.libs.singular.function import singular_function
            from sage.libs.singular.option import opt_ctx
            Rp = self._ring_mod_p()
            with opt_ctx(degBound=bound):
                gb = singular_function("std")(Rp.ideal(polys))
            leads = [g.exponents()[0] for g in singular_function("lead")(gb)]
        self._gb_cache = (key, leads, gb)
        return leads

    def dim_degree(self) -> tuple[int, int] | None:
        """``dim`` and ``deg`` of ``R/J`` mod p from a full Gröbner basis; None when that
        takes more than ``CHECK_SECONDS`` (large cases: the basis is the slow part)."""
        if not self.gens:
            return self.m, 1
        polys = self._gens_mod_p()
        Rp = self._ring_mod_p()
        if self._gb_cache is not None and self._gb_cache[0][0] == len(polys):
            polys = list(self._gb_cache[2])  # the degree-bounded basis of J: std goes on from it

        def run():
            from sage.libs.singular.function import singular_function
            gb = singular_function("std")(Rp.ideal(polys))
            sb = {gb: {"isSB": 1}}
            return (int(singular_function("dim")(gb, attributes=sb)),
                    int(singular_function("mult")(gb, attributes=sb)))
        if len(polys) <= 150:  # small: in this process (no fork)
            return run()
        try:
            return call_with_time_limit(run, CHECK_SECONDS, "dim/degree check")
        except EngineTimeout:
            return None

    def _ring_mod_p(self):
        if self._rp is None:
            from sage.rings.finite_rings.finite_field_constructor import GF
            self._rp = self.Q.change_ring(GF(PRIMES[0]))
        return self._rp

    def _gens_mod_p(self) -> list:
        """The generators found so far in the ring mod p (converted once each)."""
        Rp = self._ring_mod_p()
        self._gens_p += [Rp(g) for _, g in self.gens[len(self._gens_p):]]
        return list(self._gens_p)

    # --- one degree --------------------------------------------------------------

    def degree(self, t: int) -> int:
        """Certify degree ``t``, adding the generators it needs; returns how many."""
        T = self.table(t)
        extra = self.given.get(t, [])
        leads = self.lead_terms(extra, t)
        for d in (t - 1, t):  # LT(J) in degrees t - 1 (J may have grown) and t
            if d >= 2:
                self.tables[d].mark_lead_ideal([e for e in leads if sum(e) == d])
        new = []
        total = t * (self.arch.n - 1)  # the reflection maps weight w to total - w
        for w, rows in T.pieces.items():
            if self.mirror is not None and 2 * w > total:
                continue  # certified by the symmetry of V (the mirror piece is done)
            # the standard monomials of J, in increasing degrevlex order: new generators are
            # supported on them (see _kernel_rows)
            cols = rows[~T.lt[rows]][::-1]
            if not len(cols):
                continue
            # the kernel: empty when the piece is certified (one echelon form does both)
            polys = self._new_generators(T, cols)
            new += polys
            if self.mirror is not None and 2 * w < total:
                new += [self.mirror(f) for f in polys]
        self.gens += [(t, g) for g in extra] + [(t, g) for g in new]
        return len(new) + len(extra)

    def _new_generators(self, T: Monomials, cols) -> list:
        """The kernel of the standard monomials ``cols`` of ``J`` at ``len(cols) + 1`` points of
        ``V``: generators of ``I(V)_(t,w)`` modulo ``J``, lifted to QQ and checked exactly
        (none when the matrix has full rank modulo the first prime: the piece is certified).
        From :data:`FLOAT_FROM` columns on, modulo primes below 2^21 by a float LU
        (:func:`~lcnalg.implicit.modp.kernel_rows`, no conversion: 3.5x faster than flint with
        its conversion at 1000 and 2000 columns, benchmarks/completion_kernels.md);
        below, modulo primes below 2^31 by flint.

        A rank modulo ``p`` never exceeds the rank over QQ: a prime whose kernel is larger
        than another's is unlucky and dropped; the certificate of the piece holds for the
        prime whose free columns are the lifted generators' leading monomials."""
        by_float = len(cols) >= FLOAT_FROM
        candidates = SMALL_PRIMES if by_float else PRIMES
        residues, primes, wanted = [], [], None
        for p in candidates:
            values = self.points.evaluate(T.combos[cols], len(cols) + 1, p).T
            free, vecs = (kernel_rows(values, p) if by_float
                          else _kernel_rows(nmod_matrix(values, p), len(cols), p))
            if not free:
                return []  # full rank modulo p: J_(t,w) = I(V)_(t,w) (module docstring, 1.)
            if wanted is not None and free != wanted:
                if len(free) >= len(wanted):
                    continue  # an unlucky prime (or points): other leading terms
                residues, primes = [], []  # the earlier primes were the unlucky ones
            wanted = free
            residues.append(vecs)
            primes.append(p)
            lifted = _lift(residues, primes)
            if lifted is None:
                continue
            if any(v[f] % PRIMES[0] == 0 for v, f in zip(lifted, free)):
                continue  # LT(J) is read modulo PRIMES[0]: the leading terms must survive there
            polys = [self._poly(T, cols, v) for v in lifted]
            if all(self.phi(f) == 0 for f in polys):
                return polys
        raise EngineError(f"multigraded completion for {self.arch}: generators in degree "
                          f"{T.t} could not be lifted to QQ with {len(candidates)} primes")

    def _poly(self, T: Monomials, cols, vec):
        nz = [i for i, a in enumerate(vec) if a]
        exps = T.exponents(cols[nz]).tolist()
        return self.Q({tuple(e): vec[i] for e, i in zip(exps, nz)})

    # --- the loop ------------------------------------------------------------------

    def _where(self, t: int, stage: str) -> tuple[str, str]:
        """A progress report: what is certified so far, and what runs now."""
        done = (f"J = I(V) certified piece by piece through degree {t}, {len(self.gens)} "
                f"generators" if t >= 2 else "no degree certified yet")
        return "progress", f"{done}; then {stage}"

    def steps(self, max_degree: int | None):
        """The completion (module docstring) as a generator: ``("progress", sentence)`` before
        each costly step (what is finished, what starts), then ``("result", (gens, label,
        detail, record))``: the generators as :func:`lcnalg.polynomials.to_terms` of
        ``QQ[c0..c{n-1}]`` (a polynomial's text can overflow Python's parser) and the
        :class:`Completion` record."""
        from lcnalg.geometry.parameterization import coordinate_ring
        from lcnalg.polynomials import to_terms
        C = coordinate_ring(self.arch)
        out = lambda polys: [to_terms(C(g)) for g in polys]  # conversion by variable names
        zero = out(self.zero)
        if not self.m:
            yield "result", (zero, "certified", "every coordinate vanishes identically", None)
            return
        target_deg = lambda: self.arch.multinomial // self.arch.deg_mu  # deg V [theorem]
        cap = max_degree or self.arch.multinomial + 1
        self.table(1)
        # evidence of completeness: True (dim, deg match), None (not checked), False.  It is
        # needed only at a degree without new generators (the stopping rule), so the full
        # Gröbner basis is computed there, once per J ("stale": J has grown since).
        evidence = self._matches(target_deg)
        complete_at = None
        t = 1
        for t in range(2, cap + 1):
            yield self._where(t - 1, f"degree {t} of the completion")
            if self.degree(t):
                evidence = "stale"
                # the certificate's own checks over QQ are the filter (not the dim/degree
                # check mod p: on large cases its full basis costs more than the certificate,
                # (4,4,3,2),(2,2,2,1): J through degree 5 certified in 50 s)
                yield self._where(t, "the chart certificate on these generators")
                if self._chart_certificate(t):
                    break  # J = I(V): no need to look at degree t + 1
                continue
            if evidence == "stale":
                yield self._where(t, "dim and deg of R/J (full Gröbner basis mod p)")
                evidence = self._matches(target_deg)
            if evidence is not False:
                complete_at = t
                break
        else:
            if max_degree is None:
                raise EngineError(f"multigraded completion for {self.arch} found no complete "
                                  f"ideal up to degree {cap}: raise max_degree")
            complete_at = None
            evidence = None if evidence == "stale" else evidence
        gens = zero + out(g for _, g in sorted(self.gens, key=lambda dg: (dg[0], dg[1])))
        record = Completion(t, complete_at is not None and bool(evidence), evidence is not None,
                            PRIMES[0])
        if complete_at is not None and evidence is not False and self.proof is None:
            yield self._where(t, "the chart certificate on these generators")
            self._chart_certificate(t)  # also when dim and degree were not checked (time)
        record.chart_certificate = self.chart_reason
        yield "result", self._outcome(gens, t, complete_at, evidence, record, out)

    def _outcome(self, gens, t, complete_at, evidence, record, out):
        """The result of :meth:`steps` once the loop has stopped at degree ``t``."""
        if self.proof is not None:
            record.complete = True
            record.hilbert_numerator = self.proof.numerator
            minimal = out(self.proof.minimal)
            return (gens if len(minimal) == len(gens) else minimal), "certified", (
                f"{self.proof.detail}; J from the completion, certified piece by piece through "
                f"degree {t}"), record
        if complete_at is None:
            return gens, "checked", (f"certified through degree {t} only (max_degree={t}): "
                                     "not known to be complete"), record
        if evidence is None:
            return gens, "checked", (f"certified through degree {t}, no generator in degree {t}; "
                                     f"dim and degree of R/J not checked (Gröbner basis over "
                                     f"{CHECK_SECONDS:g} s)"), record
        return gens, "checked", (f"certified through degree {t}, no generator in degree {t}; "
                                 f"dim R/J = dim V and deg R/J = deg V (exact: mod p bounds "
                                 f"the Hilbert function over QQ from above)"), record

    def _chart_certificate(self, t: int) -> bool:
        """Try the chart certificate on the generators so far (once per ``J``); True when it
        proves ``J = I(V)`` (then ``self.proof`` holds it).  A chart that cannot apply
        (none, or its hypotheses fail) is not tried again (``self.chart = False``).  ``t``:
        the degree through which ``J`` is certified, for the progress reports."""
        from lcnalg.implicit import chartcert
        if not CHART_CERTIFICATE:
            self.chart = False
        if self.chart is False or self._chart_tried == len(self.gens):
            return self.proof is not None
        self._chart_tried = len(self.gens)
        if self.chart is None:
            self.chart = chartcert.best_chart(self.arch, self.seed)
            if isinstance(self.chart, str):
                self.chart_reason, self.chart = self.chart, False
                return False
        gens = list(self.zero) + [g for _, g in self.gens]
        step = lambda s: report(self._where(t, f"the chart certificate: {s}"))  # noqa: E731
        cert = chartcert.certify(self.arch, gens, self.seed, self.chart, report=step)
        if cert.ok:
            self.proof, self.chart_reason = cert, None
            return True
        self.chart_reason = cert.reason
        return False

    def _matches(self, deg) -> bool | None:
        """Whether ``dim`` and ``deg`` of ``R/J`` equal those of ``V`` (None: not checked)."""
        dd = self.dim_degree()
        if dd is None:
            return None
        return dd[0] == self.arch.dim and dd[1] == deg()


def _kernel_rows(A, ncols: int, p: int):
    """Reduced echelon basis of the right kernel of ``A`` when the columns are read in
    reverse: one vector per free column ``f`` of the echelon form of ``A`` (``1`` at ``f``,
    its last nonzero entry, and ``0`` at the other free columns).  From flint's kernel
    basis (only ``nullity x ncols`` entries leave flint), echelonized with reversed columns."""
    import flint
    X, nullity = A.nullspace()
    if not nullity:
        return [], np.zeros((0, ncols), dtype=np.int64)
    K = flint.nmod_mat(nullity, ncols, [int(X[ncols - 1 - j, i]) for i in range(nullity)
                                        for j in range(ncols)], p)
    R, rank = K.rref()
    Rm = np.array([int(x) for x in R.entries()], dtype=np.int64).reshape(nullity, ncols)
    Rm = Rm[::-1, ::-1]  # back to the original columns; rows by increasing free column
    free = [int(np.flatnonzero(row)[-1]) for row in Rm]
    return free, np.ascontiguousarray(Rm)


def _lift(residues: list, primes: list):
    """Integer primitive vectors from their residues mod ``primes`` (CRT, then rational
    reconstruction); None if some entry does not reconstruct."""
    combined, modulus = crt(residues, primes), math.prod(primes)
    out = []
    for row in combined:
        fracs = []
        for a in row:
            q = reconstruct(int(a), modulus)
            if q is None:
                return None
            fracs.append(q)
        den = math.lcm(*(d for _, d in fracs))
        ints = [n * (den // d) for n, d in fracs]
        g = math.gcd(*ints)
        lead = next(x for x in reversed(ints) if x)
        sign = 1 if lead > 0 else -1
        out.append(np.array([sign * x // g for x in ints], dtype=object))
    return out


def _primitive(f):
    from lcnalg.polynomials import primitive
    return primitive(f)
