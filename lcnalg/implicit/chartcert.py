"""The chart certificate: a candidate ``J ⊆ I(V)`` is all of ``I(V)`` when it contains a
chart's ideal and ``g`` is a nonzerodivisor modulo ``J``.

The pivot, subresultant and last-layer engines each prove a theorem of the same shape: for
their chart ideal ``J_c`` and form ``g`` (of degree ``delta``), ``J_c : g^oo = I(V)``,
provided the upper (or lower) layers' ideal they use is ``I(V')`` exactly and ``g ∉ I(V)``.
They compute that saturation, and its Gröbner basis is where they stop on large cases: the
basis passes through the components of ``V(J_c)`` inside ``g = 0``.  A candidate from the
multigraded completion avoids the saturation.

**Theorem.**  Let ``J ⊆ I(V)`` (each generator checked exactly), and ``J_c, g`` a chart whose
hypotheses hold.  If ``J_c ⊆ J`` and ``J : g = J``, then ``J = I(V)``.

*Proof.*  ``J : g = J`` gives ``J : g^k = J`` for every ``k`` (induction), so
``I(V) = J_c : g^oo ⊆ J : g^oo = J ⊆ I(V)``.  ∎

**Computation**, over QQ, exact, cheapest first: a Gröbner basis ``G`` of ``J`` (degrevlex;
the completion's generators are nearly one already: 0.6 s on ``(5,3,4),(2,2,1)``, 886
generators); ``J_c ⊆ J``: every generator of ``J_c`` has normal form 0 modulo ``G``; ``dim`` and
``deg`` of ``R/J`` (from ``G``) equal to the theorems' ``dim V`` and ``deg V = multinomial / deg
mu`` (necessary, and cheap: a ``J`` that is not complete yet is mostly refused here);
``J : g = J``: from the exact sequence ``0 -> ((J : g)/J)(-delta) -> (R/J)(-delta) -> R/J ->
R/(J + g) -> 0`` (the middle map is multiplication by ``g``), ``HS(R/(J + g)) = E :=
(1 - z^delta) HS(R/J) + z^delta HS((J : g)/J)``, so ``HS(R/(J + g)) >= E`` coefficientwise, with
equality iff ``(J : g)/J = 0``.  A Gröbner basis ``G'`` of ``J + (g)`` is computed
Hilbert-driven by ``E`` (Singular ``std`` with a Hilbert series: in each degree it stops once
the leading terms found span the dimension ``E`` predicts); whatever the algorithm does,
``G' ⊆ J + (g)``, so ``HS(R/LT(G')) >= HS(R/(J + g)) >= E``, and ``HS(R/LT(G')) = E`` proves
``J : g = J``.  (On ``(7,3,2),(2,2,1)``: 57 s instead of 67 s, 2,059 elements.)  The Hilbert
series of ``R/J`` is then that of ``V``, and minimal generators are read off ``G``
(:func:`lcnalg.polynomials.minimal_from_basis`).

**Cuts** (when ``deg g >=`` :data:`CUT_FROM`).  The basis of ``J + (g)`` is the
costly step; it is cheaper after cutting by variables regular modulo ``J``.  *Lemma.*  Let
``A`` be a graded ring, ``x`` of positive degree a nonzerodivisor on ``A`` and ``g``
homogeneous a nonzerodivisor on ``A/xA``; then ``g`` is a nonzerodivisor on ``A``.  *Proof.*
If ``g a = 0``, then ``a = x b`` in ``A`` (``g`` is regular modulo ``x``); ``x g b = 0`` gives
``g b = 0``; so ``M = 0 :_A g`` satisfies ``M = x M``, and ``M = 0`` by graded Nakayama.  ∎
Applied to ``A = R/(J + (x_1..x_{i-1}))`` in turn, ``g`` regular modulo ``J' = J + (x_1..x_r)``
proves ``g`` regular modulo ``J``.  Each ``x_i`` is a variable not in ``g`` (from ``c0`` up),
tested on a degrevlex basis with ``x_i`` the last variable (Bayer–Stillman: ``in(J' : x) =
in(J') : x``, so ``x`` is regular iff it divides no minimal generator of ``in(J')``, and the
basis with ``x = 0`` generates ``J' + (x)`` modulo ``x``); then ``HS(R/J') = (1 - z)^r
HS(R/J)`` and the Hilbert-driven basis of ``J' + (g)`` must have ``E = (1 - z)^r (1 - z^delta)
HS(R/J)``.  On ``(7,3,2),(2,2,1)`` two cuts (``c0``, ``c4``) take the certificate from 77 s to
20 s (``benchmarks/certificate_cuts.md``; with ``deg g <= 3`` cuts do not pay, :data:`CUT_FROM`);
a variable of ``g`` is never cut (``g`` would vanish on components of ``V ∩ {x = 0}``).  If
``g`` is not regular modulo ``J'``, the basis without cuts decides.

Of the charts that apply and whose hypotheses hold, the one whose generators have the lowest
degree is used (:func:`best_chart`).  Without a chart (e.g. stride one after reduction), or
when no chart's hypotheses hold, there is no certificate, and :func:`certify` says why.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.parameterization import coordinate_ring
    >>> a = Architecture((4, 3), (2, 1)); C = coordinate_ring(a)
    >>> from lcnalg.implicit import determinantal
    >>> J = determinantal.minors_result(a).gens
    >>> certify(a, J).ok, chart(a).engine
    (True, 'subresultant')
    >>> certify(a, J[:-1]).reason
    'dim R/J = 6, deg R/J = 11, not dim V = 6, deg V = 10 (the theorems): J ≠ I(V)'
    >>> certify(a, [f * c for f in J for c in C.gens()]).reason  # I(V) times (c0, .., c7)
    'g is a zero divisor modulo J (the Hilbert series of R/(J + g) is not (1 - z^2) HS(R/J))'
"""
from __future__ import annotations

