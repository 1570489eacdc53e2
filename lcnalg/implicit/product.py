"""Segre-product engine: when the lower layers' filter fits inside one period of a layer,
``V`` is the Segre product of two smaller neurovarieties, and ``I(V)`` is written down from
theirs without any Gröbner basis of its own (MATH.md §2.1).

For the reduced architecture ``(k, s)`` with cumulative strides ``S_l`` let ``D_l = sum_{i<l}
d_i S_i``, the degree of the filter ``Q_low = w_1(t) w_2(t^{S_2}) ... w_{l-1}(t^{S_{l-1}})`` of
the lower layers.  If ``D_l < S_l`` for some ``l >= 2`` (the first such ``l`` is the
*split*), then ``P = Q_low(t) Q_up(t^{S_l})`` with ``Q_up`` the filter of the upper layers
``l..L``, and since ``D_l < S_l`` the exponents ``a + b S_l`` (``0 <= a <= D_l``,
``0 <= b < n_up``) are distinct: ``c_{a + b S_l} = x_a y_b`` with ``x``, ``y`` the
coefficients of ``Q_low`` and ``Q_up``, and every other ``c_j`` is zero.  So ``V`` is (a
coordinate embedding of) the cone over the Segre product ``X x Y`` of ``X = V_low``,
``Y = V_up``, the neurovarieties of ``(k_1..k_{l-1}), (s_1..s_{l-2}, 1)`` and
``(k_l..k_L), (s_l..s_L)``.  (``l = 2`` is ``k_1 <= s_1``: ``X = C^{k_1}``; all splits at
every layer is the Segre engine's non-overlapping case.  ``D_l < S_l`` is also the
condition of the closedness criterion, MATH.md §4.2, for the odd layers.)

**Theorem.**  Let ``x_a`` (``a`` in ``A``) and ``y_b`` (``b`` in ``B``) be the coordinates not
identically zero on ``X``, ``Y`` (:mod:`lcnalg.implicit.gaps`), ``z_ab = c_{a + b S_l}``.
Let ``G_X``, ``G_Y`` be minimal generators of ``I(X)``, ``I(Y)`` without their gap
coordinates, and ``M_X(d)``, ``M_Y(d)`` the standard monomials of degree ``d`` (a basis of
the degree-``d`` part of ``QQ[x]/I(X)``, ``QQ[y]/I(Y)``).  Then minimal generators of
``I(V)`` are

- the gap coordinates of ``V`` (the ``c_j`` not of the form ``z_ab``),
- the ``2 x 2`` minors ``z_ab z_a'b' - z_ab' z_a'b`` (``a < a'``, ``b < b'``),
- the lifts of ``g m``, ``m' h`` and ``g h`` for ``g`` in ``G_X``, ``h`` in ``G_Y`` and
  ``m`` in ``M_Y(deg g)``, ``m'`` in ``M_X(deg h)``, ``deg g = deg h`` in the last,

where the *lift* of a form ``F(x, y)`` of bidegree ``(d, d)`` replaces each term
``x_a1..x_ad y_b1..y_bd`` (``a_i``, ``b_i`` sorted) by ``z_a1b1 .. z_adbd``.  The Hilbert
function of ``V`` is ``HF_X(d) HF_Y(d)``.

*Proof.*  ``phi: z_ab -> x_a y_b`` maps ``QQ[z]`` onto the diagonal ``⊕_d QQ[x]_d ⊗
QQ[y]_d`` with kernel the minors (the Segre toric ideal).  A form ``F`` vanishes on ``V``
iff ``phi(F)`` vanishes on ``X̂ x Ŷ`` (the cones), whose ideal in ``QQ[x, y]`` is
``I(X) + I(Y)`` (a tensor product of domains of finite type over an algebraically closed
field is a domain).  So ``I(V)_d = phi^-1(U_d ⊗ QQ[y]_d + QQ[x]_d ⊗ W_d)`` with ``U = I(X)``,
``W = I(Y)``, and the minors and the lifts (``phi(lift F) = F``) generate ``I(V)``.  For
``d >= 3`` the minors of degree ``d`` lie in ``m I(V)``, and ``phi(m I(V))_d = U'_d ⊗
QQ[y]_d + QQ[x]_d ⊗ W'_d`` with ``U' = x U``, ``W' = y W``; splitting ``QQ[y]_d = W_d ⊕
span M_Y(d)``, ``W_d = W'_d ⊕ span G_Y(d)`` (and the same for ``x``), the quotient has the
basis ``G_X ⊗ M_Y``, ``M_X ⊗ G_Y``, ``G_X ⊗ G_Y``.  In degree 2 (no linear forms once the
gaps are set apart) the minors span ``ker phi_2`` and the lifts map to a basis of the image.
By graded Nakayama the set is minimal.  ∎

So the ideal is ``certified`` when both factors' ideals are (the theorem needs ``I(X)``,
``I(Y)`` exactly), ``partial`` otherwise (it is then contained in ``I(V)``: every lift
vanishes on ``V``).  The factors come from the default engine (this one again where they
split), so the work is two smaller ideals and, only when both factors have generators, the
standard monomials of one factor in the degrees of the other's generators.  Checks: the
gap coordinates are those of the theorem, the factors' linear generators are their gap
coordinates, ``dim X + dim Y - 1 = dim V`` and ``deg V = C(p+q, p) deg X deg Y``
(``p = dim X - 1``, ``q = dim Y - 1``) against the Hilbert series built here.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> split(Architecture((2, 3, 3), (2, 2, 1))), split(Architecture((3, 2, 3, 2), (2, 3, 2, 1)))
    (1, 2)
    >>> arch = Architecture((2, 3, 3), (2, 2, 1))
    >>> r = ideal_result(arch)
    >>> r
    <IdealResult product: 37 generators, certified (Segre product: ...), ... s, seed 0>
    >>> r.hilbert["degree"] * arch.deg_mu == arch.multinomial  # MATH.md §2
    True
"""
from __future__ import annotations

