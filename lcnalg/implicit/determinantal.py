"""Determinantal engine: two layers after reduction, through the phases (MATH.md §2.1).

For the reduced architecture ``(k_1, k_2), (s, 1)`` write ``P = sum_r t^r P_r(t^s)``
(phases ``P_r``, the ``c_j`` with ``j = r mod s``, ``r < s``).  Then ``P = w_1 Q(t^s)`` iff
``P_r = A_r Q`` with ``A_r`` the phases of ``w_1``: ``V`` is the set of phase tuples with a
common factor of degree ``>= m = k_2 - 1`` (a closed condition: as forms, zero is divisible
by everything).

**Common factors.** Forms ``f_r`` of degrees ``e_r = a_r + m`` have a common factor of degree
``>= m`` iff the linear map ``(A_r)_r -> (f_q A_r - f_r A_q)_{r<q}`` (``deg A_r = a_r``) has a
nonzero kernel, i.e. all maximal minors (size ``k_1 = sum (a_r + 1)``) of its matrix vanish.
(If ``f_q A_r = f_r A_q`` for all pairs and ``f_q, A_q != 0`` for some ``q``, put
``g = gcd(f_q, A_q)``, ``f_q = gF``, ``A_q = gB``: then ``B | A_r`` and ``F | f_r`` for all
``r``, with ``deg F >= e_q - a_q = m``; if ``f_q A_q = 0`` for all ``q``, all ``f_r = 0``.)
For ``s = 2`` this is the Sylvester-type ``(k_1 + k_2 - 2) x k_1`` matrix of ``(u, v) -> u f_0 +
v f_1``.

**Certificate for s = 2.** ``V(J) = V`` (above), so ``J`` has the expected codimension
``k_2 - 1 = codim V``; by Eagon–Northcott ``R/J`` is Cohen–Macaulay (unmixed, hence
``I(V)``-primary) with the Hilbert series of the Eagon–Northcott complex (a minimal resolution
for linear entries: the ``C(k_1+k_2-2, k_1)`` minors are minimal generators) and degree
``C(k_1+k_2-2, k_1-1) = (d_1+d_2)!/(d_1! d_2!)``.  ``deg mu = 1`` for the reduced architecture
(:attr:`Architecture.deg_mu`, a theorem: a generic ``Q`` is the gcd of the phases), so
``deg V`` is that multinomial too and ``J = I(V)`` (``R/J`` unmixed, ``J ⊆ I(V)`` of the same
dimension and degree).  Checked on each run: ``J ⊆ I(V)`` exactly (the phases of ``w_1`` are
a kernel vector of the matrix at ``mu(w)``, over ``QQ[w]``).  A random fibre is not needed
(the neurovariety table counts ``deg mu`` on one, as an independent check of the theorem).

**Three or more phases.** The minors cut out ``V`` but need not generate ``I(V)``; with the
lower-degree rank conditions of ``(u_r) -> sum u_r f_r`` they are a start for the
multigraded completion (``lcnalg.implicit.multigraded``), or the engine falls back to ``sage``.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> r = ideal_result(Architecture((3, 3), (2, 1)))
    >>> r
    <IdealResult determinantal: 4 generators, certified (Eagon–Northcott: ...), ... s>
    >>> r.hilbert["hilbert_numerator"]
    [1, 2, 3]
"""
from __future__ import annotations

import itertools
import math
import time

from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit.registry import Plan
from lcnalg.implicit.result import IdealResult
from lcnalg.request import Request

__all__ = ["NAME", "plan", "run", "applies", "phases", "common_factor_matrix", "maximal_minors",
           "bordered_minors",
           "minors_result", "ideal_result", "vanishing_ideal", "en_numerator"]

NAME = "determinantal"


def applies(arch: Architecture) -> bool:
    """Whether the reduced architecture has two layers."""
    return arch.reduced().L == 2


def plan(arch: Architecture) -> Plan:
    """Runs on two layers after reduction; the default for two phases (Eagon–Northcott)."""
    red = arch.reduced()
    if red.L != 2:
        return Plan(NAME, arch, False, False,
                    f"the determinantal engine needs two layers after reduction; {arch} "
                    f"reduces to {red}: use the resultant or sage backend")
    phases = min(red.s[0], red.k[0])
    if phases <= 2:
        return Plan(NAME, arch, True, True, f"two layers, {phases} phases: Eagon–Northcott")
    return Plan(NAME, arch, True, False, f"two layers, {phases} phases: minors completed by "
                                         "the multigraded engine")


def run(plan: Plan, request: Request) -> IdealResult:
    """:func:`ideal_result` under ``request.limit()``."""
    return ideal_result(plan.arch, timeout=request.limit(), seed=request.seed)


def _reduced(arch: Architecture) -> Architecture:
    red = arch.reduced()
    if red.L != 2:
        raise ValueError(f"the determinantal engine needs two layers after reduction; {arch} "
                         f"reduces to {red}: use the resultant or sage backend")
    return red