from dataclasses import dataclass

from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit.result import IdealResult

__all__ = ["Chart", "Certificate", "charts", "chart", "best_chart", "top_degree", "other_layers",
           "certify", "regular_cuts"]


#: the Hilbert-driven basis of ``J + g`` needs the series as a Singular ``intvec`` (32-bit);
#: with larger coefficients (``n = 40``: ``(4,3,3,3),(2,2,3,1)``) the plain basis is computed
INTVEC_BOUND = 2 ** 31
#: ``g`` of this degree or more: ``J`` is cut by variables regular modulo it first
#: (:func:`regular_cuts`).  A performance rule read off ``benchmarks/certificate_cuts.md``
#: (cuts forced): they pay on ``(7,3,2),(2,2,1)`` (``deg g = 5``), not with ``deg g <= 3``
#: (``(5,3,4),(2,2,1)``: 57 s against 29 s; ``(4,4,4),(2,2,1)``: 27 s against 6 s)
CUT_FROM = 4
#: at most this many cuts, found within this many seconds (bases in new variable orders get
#: costly as cuts accumulate: (4,4,4),(2,3,1) spent minutes on later ones)
MAX_CUTS = 3
CUT_SECONDS = 15.0


@dataclass
class Chart:
    """A chart of ``V``: ``J_c : g^oo = I(V)`` when ``used`` (the ideal the chart is built
    from) is certified and ``g ∉ I(V)``; ``eqs`` and ``g`` in ``QQ[c_{n-1}, .., c0]``
    (degrevlex), ``delta = deg g``."""

    engine: str
    eqs: list
    g: object
    delta: int
    used: IdealResult | None

    @property
    def hypothesis(self) -> str | None:
        """Why the chart's theorem does not apply (None: it does)."""
        return _unproved(self.engine, self.used)