import itertools
import math
import time

from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit.registry import Plan
from lcnalg.implicit.result import IdealResult
from lcnalg.request import Request

__all__ = ["NAME", "plan", "run", "applies", "split", "factors", "factor_result", "ideal_result", "lift",
           "hilbert_function", "vanishing_ideal"]

NAME = "product"


def split(arch: Architecture) -> int | None:
    """The index ``l - 1`` (0-based) of the first layer ``l >= 2`` of the reduced architecture
    with ``D_l < S_l``, or None."""
    red = arch.reduced()
    for l in range(1, red.L):
        if sum(d * S for d, S in zip(red.d[:l], red.S[:l])) < red.S[l]:
            return l
    return None


def applies(arch: Architecture) -> bool:
    """Whether the reduced architecture splits (module docstring) and is not non-overlapping
    (the Segre engine's case)."""
    return split(arch) is not None and not arch.reduced().non_overlapping


def plan(arch: Architecture) -> Plan:
    """Runs (and is the default) when the reduced architecture splits."""
    red = arch.reduced()
    if split(arch) is None:
        return Plan(NAME, arch, False, False,
                    f"the product engine needs a layer l >= 2 with D_l < S_l (the lower layers' "
                    f"filter inside one period); {arch} reduces to {red}, which has none")
    lower, upper = factors(arch)
    return Plan(NAME, arch, True, not red.non_overlapping,
                f"reduced {red} splits: V is the Segre product of V{lower} and V{upper}")


def run(plan: Plan, request: Request) -> IdealResult:
    """:func:`ideal_result` under ``request.limit()``."""
    return ideal_result(plan.arch, timeout=request.limit(), seed=request.seed)


def factors(arch: Architecture) -> tuple[Architecture, Architecture]:
    """``(lower, upper)``: the architectures of ``Q_low`` and ``Q_up`` at the split.

    EXAMPLES::

        >>> factors(Architecture((3, 2, 3, 2), (2, 3, 2, 1)))
        (Architecture(k=(3, 2), s=(2, 1)), Architecture(k=(3, 2), s=(2, 1)))
    """
    l = split(arch)
    if l is None:
        red = arch.reduced()
        raise ValueError(f"the product engine needs a layer l >= 2 with D_l < S_l; {arch} "
                         f"reduces to {red}, which has none")
    red = arch.reduced()
    return Architecture(red.k[:l], red.s[:l - 1] + (1,)), Architecture(red.k[l:], red.s[l:])


def hilbert_function(numerator, dim: int, d: int) -> int:
    """``HF(d)`` of the Hilbert series ``numerator(t) / (1-t)^dim``."""
    return sum(h * math.comb(d - i + dim - 1, dim - 1) for i, h in enumerate(numerator)
               if d >= i) if dim > 0 else (numerator[d] if d < len(numerator) else 0)


