"""Pivot-phase engine: when a phase of ``w_1`` is a constant, one phase of ``P`` is the upper
layers' filter itself, and ``I(V)`` is one saturation by a coordinate (MATH.md §2.1).

For the reduced architecture with first stride ``S >= 2`` write ``P = w_1(t) Q(t^S)`` with
``Q`` in the neurovariety ``V'`` of the upper layers (``n'`` coefficients), and the phases
``P_r = A_r Q`` (``A_r`` the phases of ``w_1``, of degrees ``e_r = floor((k_1-1-r)/S)``;
``A_r = 0`` for ``k_1 <= r < S``).  If ``k_1 < 2S``, the pivot ``r0 = min(k_1, S) - 1`` has
``e_r0 = 0``: ``P_r0 = w_{1,r0} Q``.  Put

- ``J`` = the zero phases' coordinates + the equations of ``V'`` at the coefficients of
  ``P_r0`` + for each other phase the bordered minors of
  ``M_r = [P_r | P_r0 | u P_r0 | ... | u^e_r P_r0]`` (``P_r`` in the span of the shifts):
  the ``(e_r + 2)``-minors on the top ``e_r + 1`` rows and one other row;
- ``f`` = the top coefficient of ``P_r0``, a coordinate ``c_j``.

**Theorem.** If the equations of ``V'`` generate ``I(V')``, then ``J : f^oo = I(V)``.

*Proof.*  On ``f != 0`` the top ``(e_r+1) x (e_r+1)`` block of the shifts of ``P_r0`` is
triangular with diagonal ``f``, a unit, so ``rank M_r <= e_r + 1`` (``P_r`` in the span) iff
the bordered minors vanish (they are the Schur complement times the unit), and each of them
is ``f^(e_r+1) P_r[i]`` minus a polynomial in ``P_r0`` and the top ``e_r + 1`` entries of
``P_r``.  (On ``f != 0`` all maximal minors give the same ideal; the bordered ones are far
fewer, and the Gröbner basis is 5-100x faster: ``(4,4,3),(3,3,1)`` 1.1 s instead of 19 s.)
So ``R_f / J R_f`` is ``(QQ[P_r0] / I(V'))_f`` with the top entries of the ``P_r``
adjoined as free variables, a domain: ``J R_f`` is prime, and so is ``J : f^oo = J R_f ∩ R``.
On ``f != 0``, ``V(J)`` consists of the points with ``P_r0 = Q`` in ``V'`` and
``P_r = A_r Q``; these lie in ``V`` (``P = w_1(t) Q(t^S)``, closure of the image), and
``V`` is not inside ``f = 0``.  Thus ``V(J : f^oo)`` is the closure of ``V(J) - V(f)``,
irreducible, contained in ``V`` and containing the dense part of ``V`` where ``f != 0``.  A
prime ideal with zero set ``V`` is ``I(V)``.  ∎

**When the upper ideal is not proved.**  Let ``J' ⊆ I(V')`` be the upper equations and
``q = c'_{n'-1}`` the upper top coordinate (``f`` is ``q`` at ``P_r0``).  Then, with
``I = J : f^oo``:

- ``I ⊆ I(V)`` always: every element of ``J`` vanishes on the image of ``mu`` (the upper
  equations are homogeneous, so they vanish at ``P_r0 = w_{1,r0} Q``; ``P_r`` lies in the
  span of the shifts of ``P_r0``), and ``I(V)`` is prime with ``f ∉ I(V)``;
- ``I = I(V)`` iff ``J' : q^oo = I(V')``: as above ``R_f / J R_f`` is ``(QQ[P_r0] / J')_q``
  with free variables adjoined, and the same holds for ``I(V)`` with ``I(V')``; adjoining free
  variables is injective on ideals, so ``J R_f = I(V) R_f`` iff ``J'_q = I(V')_q``, and
  contracting (``I(V)``, ``I(V')`` are prime and do not contain ``f``, ``q``) gives the claim;
- ``V(I) = V`` when ``V(J') = V'``: then ``V(J) - V(f)`` is the part of ``V`` where ``f != 0``.

So the label is ``certified`` only when the upper ideal is; ``set-theoretic`` when the upper
ideal is (at least) set-theoretic; otherwise (``checked``, ``probabilistic``, ``partial``) it
is ``partial``, with the criterion for equality in ``detail``.  A statement about the upper
ideal "through degree t" says nothing about degree ``t`` of ``I``.

**Computation.**  ``f`` is a variable.  For homogeneous ``J``, ``J : f^oo = (J|_{f=1})^h``, the
homogenization by ``f`` of ``J`` at ``f = 1`` (a form ``h`` with ``f^m h ∈ J`` gives
``h(f=1) ∈ J|_{f=1}``; conversely homogenizing ``h(f=1) = Σ a_i g_i(f=1)`` gives ``f^m h ∈ J``);
and if ``G`` is a Gröbner basis of ``J|_{f=1}`` in degrevlex (a graded order), the
homogenizations ``G^h`` are a Gröbner basis of ``(J|_{f=1})^h`` in degrevlex with ``f`` last
(Cox–Little–O'Shea, *Ideals, Varieties, and Algorithms*, Ch. 8 §4, Thm. 4; any Gröbner basis,
not only the reduced one).  So: one Gröbner basis over QQ in the other ``n - 1`` variables
(``J`` homogeneous is asserted first), by Singular ``slimgb``, which is 1.1-9x faster than
``std`` on most pivot charts tried (``(4,3,3,3),(3,2,2,1)`` 20 s against 71 s,
``(4,2,4,2),(3,2,3,1)`` 0.5 s against 4.5 s) but not on all (``(4,6,4),(3,2,1)``: 322 s
against 86 s), so from ``n = 21`` on ``std`` joins it after 20 s and the first basis wins
(:func:`chart_basis`; ``benchmarks/pivot_chart.md`` as of commit 46af14b: within 10 % of the faster one where
``slimgb`` wins, and on ``(4,6,4),(3,2,1)`` 133 s against ``std`` alone 69 s and ``slimgb``
over 150 s, the two sharing two loaded cores); then
the minimal generators among ``G^h`` (:func:`lcnalg.polynomials.minimal_from_basis`: the
ideal is homogeneous; ``benchmarks/pivot_chart.md``: 19x faster than Singular ``minbase`` and
9x faster than its own truncation by ``std`` on ``(3,3,3,4),(2,2,2,1)``)
and the Hilbert series read off
``G^h`` (its dimension is checked against ``dim V`` of the theorem).  This is the basis Bayer's
division of a basis of ``J`` with ``f`` last would give, without the components of ``J`` in
``f = 0``: ``(3,5,4),(2,3,1)`` 1.2 s instead of 112 s (``benchmarks/large_sample.md``).
The equations of ``V'`` come from the Segre theorem, Eagon–Northcott (two phases),
this engine again, or the default engine.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> r = ideal_result(Architecture((3, 2, 2), (2, 2, 1)))
    >>> r
    <IdealResult pivot: 13 generators, certified (...), ... s>
    >>> applies(Architecture((4, 4), (3, 1))), applies(Architecture((5, 3), (2, 1)))
    (True, False)
"""
from __future__ import annotations