def _unproved(engine: str, used: IdealResult | None) -> str | None:
    """Why a chart of ``engine`` over the other layers' ideal ``used`` proves nothing (None:
    ``used`` is certified, or there is none)."""
    if used is not None and used.certification != "certified":
        return f"the {engine} chart's ideal of the other layers is only {used.certification}"
    return None


@dataclass
class Certificate:
    """The outcome of :func:`certify`: ``ok``, else ``reason``; when ok, the Hilbert
    numerator ``h(z)`` of ``R/I(V)`` and minimal generators (in the input's ring)."""

    ok: bool
    reason: str = ""
    detail: str = ""
    numerator: list | None = None
    minimal: list | None = None


def best_chart(arch: Architecture, seed: int = 0) -> Chart | str:
    """Among the charts of :func:`charts` whose hypotheses hold, the one whose generators
    have the lowest top degree (their normal forms are the costly part: on
    ``(5,3,4),(2,2,1)`` the last-layer chart has forms of degree 25, the subresultant chart
    of degree at most 10); a sentence saying why when there is none.  The degrees are
    predicted (:func:`top_degree`) before a chart is built, and the charts are built in that
    order until one passes ``g ∉ I(V)``: on ``(7,3,2),(2,2,1)`` the last-layer chart (forms of
    degree 49, 2.9 million terms) took 100 s to build and is not needed."""
    from lcnalg.implicit.subresultant import nonzero_on_V
    red = arch.reduced()
    names, why = charts(red), []
    if not names:
        return f"no chart (pivot, subresultant or last-layer) applies to {arch} (reduced: {red})"
    order = []
    for i, name in enumerate(names):
        used = other_layers(red, seed, name)
        if unproved := _unproved(name, used):
            why.append(unproved)
            continue
        order.append((top_degree(red, name, used), i, name, used))
    for _, _, name, used in sorted(order, key=lambda x: x[:2]):
        ch = chart(red, seed, name, used)
        try:
            nonzero_on_V(red, str(ch.g), seed, ch.engine)
        except AssertionError as e:
            why.append(str(e))
            continue
        return ch
    return "; ".join(why)


def top_degree(arch: Architecture, engine: str, used: IdealResult | None) -> int:
    """The top degree of the generators of ``engine``'s chart ideal, from the architecture
    and the degrees of ``used`` (the other layers' generators), without building it: the
    bordered minors of ``[P_r | Q~ | u Q~ | .. | u^e_r Q~]`` have degree ``1 + (e_r + 1) q``
    (``q = deg g``, the degree of ``Q~``'s coefficients); a generator ``f`` of the other
    layers has degree ``deg f · q`` after ``Q -> Q~``, and ``deg f · (1 + E q)`` in the
    last-layer chart (its quotients of the phases by ``Q~``, scaled to ``E = max e_r``).

    EXAMPLES::

        >>> a = Architecture((7, 3, 2), (2, 2, 1))
        >>> [top_degree(a, e, other_layers(a, 0, e)) for e in charts(a)]
        [21, 49]
    """
    from lcnalg.implicit import lastlayer, subresultant
    red = arch.reduced()
    if engine == "lastlayer":
        S, m, q = lastlayer.lower(red)[1], red.k[-1] - 1, lastlayer.rows(red)[1]
    else:
        S, m = red.s[0], Architecture(red.k[1:], red.s[1:]).n - 1
        q = 1 if engine == "pivot" else subresultant.rows(red)[1]
    e = [len(range(r, red.n, S)) - 1 - m for r in range(S)]
    e = [x for x in e if x >= 0]
    top = max([1] + [1 + (x + 1) * q for x in e])
    if used is not None and used.gens:
        d = max(f.degree() for f in used.gens)
        top = max(top, d * (1 + max(e) * q) if engine == "lastlayer" else d * q)
    return top


def _ring(n: int):
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    return PolynomialRing(QQ, [f"c{i}" for i in reversed(range(n))], order="degrevlex")