def lift(terms_x, terms_y, index, n: int) -> dict:
    """The lift (module docstring) of ``F = f(x) g(y)`` as ``{exponents of c: coefficient}``;
    ``terms_x``, ``terms_y``: ``{exponent tuple: coefficient}`` over the support coordinates,
    ``index[(i, j)]``: the position of ``z_{a_i b_j}`` among the ``n`` coordinates ``c``.

    EXAMPLES::

        >>> index = {(0, 0): 0, (1, 0): 1, (0, 1): 2, (1, 1): 3}
        >>> lift({(2, 0): 1}, {(1, 1): 1}, index, 4)  # x0^2 y0 y1 -> z00 z01
        {(1, 0, 1, 0): 1}
        >>> sorted(lift({(1, 1): 1}, {(1, 1): 1}, index, 4).items())  # x0 x1 y0 y1 -> z00 z11
        [((1, 0, 0, 1), 1)]
    """
    out: dict = {}
    for ex, cx in terms_x.items():
        xs = [i for i, e in enumerate(ex) for _ in range(e)]
        for ey, cy in terms_y.items():
            ys = [j for j, e in enumerate(ey) for _ in range(e)]
            if len(xs) != len(ys):
                raise ValueError("lift: the form is not of bidegree (d, d)")
            exp = [0] * n
            for i, j in zip(xs, ys):
                exp[index[(i, j)]] += 1
            key = tuple(exp)
            out[key] = out.get(key, 0) + cx * cy
    return {k: v for k, v in out.items() if v}


def ideal_result(arch: Architecture, timeout: float | None = None, seed: int = 0) -> IdealResult:
    """Minimal generators of ``I(V)`` from the factors' ideals (module docstring), with the
    Hilbert series ``HF_X HF_Y``; ``certified`` when both factors' ideals are."""
    from lcnalg import _sage
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.implicit.hilbert import from_numerator
    from lcnalg.polynomials import from_terms
    from lcnalg.procs import call_with_time_limit
    lower, upper = factors(arch)
    _sage.init()
    start = time.perf_counter()
    terms, ups, numerator = call_with_time_limit(
        lambda: _build(arch, seed), timeout, f"product engine (the Segre product of the factors) for {arch}")
    C = coordinate_ring(arch)
    gens = [from_terms(C, g) for g in terms]
    low, up = ups
    how = (f"X = V({lower}) from {low.engine} ({low.certification}), "
           f"Y = V({upper}) from {up.engine} ({up.certification})")
    if low.certification == up.certification == "certified":
        label, detail = "certified", (f"Segre product: I(V) from I(X), I(Y) [theorem, module "
                                      f"docstring; its hypotheses J_X = I(X), J_Y = I(Y) hold: "
                                      f"certified]; {how}")
    else:
        label, detail = "partial", (f"Segre product: I ⊆ I(V); equality iff the factors' ideals "
                                    f"are I(X) and I(Y) (not known); {how}")
    return IdealResult(gens, NAME, label, detail, time.perf_counter() - start, seed,
                       minimal=True, hilbert=from_numerator(numerator, arch.dim),
                       inputs={"lower": low, "upper": up})


def factor_result(arch: Architecture, seed: int) -> IdealResult:
    """A factor's ideal by the default engine (the theorems first, as the pivot engine's upper
    ideal: :func:`lcnalg.implicit.pivot.upper_result`)."""
    from lcnalg.implicit.pivot import upper_result
    return upper_result(arch, seed)


def _factor(arch: Architecture, seed: int):
    """``(result, support, nonlinear generators as term dicts over the support, hilbert)``."""
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.implicit.gaps import split_gaps
    from lcnalg.implicit.hilbert import hilbert_data
    from sage.libs.singular.function import singular_function
    res = factor_result(arch, seed)
    gaps, support = split_gaps(arch)
    R = coordinate_ring(arch)
    gens = [R(g) for g in res.gens]
    if not res.minimal:
        gens = list(singular_function("minbase")(R.ideal(gens)))
    linear = sorted(g for g in gens if g.degree() == 1)
    if sorted(str(g.lm()) for g in linear) != sorted(str(R.gen(j)) for j in gaps) or any(
            len(g.monomials()) != 1 for g in linear):
        raise AssertionError(f"product engine: the linear generators of I(V{arch}) are not its "
                             f"gap coordinates {gaps}")
    gaps_to_zero = {R.gen(j): 0 for j in gaps}
    nonlinear = []
    for g in gens:
        if g.degree() > 1:
            g = g.subs(gaps_to_zero) if gaps else g
            nonlinear.append({tuple(e[j] for j in support): c for e, c in g.dict().items()})
    hil = res.hilbert or hilbert_data(R.ideal(gens))
    return res.summary(), support, nonlinear, hil