import time

from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit import registry
from lcnalg.implicit.registry import Plan
from lcnalg.implicit.result import IdealResult
from lcnalg.request import Request

__all__ = ["NAME", "plan", "run", "applies", "pivot", "equations", "ideal_result", "upper_result",
           "chart_basis", "vanishing_ideal"]

NAME = "pivot"

#: seconds the default gives the pivot engine before it falls back to the multigraded
#: completion: on all 171 entries of the default catalogue where it applies the pivot engine
#: was the faster (at most 33 s, ``(4,4,4),(3,2,1)``, against 253 s).  240 s until the chart
#: certificate (2026-12-07): on the large catalogue the chart's basis either finished (43 of
#: 840 certified rows from ``n = 21`` took over 100 s) or not at all in 320 s, while the
#: completion, certified by the chart certificate, took about 125 s on ``(4,4,3,2),(2,2,2,1)``
#: (``n = 26``)
BUDGET = 90.0
#: ... from this filter size on: below it the pivot engine took at most 0.3 s on the default
#: catalogue, so it runs without a budget (and without the fork a budget needs)
BUDGET_FROM_N = 21
#: from ``n = BUDGET_FROM_N`` on, seconds after which ``std`` joins ``slimgb`` in a race for
#: the chart's Gröbner basis (:func:`chart_basis`): a chart ``slimgb`` finishes sooner costs
#: no second process
STD_DELAY = 20.0


def applies(arch: Architecture) -> bool:
    """Whether the reduced architecture has two or more layers, first stride ``S >= 2`` and
    ``k_1 < 2S`` (a constant phase of ``w_1``)."""
    red = arch.reduced()
    return red.L >= 2 and red.s[0] >= 2 and red.k[0] < 2 * red.s[0]