def charts(arch: Architecture) -> list[str]:
    """The charts that apply to ``arch``: pivot, subresultant, last-layer, in that order
    (:func:`best_chart` chooses among them by degree)."""
    from lcnalg.implicit import lastlayer, pivot, subresultant
    red = arch.reduced()
    return [name for name, mod in (("pivot", pivot), ("subresultant", subresultant),
                                   ("lastlayer", lastlayer)) if mod.applies(red)]


def other_layers(arch: Architecture, seed: int, engine: str) -> IdealResult | None:
    """The ideal of the other layers that ``engine``'s chart is built from (by the default
    engine; None for a two-layer subresultant or pivot chart)."""
    from lcnalg.implicit import lastlayer, pivot
    red = arch.reduced()
    if engine == "lastlayer":
        return pivot.upper_result(lastlayer.lower(red)[0], seed)
    if red.L > 2:
        return pivot.upper_result(Architecture(red.k[1:], red.s[1:]), seed)
    return None


def chart(arch: Architecture, seed: int = 0, engine: str | None = None,
          used: IdealResult | None = None) -> Chart:
    """The chart of ``engine`` (default: the first of :func:`charts`); ValueError when
    none applies.  Builds the ideal of the other layers (by the default engine) unless
    ``used`` is given."""
    from lcnalg.implicit import lastlayer, pivot, subresultant
    red = arch.reduced()
    R = _ring(red.n)
    names = charts(red)
    if not names or (engine is not None and engine not in names):
        raise ValueError(f"no {engine or 'pivot, subresultant or last-layer'} chart applies "
                         f"to {arch} (reduced: {red})")
    engine = engine or names[0]
    if used is None:
        used = other_layers(red, seed, engine)
    if engine == "pivot":
        return Chart("pivot", pivot.equations(red, used.gens if used else [], R),
                     R(f"c{pivot.pivot(red)[1]}"), 1, used)
    if engine == "lastlayer":
        eqs, g = lastlayer.equations(red, used.gens, R)
        return Chart("lastlayer", eqs, g, lastlayer.rows(red)[1], used)
    eqs, g = subresultant.equations(red, used.gens if used else [], R)
    return Chart("subresultant", eqs, g, subresultant.rows(red)[1], used)