def _standard_monomials(nonlinear, nvars: int, degrees) -> dict:
    """``{d: [exponent tuples]}``: a monomial basis of the degree-``d`` part of the quotient by
    the ideal of ``nonlinear`` (degrevlex standard monomials; all monomials when it is 0)."""
    if not degrees:
        return {}
    if not nonlinear:
        return {d: [_exponent(c, nvars) for c in itertools.combinations_with_replacement(range(nvars), d)]
                for d in degrees}
    from sage.libs.singular.function import singular_function
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    R = PolynomialRing(QQ, [f"u{i}" for i in range(nvars)], order="degrevlex")
    I = R.ideal([R(g) for g in nonlinear])
    gb = singular_function("std")(I)
    kbase = singular_function("kbase")
    out = {}
    for d in degrees:
        basis = kbase(gb, d, attributes={gb: {"isSB": 1}})
        out[d] = [tuple(int(a) for a in m.exponents()[0]) for m in basis if m != 0]
    return out


def _exponent(indices, nvars: int) -> tuple:
    e = [0] * nvars
    for i in indices:
        e[i] += 1
    return tuple(e)


def _build(arch: Architecture, seed: int):
    from lcnalg.implicit.gaps import split_gaps
    from lcnalg.polynomials import primitive, to_terms
    from lcnalg.geometry.parameterization import coordinate_ring
    from sage.rings.rational_field import QQ
    lower, upper = factors(arch)
    red = arch.reduced()
    S = red.S[split(arch)]
    lo, A, GX, hx = _factor(lower, seed)
    up, B, GY, hy = _factor(upper, seed)
    index = {(i, j): a + b * S for i, a in enumerate(A) for j, b in enumerate(B)}
    if sorted(index.values()) != split_gaps(arch)[1]:
        raise AssertionError(f"product engine for {arch}: the support of V is not A + S B")
    if hx["dim"] + hy["dim"] - 1 != red.dim:
        raise AssertionError(f"product engine for {arch}: dim X + dim Y - 1 = "
                             f"{hx['dim'] + hy['dim'] - 1}, the theorem says dim V = {red.dim}")
    C = coordinate_ring(arch)
    n = arch.n
    gens = [C.gen(j) for j in split_gaps(arch)[0]]
    z = {key: C.gen(j) for key, j in index.items()}
    for (i, i2) in itertools.combinations(range(len(A)), 2):
        for (j, j2) in itertools.combinations(range(len(B)), 2):
            gens.append(z[i, j] * z[i2, j2] - z[i, j2] * z[i2, j])
    deg = lambda g: sum(next(iter(g)))  # noqa: E731  (forms: every term has the same degree)
    MY = _standard_monomials(GY, len(B), sorted({deg(g) for g in GX}))
    MX = _standard_monomials(GX, len(A), sorted({deg(h) for h in GY}))
    pieces = ([(g, {m: QQ.one()}) for g in GX for m in MY[deg(g)]]
              + [({m: QQ.one()}, h) for h in GY for m in MX[deg(h)]]
              + [(g, h) for g in GX for h in GY if deg(g) == deg(h)])
    for fx, fy in pieces:
        gens.append(C(lift(fx, fy, index, n)))
    # Hilbert series: HF_V(d) = HF_X(d) HF_Y(d), polynomial in d beyond both a-invariants
    D = red.dim
    d0 = max(len(hx["hilbert_numerator"]) - hx["dim"], len(hy["hilbert_numerator"]) - hy["dim"], 0)
    top = d0 + D + 1
    series = [hilbert_function(hx["hilbert_numerator"], hx["dim"], d)
              * hilbert_function(hy["hilbert_numerator"], hy["dim"], d) for d in range(top + 1)]
    numerator = [sum((-1) ** i * math.comb(D, i) * series[d - i] for i in range(min(d, D) + 1))
                 for d in range(top + 1)]
    if numerator[-1] != 0:
        raise AssertionError(f"product engine for {arch}: the Hilbert numerator does not end")
    while len(numerator) > 1 and numerator[-1] == 0:
        numerator.pop()
    p, q = hx["dim"] - 1, hy["dim"] - 1
    if sum(numerator) != math.comb(p + q, p) * hx["degree"] * hy["degree"]:
        raise AssertionError(f"product engine for {arch}: deg V = {sum(numerator)}, the Segre "
                             f"product's degree is {math.comb(p + q, p) * hx['degree'] * hy['degree']}")
    gens = sorted((primitive(g) for g in gens), key=lambda g: (g.degree(), g))
    return [to_terms(g) for g in gens], (lo, up), numerator


def vanishing_ideal(arch: Architecture, timeout: float | None = None) -> list:
    """Minimal generators of ``I(V)`` (see :func:`ideal_result`)."""
    return ideal_result(arch, timeout).gens