def phases(red: Architecture, coeffs) -> tuple[list[list], list[int]]:
    """``(P_r for the nonzero phases, a_r + 1)``: the coefficient lists of the phases of ``P``
    whose ``A_r`` is not identically zero (``r < min(s, k_1)``), and the sizes of the ``A_r``."""
    s, k1 = red.s[0], red.k[0]
    rs = range(min(s, k1))
    return [list(coeffs[r::s]) for r in rs], [len(range(r, k1, s)) for r in rs]


def common_factor_matrix(P: list[list], alphas: list[int], m: int, pairs=None) -> list[list]:
    """Rows of the matrix of ``(A_r) -> (P_q A_r - P_r A_q)_{(r, q) in pairs}`` (all pairs
    ``r < q`` by default); column ``(r, i)`` is the coefficient ``i`` of ``A_r``."""
    offsets = list(itertools.accumulate([0] + alphas))
    ncols = offsets[-1]
    pairs = list(itertools.combinations(range(len(P)), 2)) if pairs is None else pairs
    rows = []
    for r, q in pairs:
        for t in range(alphas[r] + alphas[q] + m - 1):
            row = [0] * ncols
            for i in range(alphas[r]):
                if 0 <= t - i < len(P[q]):
                    row[offsets[r] + i] = P[q][t - i]
            for i in range(alphas[q]):
                if 0 <= t - i < len(P[r]):
                    row[offsets[q] + i] = -P[r][t - i]
            rows.append(row)
    return rows


def maximal_minors(rows: list[list], one) -> dict[tuple, object]:
    """All nonzero maximal minors (``p = len(rows[0])``) of a tall matrix, by Laplace expansion
    column by column with shared subminors; keys are the sorted row tuples."""
    p = len(rows[0])
    prev = {(): one}
    for j in range(p):
        nonzero = [t for t, row in enumerate(rows) if row[j] != 0]
        cur: dict = {}
        for S, val in prev.items():
            for t in nonzero:
                if t in S:
                    continue
                pos = sum(1 for u in S if u < t)
                term = rows[t][j] * val
                key = tuple(sorted(S + (t,)))
                cur[key] = cur.get(key, 0) - term if (pos + j) % 2 else cur.get(key, 0) + term
        prev = {S: v for S, v in cur.items() if v != 0}
    return prev



def bordered_minors(P: list, Q: list, one) -> list:
    """The ``(e + 2)``-minors of ``[P | Q | u Q | .. | u^e Q]`` (coefficient columns,
    ``e = len(P) - len(Q)``) on the top ``e + 1`` rows and one other: where the top
    coefficient ``q`` of ``Q`` is a unit, that block of the shifts is triangular with diagonal
    ``q``, and the minor with row ``i`` is ``q^(e+1)`` times the ``u^i`` coefficient of the
    remainder of ``P`` modulo ``Q / q`` (the pivot, subresultant and last-layer charts)."""
    e = len(P) - len(Q)
    cols = [P] + [[0] * i + Q + [0] * (e - i) for i in range(e + 1)]
    rows = [list(x) for x in zip(*cols)]
    top = rows[len(rows) - e - 1:]
    return [m for row in rows[:len(rows) - e - 1]
            for m in maximal_minors([row] + top, one).values()]

def en_numerator(p: int, q: int) -> list[int]:
    """``h(z)`` of ``R/J`` for the maximal minors of a ``q x p`` matrix of linear forms
    (``p <= q``) of the expected codimension ``c = q - p + 1``: the Eagon–Northcott
    K-polynomial ``1 + sum_i (-1)^i C(q, p+i-1) C(p+i-2, i-1) z^(p+i-1)`` over ``(1-z)^c``."""
    c = q - p + 1
    K = [0] * (q + 1)
    K[0] = 1
    for i in range(1, c + 1):
        K[p + i - 1] += (-1) ** i * math.comb(q, p + i - 1) * math.comb(p + i - 2, i - 1)
    for _ in range(c):  # exact division by (1 - z)
        K = list(itertools.accumulate(K))
        if K[-1] != 0:
            raise ArithmeticError(f"Eagon–Northcott K-polynomial not divisible by (1-z)^{c}")
        K.pop()
    while len(K) > 1 and K[-1] == 0:
        K.pop()
    return K


def _kernel_vector_check(red: Architecture, m: int) -> bool:
    """``J ⊆ I(V)`` exactly: at ``P = mu(w)`` the phases of ``w_1`` are in the kernel of the
    common-factor matrix, identically in ``QQ[w]`` (so every maximal minor vanishes on V)."""
    from lcnalg.geometry.parameterization import layer_variables, mu_polynomials, parameter_ring
    W = parameter_ring(red)
    P, alphas = phases(red, mu_polynomials(red, W))
    w1 = layer_variables(red, W)[0]
    A, _ = phases(red, w1 + [0] * red.n)
    vec = [a for r, Ar in enumerate(A) for a in Ar[:alphas[r]]]
    return any(v != 0 for v in vec) and all(
        sum(x * v for x, v in zip(row, vec)) == 0 for row in common_factor_matrix(P, alphas, m))