def certify(arch: Architecture, gens: list, seed: int = 0,
            the_chart: Chart | None = None, report=None) -> Certificate:
    """Whether ``J = (gens) = I(V)`` by the chart certificate (module docstring).  ``gens``
    must lie in ``I(V)`` (the caller's exact check); polynomials of any ring with variables
    ``c0..`` (converted by variable names: the text of a polynomial with thousands of terms
    overflows Python's parser) or their text.
    ``the_chart`` (default :func:`best_chart`) saves rebuilding it on repeated calls.

    The checks run cheapest first, so that a ``J`` that is not yet complete is refused
    early: ``J_c ⊆ J``; ``dim`` and ``deg`` of ``R/J`` equal to those of ``V`` (necessary for
    ``J = I(V)``); only then the Gröbner basis of ``J + (g)``, Hilbert-driven by the series
    ``J : g = J`` predicts (module docstring, "Computation").  ``report(step)``, when given,
    is called with a sentence before each costly step (for progress reports)."""
    from sage.libs.singular.function import singular_function
    from lcnalg.implicit.gaps import split_gaps
    from lcnalg.polynomials import minimal_from_basis
    red = arch.reduced()
    ch = the_chart or best_chart(red, seed)
    if isinstance(ch, str):
        return Certificate(False, ch)
    if ch.hypothesis:  # a chart passed in, not from best_chart: its theorem needs it too
        return Certificate(False, ch.hypothesis)
    R = ch.g.parent()
    J = [R(f) for f in gens] + [R.gen(R.ngens() - 1 - j) for j in split_gaps(red)[0]]
    if not all(f.is_homogeneous() for f in J):
        return Certificate(False, "J is not generated by homogeneous polynomials (the Hilbert "
                                  "series and Bayer–Stillman arguments need it)")
    report = report or (lambda step: None)
    std, hilb = singular_function("std"), singular_function("hilb")
    report(f"the Gröbner basis of J over QQ ({len(J)} generators)")
    G = std(R.ideal(J))
    sb = {G: {"isSB": 1}}
    eqs = [R(f) for f in ch.eqs if f != 0]
    report(f"J_c ⊆ J: normal forms of the {ch.engine} chart's {len(eqs)} generators")
    left = [f for f in singular_function("reduce")(R.ideal(eqs), G, attributes=sb) if f != 0]
    if left:
        return Certificate(False, f"J does not contain the {ch.engine} chart ideal ({len(left)} "
                                  f"of {len(eqs)} generators not in J)")
    dim = int(singular_function("dim")(G, attributes=sb))
    numerator = [int(a) for a in hilb(G, 2, attributes=sb)]
    while len(numerator) > 1 and numerator[-1] == 0:
        numerator.pop()
    deg = red.multinomial // red.deg_mu
    if dim != red.dim or sum(numerator) != deg:
        return Certificate(False, f"dim R/J = {dim}, deg R/J = {sum(numerator)}, not dim V = "
                                  f"{red.dim}, deg V = {deg} (the theorems): J ≠ I(V)")
    first = _poly(hilb(G, 1, attributes=sb))
    cuts, basis = ([], list(G))
    if ch.delta >= CUT_FROM:
        report("cuts by variables regular modulo J")
        cuts, basis = regular_cuts(list(G), ch.g, min(red.dim - 1, MAX_CUTS))
    step = lambda c: (f"the Gröbner basis of J + g (deg g = {ch.delta}, Hilbert-driven, "  # noqa: E731
                      + (f"after the cuts {', '.join(c)})" if c else "no cuts)"))
    report(step(cuts))
    proved = _nonzerodivisor(basis, cuts, ch, first)
    if not proved and cuts:
        report(step([]))
        proved = _nonzerodivisor(list(G), [], ch, first)
    if not proved:
        return Certificate(False, f"g is a zero divisor modulo J (the Hilbert series of "
                                  f"R/(J + g) is not {_one_minus(ch.delta)} HS(R/J))")
    how = ("J_c : g^oo = I(V) [theorem of the " + ch.engine + " engine; its hypotheses hold: "
           + ("the ideal of the other layers certified, " if ch.used is not None else "")
           + "g ∉ I(V) checked exactly]")
    detail = (f"certified (chart certificate): J ⊆ I(V) checked exactly; J contains the "
              f"{ch.engine} chart ideal J_c (normal forms 0 modulo a Gröbner basis of J over "
              f"QQ) and g (degree {ch.delta}) is a nonzerodivisor modulo J (HS(R/(J + g)) = "
              f"{_one_minus(ch.delta)} HS(R/J), Gröbner bases over QQ); {how}; so I(V) = "
              f"J_c : g^oo ⊆ J : g^oo = J")
    return Certificate(True, "", detail, numerator, minimal_from_basis(list(G)))