def plan(arch: Architecture) -> Plan:
    """Runs (and is the default) when a phase of ``w_1`` is constant; the default gives it
    :data:`BUDGET` seconds from ``n = BUDGET_FROM_N`` on."""
    red = arch.reduced()
    if not applies(arch):
        return Plan(NAME, arch, False, False,
                    f"the pivot engine needs a reduced architecture with first stride S >= 2 "
                    f"and k_1 < 2S; {arch} reduces to {red}")
    return Plan(NAME, arch, True, True, f"reduced {red}: a constant phase of w_1 (k_1 < 2S)",
                BUDGET if arch.n >= BUDGET_FROM_N else None)


def run(plan: Plan, request: Request) -> IdealResult:
    """:func:`ideal_result` under ``request.limit()``."""
    return ideal_result(plan.arch, timeout=request.limit(), seed=request.seed)


def pivot(arch: Architecture) -> tuple[int, int]:
    """``(r0, j)``: the pivot phase and the index of its top coefficient ``c_j`` (the
    saturating coordinate).

    EXAMPLES::

        >>> pivot(Architecture((3, 3, 3), (2, 2, 1)))
        (1, 13)
    """
    red = _reduced(arch)
    S = red.s[0]
    r0 = min(red.k[0], S) - 1
    return r0, r0 + S * ((red.n - 1 - r0) // S)


def _reduced(arch: Architecture) -> Architecture:
    if not applies(arch):
        red = arch.reduced()
        raise ValueError(f"the pivot engine needs a reduced architecture with first stride S >= 2 "
                         f"and k_1 < 2S; {arch} reduces to {red}")
    return arch.reduced()


def upper_result(upper: Architecture, seed: int) -> IdealResult:
    """``I(V')`` by the default engine, the theorems first (two phases: the Eagon–Northcott
    minors, certified with ``deg mu' = 1`` by :attr:`Architecture.deg_mu`)."""
    from lcnalg.implicit import determinantal
    if registry.default_plan(upper).engine == "determinantal":
        return determinantal.minors_result(upper)
    return registry.run_default(upper, Request(seed=seed))


def equations(arch: Architecture, upper_gens: list, ring):
    """``J`` of the module docstring in ``ring`` (variables named ``c0..``, any order), from
    ``upper_gens``, generators of ``I(V')`` in ``c0..c{n'-1}``."""
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.implicit.determinantal import bordered_minors
    red = _reduced(arch)
    S, k1, n = red.s[0], red.k[0], red.n
    c = [ring(f"c{j}") for j in range(n)]
    r0, _ = pivot(arch)
    P0 = c[r0::S]
    out = [c[j] for r in range(k1, S) for j in range(r, n, S)]
    if upper_gens:
        up = coordinate_ring(Architecture(red.k[1:], red.s[1:]))
        out += [up.hom(P0, ring)(up(g)) for g in upper_gens]
    for r in range(min(k1, S)):
        if r == r0:
            continue
        out += bordered_minors(c[r::S], P0, ring.one())
    return out


def ideal_result(arch: Architecture, timeout: float | None = None, seed: int = 0) -> IdealResult:
    """``I(V) = J : f^oo`` (module docstring), minimal generators, with the upper layers'
    certification."""
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.implicit.hilbert import from_numerator
    from lcnalg.polynomials import from_terms
    from lcnalg.procs import call_with_time_limit
    _reduced(arch)
    start = time.perf_counter()
    terms, up, numerator = call_with_time_limit(lambda: _saturate(arch, seed), timeout,
                                     f"pivot engine (saturation of the phase equations) for {arch}")
    C = coordinate_ring(arch)
    gens = [from_terms(C, g) for g in terms]
    label, detail = _label(arch, up)
    return IdealResult(gens, "pivot", label, detail, time.perf_counter() - start, up.seed,
                       minimal=True, hilbert=from_numerator(numerator, arch.dim),
                       inputs={"upper": up})


def _label(arch: Architecture, up: IdealResult) -> tuple[str, str]:
    """The certification of ``J : f^oo`` and its detail from the upper ideal's (module
    docstring, "When the upper ideal is not proved")."""
    red = _reduced(arch)
    j, q = pivot(arch)[1], f"c{Architecture(red.k[1:], red.s[1:]).n - 1}"
    how = (f"saturation as (J at c{j} = 1)^h, one Gröbner basis over QQ (Singular); I(V') from {up.engine} "
           f"({up.certification}: {up.detail})")
    if up.certification == "certified":
        return "certified", (f"pivot phase: J : c{j}^oo = I(V) [theorem, module docstring; its "
                             f"hypothesis J' = I(V') holds: certified]; {how}")
    if up.certification == "set-theoretic":
        return "set-theoretic", (f"pivot phase: V(J : c{j}^oo) = V since V(J') = V' (the upper "
                                 f"ideal is only set-theoretic); {how}")
    return "partial", (f"pivot phase: I = J : c{j}^oo ⊆ I(V); equality iff J' : {q}^oo = I(V') "
                       f"(not known: the upper ideal is only {up.certification}); {how}")


def _saturate(arch: Architecture, seed: int):
    from sage.libs.singular.function import singular_function
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.polynomials import minimal_from_basis, primitive, to_terms
    red = _reduced(arch)
    up = upper_result(Architecture(red.k[1:], red.s[1:]), seed)
    n, (_, j) = red.n, pivot(arch)
    names = [f"c{i}" for i in range(n) if i != j] + [f"c{j}"]
    R = PolynomialRing(QQ, names, order="degrevlex")
    eqs = equations(arch, up.gens, R)
    if not all(g.is_homogeneous() for g in eqs):  # J : f^oo = (J at f = 1)^h needs a homogeneous J
        raise AssertionError(f"pivot engine for {arch}: J is not homogeneous")
    # J : f^oo = (J at f = 1)^h (module docstring, "Computation")
    R1 = PolynomialRing(QQ, names[:-1], order="degrevlex")
    at_one = R.hom(list(R1.gens()) + [R1.one()], R1)
    gb = chart_basis(R1.ideal([at_one(g) for g in eqs]), n >= BUDGET_FROM_N, str(arch))
    up_to_R = R1.hom(list(R.gens()[:-1]), R)
    divided = [up_to_R(g).homogenize(n - 1) for g in gb]
    I = R.ideal(divided)
    sb = {I: {"isSB": 1}}  # a Gröbner basis of J : f^oo in degrevlex, f last
    dim = int(singular_function("dim")(I, attributes=sb))
    if dim != red.dim:
        raise AssertionError(f"pivot engine for {arch}: dim R/I = {dim}, the theorem says {red.dim}")
    numerator = [int(a) for a in singular_function("hilb")(I, 2, attributes=sb)]
    mins = minimal_from_basis(divided)  # a Gröbner basis of the homogeneous I (degrevlex)
    C = coordinate_ring(arch)
    back = R.hom([C(name) for name in names], C)
    gens = sorted((primitive(back(g)) for g in mins), key=lambda g: (g.degree(), g))
    return [to_terms(g) for g in gens], up.summary(), numerator


def chart_basis(ideal, race: bool, what: str = "") -> list:
    """A Gröbner basis of ``ideal`` (degrevlex) by Singular ``slimgb``; with ``race``, ``std``
    joins after :data:`STD_DELAY` seconds in a second forked child and the first to finish
    wins (:func:`lcnalg.procs.race`).

    Neither algorithm is the faster one on every chart: ``slimgb`` took 1 s against 7.7 s for
    ``std`` on ``(4,4,4),(3,3,1)``, ``std`` 86 s against 322 s on ``(4,6,4),(3,2,1)``.

    EXAMPLES::

        >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        >>> from sage.rings.rational_field import QQ
        >>> R = PolynomialRing(QQ, "x,y", order="degrevlex")
        >>> x, y = R.gens()
        >>> sorted(chart_basis(R.ideal([x**2 - y, x*y - 1]), True))
        [y^2 - x, x*y - 1, x^2 - y]
    """
    from sage.libs.singular.function import singular_function
    from lcnalg.polynomials import from_terms, to_terms
    from lcnalg.procs import race
    if not race:
        return list(singular_function("slimgb")(ideal))

    def run(name):
        return lambda: [to_terms(g) for g in singular_function(name)(ideal)]
    _, terms = race({"slimgb": run("slimgb"), "std": run("std")}, None,
                    f"Gröbner basis of the pivot chart {what}", delays={"std": STD_DELAY})
    return [from_terms(ideal.ring(), t) for t in terms]


def vanishing_ideal(arch: Architecture, timeout: float | None = None) -> list:
    """Minimal generators of ``I(V)`` (see :func:`ideal_result`)."""
    return ideal_result(arch, timeout).gens