def minors_result(arch: Architecture, pairs=None) -> IdealResult:
    """Gap coordinates + the maximal minors of the common-factor matrix, labelled by what is
    proved about them: ``certified`` for two phases (module docstring), otherwise
    ``set-theoretic`` (they cut out ``V``; with ``pairs`` a subset of the pairs, not even that)."""
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.implicit.gaps import gap_generators
    start = time.perf_counter()
    red = _reduced(arch)
    C = coordinate_ring(arch)
    m = red.k[1] - 1
    P, alphas = phases(red, C.gens())
    minors = maximal_minors(common_factor_matrix(P, alphas, m, pairs), C.one())
    # entries are +-c_j, so the minors have integer coefficients: only fix the sign
    # (``primitive`` would take a minute on the 3003 octics of (8,8),(2,1))
    gens = gap_generators(red, C) + sorted(g if g.lc() > 0 else -g for g in minors.values())
    p, q = red.k[0], red.k[0] + m - 1
    if len(P) == 2:
        if len(minors) != math.comb(q, p) or not _kernel_vector_check(red, m):
            raise AssertionError(f"determinantal engine for {arch}: certificate check failed")
        from lcnalg.implicit.hilbert import from_numerator
        hilbert = from_numerator(en_numerator(p, q), red.dim)
        detail = (f"Eagon–Northcott: V(J) = V (common-factor lemma), so codim J = {m} = codim V "
                  f"and R/J is Cohen–Macaulay of degree C({q},{p - 1}) = {hilbert['degree']} = deg V "
                  f"(deg mu = 1, theorem); J ⊆ I(V) checked exactly through mu*")
        return IdealResult(gens, "determinantal", "certified", detail,
                           time.perf_counter() - start, None, minimal=True, hilbert=hilbert)
    what = "a subset of the pairs" if pairs is not None else "all pairs: they cut out V"
    return IdealResult(gens, "determinantal", "set-theoretic",
                       f"maximal minors of the {len(P)}-phase common-factor matrix ({what}); "
                       "not the whole ideal in general", time.perf_counter() - start, None)


def rank_conditions(arch: Architecture, D: int | None = None) -> list:
    """Minors of size ``D + 2 - m`` of ``(u_r) -> sum_r u_r P_r`` (``deg u_r = D - e_r``,
    default ``D = max e_r``): ``rank <= D + 1 - m`` on ``V`` since the image lies in
    ``Q * S_{D - m}``.  Lower degree than the maximal minors when there are many phases."""
    from sage.matrix.constructor import matrix
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.polynomials import primitive
    red = _reduced(arch)
    C = coordinate_ring(arch)
    m = red.k[1] - 1
    P, _ = phases(red, C.gens())
    e = [len(f) - 1 for f in P]
    D = max(e) if D is None else D
    cols = [[0] * (D - e[r] - i) + list(P[r]) + [0] * i for r in range(len(P))
            for i in range(D - e[r] + 1)]
    size = D + 2 - m
    if size > min(len(cols), D + 1):
        return []
    return sorted({primitive(g) for g in matrix(C, cols).minors(size) if g != 0})


def ideal_result(arch: Architecture, timeout: float | None = None, seed: int = 0) -> IdealResult:
    """``I(V)`` for two layers after reduction: certified minors for two phases (module
    docstring); for more phases the minors and rank conditions completed by the multigraded
    engine."""
    from lcnalg.procs import call_with_time_limit
    red = _reduced(arch)
    nphases = min(red.s[0], red.k[0])
    if nphases <= 2:
        start = time.perf_counter()
        r = call_with_time_limit(lambda: minors_result(arch), timeout,
                                 f"determinantal minors for {arch}")
        if red.deg_mu != 1:  # the theorem (Architecture.deg_mu) for a reduced architecture
            raise AssertionError(f"{red}: deg mu = {red.deg_mu} by the theorem, expected 1")
        r.seconds = time.perf_counter() - start
        return r
    return _complete(arch, lambda: rank_conditions(arch), timeout, seed, "determinantal")


def _complete(arch, start_gens, timeout, seed, engine) -> IdealResult:
    """Complete ``start_gens()`` (and the gap coordinates) with
    :func:`lcnalg.implicit.multigraded.complete`, asked of the registry like every engine
    another engine uses (the completion's chart certificate uses the chart engines, which use
    this module's minors)."""
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.implicit import registry
    from lcnalg.implicit.gaps import gap_generators
    gens = gap_generators(arch, coordinate_ring(arch)) + list(start_gens())
    r = registry.engine("multigraded").complete(arch, gens, seed=seed, timeout=timeout)
    r.engine = f"{engine}+{r.engine}"
    return r


def vanishing_ideal(arch: Architecture, timeout: float | None = None) -> list:
    """Generators of ``I(V)`` (see :func:`ideal_result`)."""
    return ideal_result(arch, timeout).gens