def regular_cuts(G, g, limit: int, seconds: float | None = None,
                 reorder: bool = True) -> tuple[list, list]:
    """Variables ``x_1, .., x_r`` (``r <= limit``) that do not occur in ``g``, each a
    nonzerodivisor modulo ``J + (x_1, .., x_{i-1})``, and generators (in ``G``'s ring; a
    degrevlex Gröbner basis for some order of the variables) of ``J + (x_1, .., x_r)`` without
    the ``x_i``; ``G`` a degrevlex Gröbner basis of the homogeneous ``J``.  Candidates from
    ``c0`` up; each is tested on a degrevlex basis with it last (Bayer–Stillman, module
    docstring): free for the last variable of the current order, else one basis in a new
    order (only with ``reorder``), computed in a child process within what is left of
    ``seconds`` (default :data:`CUT_SECONDS`); when that runs out, the cuts found so far are
    returned.

    EXAMPLES::

        >>> from sage.libs.singular.function import singular_function
        >>> R = _ring(3); c2, c1, c0 = R.gens()
        >>> G = list(singular_function("std")(R.ideal([c1**2 - c0*c2])))
        >>> regular_cuts(G, c2, 1)              # c0 is regular on R/(c1^2 - c0 c2)
        (['c0'], [c1^2])
        >>> regular_cuts([c0*c1, c0*c2], c2, 2)  # c0 and c1 are zero divisors there
        ([], [c1*c0, c2*c0])
    """
    import time
    from sage.libs.singular.function import singular_function
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from lcnalg.errors import EngineTimeout
    from lcnalg.polynomials import from_terms, to_terms
    from lcnalg.procs import call_with_time_limit
    std, reduce_, lead = (singular_function(f) for f in ("std", "reduce", "lead"))
    if not G:
        return [], []
    R = G[0].parent()
    names = [str(v) for v in R.gens()]
    in_g = {str(v) for v in R(g).variables()}
    deadline = time.monotonic() + (CUT_SECONDS if seconds is None else seconds)
    cuts, basis, S = [], list(G), R
    for x in reversed(names):
        if len(cuts) >= limit:
            break
        if x in in_g:
            continue
        if str(S.gen(S.ngens() - 1)) != x:  # a degrevlex basis with x last
            if not reorder:
                break
            T = PolynomialRing(R.base_ring(), [y for y in names if y != x] + [x],
                               order="degrevlex")
            ideal = T.ideal([T(f) for f in basis])  # free of the cut variables
            try:
                terms = call_with_time_limit(lambda: [to_terms(f) for f in std(ideal)],
                                             max(deadline - time.monotonic(), 1e-3),
                                             f"basis with {x} last (cuts)")
            except EngineTimeout:
                break
            S, basis = T, [from_terms(T, t) for t in terms]
        X = S(x)
        leads = S.ideal(list(lead(S.ideal(basis))))
        # x divides no minimal generator of in(J) iff m / x lies in in(J) for every m it divides
        quotients = [m // X for m in leads.gens() if m.degree(X) > 0]
        if quotients and any(r != 0 for r in reduce_(S.ideal(quotients), leads,
                                                      attributes={leads: {"isSB": 1}})):
            continue
        cuts.append(x)
        basis = [h for h in (f.subs({X: 0}) for f in basis) if h != 0]
    return cuts, [R(f) for f in basis]


def _nonzerodivisor(basis: list, cuts: list, ch: Chart, first) -> bool:
    """Whether ``g`` is a nonzerodivisor modulo ``J' = J + (cuts)`` (``basis``: generators of
    ``J'`` modulo the cut variables, from :func:`regular_cuts`, each cut regular in turn;
    ``first``: the numerator of ``HS(R/J)``):
    the basis of ``J' + g``, Hilbert-driven by ``(1 - z)^r (1 - z^delta) HS(R/J)``, must have
    exactly that series (module docstring)."""
    from sage.libs.singular.function import singular_function
    std, hilb = singular_function("std"), singular_function("hilb")
    R = ch.g.parent()
    z = first.parent().gen()
    expected = (1 - z) ** len(cuts) * (1 - z ** ch.delta) * first
    series = tuple(int(a) for a in expected.list()) + (0,)
    ideal = R.ideal(basis + [R(c) for c in cuts] + [R(ch.g)])
    if max(abs(a) for a in series) < INTVEC_BOUND:  # Sage passes an intvec, no bigintvec
        Gg = std(ideal, series)
    else:
        Gg = std(ideal)
    return _poly(hilb(Gg, 1, attributes={Gg: {"isSB": 1}})) == expected


def _poly(coefficients):
    from sage.rings.integer_ring import ZZ
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    return PolynomialRing(ZZ, "z")([int(a) for a in coefficients])


def _one_minus(delta: int) -> str:
    return "(1 - z)" if delta == 1 else f"(1 - z^{delta})"
