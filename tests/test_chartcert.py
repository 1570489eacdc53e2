"""The chart certificate against independent truth: Singular elimination (the ideal, its
Hilbert series, its minimal generators), the chart engines' own saturations, and ideals it
must refuse (an embedded component, a missing generator, a chart whose hypothesis fails)."""
import functools

import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import coordinate_ring
from lcnalg.implicit import chartcert, multigraded, pivot, sage as sage_engine, subresultant
from lcnalg.implicit.hilbert import hilbert_data
from lcnalg.implicit.result import IdealResult

_sage.init()

# a pivot chart, subresultant charts (two and three layers), last-layer charts
CASES = [((3, 2), (2, 1)), ((3, 3, 2), (2, 2, 1)), ((4, 3), (2, 1)), ((5, 3), (2, 1)),
         ((4, 2, 2), (2, 2, 1)), ((6, 2, 2), (2, 2, 1)), ((4, 3, 2), (2, 2, 1))]


@functools.lru_cache(maxsize=None)
def _elimination(k, s):
    arch = Architecture(k, s)
    C = coordinate_ring(arch)
    return C.ideal(sage_engine.vanishing_ideal(arch, timeout=120))


@pytest.mark.parametrize("k,s", CASES)
def test_certifies_the_elimination_ideal_with_its_hilbert_series(k, s):
    arch = Architecture(k, s)
    I = _elimination(k, s)
    cert = chartcert.certify(arch, I.gens())
    assert cert.ok, cert.reason
    assert cert.numerator == hilbert_data(I)["hilbert_numerator"]
    C = coordinate_ring(arch)
    assert C.ideal([C(str(f)) for f in cert.minimal]) == I
    assert len(cert.minimal) == len(I.gens())  # Singular elimination gives minimal generators
    assert sum(cert.numerator) == arch.multinomial // arch.deg_mu


@pytest.mark.parametrize("k,s", [((4, 3), (2, 1)), ((3, 3, 2), (2, 2, 1)), ((6, 2, 2), (2, 2, 1))])
def test_refuses_an_embedded_component_and_a_missing_generator(k, s):
    """``J = I(V) · m`` has the same zero set, dimension and degree as ``I(V)``; ``g`` is a zero
    divisor modulo it (``g I(V) ⊆ J``, ``I(V) ⊄ J``), unless the chart's ideal already is not
    in ``J``.  Without a generator of top degree ``J`` is smaller than ``I(V)``.  Neither may
    be certified."""
    arch = Architecture(k, s)
    I = _elimination(k, s)
    C = I.ring()
    embedded = [f * c for f in I.gens() for c in C.gens()]
    assert C.ideal(embedded) != I
    cert = chartcert.certify(arch, embedded)
    assert not cert.ok and ("zero divisor" in cert.reason or "does not contain" in cert.reason)
    gens = sorted(I.gens(), key=lambda f: f.degree())
    missing = gens[:-1]
    assert gens[-1] not in C.ideal(missing)
    assert not chartcert.certify(arch, missing).ok
    # inhomogeneous generators (in I(V): g·(1 + c0)) are refused, not misread
    mixed = [gens[0] + gens[0] * C.gen(0)] + gens[1:]
    cert = chartcert.certify(arch, mixed)
    assert not cert.ok and "homogeneous" in cert.reason


def test_without_the_hilbert_driven_basis(monkeypatch):
    """Above ``INTVEC_BOUND`` the basis of ``J + g`` is not Hilbert-driven: the same verdicts
    (certified on I(V), refused on I(V) · m) and the same Hilbert numerator."""
    arch = Architecture((3, 3, 2), (2, 2, 1))
    I = _elimination((3, 3, 2), (2, 2, 1))
    driven = chartcert.certify(arch, I.gens())
    monkeypatch.setattr(chartcert, "INTVEC_BOUND", 0)
    plain = chartcert.certify(arch, I.gens())
    assert driven.ok and plain.ok and plain.numerator == driven.numerator
    embedded = [f * c for f in I.gens() for c in I.ring().gens()]
    assert not chartcert.certify(arch, embedded).ok


def test_refuses_when_the_charts_hypothesis_fails(monkeypatch):
    """A pivot chart over an upper ideal that is only ``checked`` proves nothing."""
    arch = Architecture((3, 3, 2), (2, 2, 1))
    I = _elimination((3, 3, 2), (2, 2, 1))
    up = pivot.upper_result(Architecture((3, 2), (2, 1)), 0)
    weak = IdealResult(up.gens, "multigraded", "checked", "certified through degree 3", 0.0, 0)
    monkeypatch.setattr(pivot, "upper_result", lambda upper, seed: weak)
    cert = chartcert.certify(arch, I.gens())
    assert not cert.ok and "only checked" in cert.reason
    # the same chart passed in directly (not through best_chart) is refused too
    direct = chartcert.chart(arch, 0, "pivot", weak)
    cert = chartcert.certify(arch, I.gens(), 0, direct)
    assert not cert.ok and "only checked" in cert.reason


def test_best_chart_takes_the_lowest_degree():
    """(5,3,4),(2,2,1): the last-layer chart has generators of degree 25, the subresultant
    chart of degree at most 10 (their normal forms are the costly part)."""
    arch = Architecture((5, 3, 4), (2, 2, 1))
    assert chartcert.charts(arch) == ["subresultant", "lastlayer"]
    top = {name: max(f.degree() for f in chartcert.chart(arch, 0, name).eqs)
           for name in chartcert.charts(arch)}
    assert top["lastlayer"] > top["subresultant"]
    assert chartcert.best_chart(arch).engine == "subresultant"
    assert "no chart" in chartcert.best_chart(Architecture((3, 3), (1, 1)))


@pytest.mark.parametrize("k,s", [((3, 2), (2, 1)), ((7, 7), (3, 1)), ((9, 3), (3, 1)),
                                 ((3, 3, 3), (2, 2, 1)), ((4, 4, 4), (2, 3, 1)),
                                 ((6, 2, 2), (2, 2, 1)), ((5, 2, 2), (2, 3, 1)),
                                 ((2, 6, 2), (2, 3, 1)), ((3, 3, 3, 2), (2, 2, 2, 1))])
def test_predicted_top_degree_is_the_built_charts(k, s):
    """``top_degree`` (a formula, used to order the charts before building them) against the
    degrees of the charts' generators as built."""
    arch = Architecture(k, s)
    for name in chartcert.charts(arch):
        used = chartcert.other_layers(arch, 0, name)
        built = chartcert.chart(arch, 0, name, used)
        assert chartcert.top_degree(arch, name, used) == max(f.degree() for f in built.eqs), name


@pytest.mark.parametrize("k,s", [((4, 3, 3), (2, 2, 1)), ((5, 3, 2), (2, 2, 1))])
def test_completion_certified_by_the_chart_equals_the_chart_engine(k, s):
    """The completion with the chart certificate against the subresultant engine's saturation
    (another computation): the same ideal and Hilbert series, both certified."""
    arch = Architecture(k, s)
    r = multigraded.complete(arch, timeout=300)
    assert r.certification == "certified" and r.detail.startswith("certified (chart certificate)")
    theirs = subresultant.ideal_result(arch, timeout=300)
    assert theirs.certification == "certified"
    C = coordinate_ring(arch)
    assert C.ideal(r.gens) == C.ideal(theirs.gens)
    assert r.hilbert["hilbert_numerator"] == theirs.hilbert["hilbert_numerator"]
    assert r.minimal and len(r.gens) == len(theirs.gens)


def test_cuts_give_the_same_verdicts(monkeypatch):
    """With cuts by regular variables whatever ``deg g`` (``CUT_FROM = 0``): certified on
    I(V) with the same Hilbert numerator as elimination, refused on I(V) · m and without a
    top-degree generator; and the cuts do happen (at least one variable on each I(V))."""
    monkeypatch.setattr(chartcert, "CUT_FROM", 0)
    for k, s in [((4, 3), (2, 1)), ((3, 3, 2), (2, 2, 1)), ((6, 2, 2), (2, 2, 1)),
                 ((4, 3, 2), (2, 2, 1))]:
        arch = Architecture(k, s)
        I = _elimination(k, s)
        cert = chartcert.certify(arch, I.gens())
        assert cert.ok, cert.reason
        assert cert.numerator == hilbert_data(I)["hilbert_numerator"]
        ch = chartcert.best_chart(arch)
        R = ch.g.parent()
        from sage.libs.singular.function import singular_function
        G = list(singular_function("std")(R.ideal([R(str(f)) for f in I.gens()])))
        cuts, _ = chartcert.regular_cuts(G, ch.g, arch.dim - 1)
        assert cuts and not set(cuts) & {str(v) for v in ch.g.variables()}
        C = I.ring()
        assert not chartcert.certify(arch, [f * c for f in I.gens() for c in C.gens()]).ok
        gens = sorted(I.gens(), key=lambda f: f.degree())
        assert not chartcert.certify(arch, gens[:-1]).ok


def test_a_cut_can_hide_regularity():
    """``g = c3`` is regular modulo the prime ``J = (c3 c2 - c1 c0)`` but not modulo ``J + (c0)
    = (c3 c2, c0)``: cutting by ``c0`` (regular modulo ``J``) proves nothing there, which is
    why :func:`chartcert.certify` decides without cuts when the cut test fails."""
    from sage.libs.singular.function import singular_function
    R = chartcert._ring(4)
    c3, c2, c1, c0 = R.gens()
    G = list(singular_function("std")(R.ideal([c3 * c2 - c1 * c0])))
    first = chartcert._poly(singular_function("hilb")(R.ideal(G), 1,
                                                      attributes={R.ideal(G): {"isSB": 1}}))
    ch = chartcert.Chart("test", [], c3, 1, None)
    cuts, basis = chartcert.regular_cuts(G, c3, 1)
    assert cuts == ["c0"]
    assert not chartcert._nonzerodivisor(basis, cuts, ch, first)
    assert chartcert._nonzerodivisor(G, [], ch, first)


def test_cuts_stop_at_their_time_limit_and_without_reorders():
    """Without reorders, or with no time for a basis in a new order, only the free cut
    (``c0``, last in the ring's order) is made; with both, more (on (4,3,2),(2,2,1))."""
    from sage.libs.singular.function import singular_function
    arch = Architecture((4, 3, 2), (2, 2, 1))
    I = _elimination((4, 3, 2), (2, 2, 1))
    ch = chartcert.best_chart(arch)
    R = ch.g.parent()
    G = list(singular_function("std")(R.ideal([R(str(f)) for f in I.gens()])))
    assert chartcert.regular_cuts(G, ch.g, 3, reorder=False)[0] == ["c0"]
    assert chartcert.regular_cuts(G, ch.g, 3, seconds=1e-9)[0] == ["c0"]
    assert len(chartcert.regular_cuts(G, ch.g, 3)[0]) > 1


def test_cuts_carry_long_polynomials_between_orders():
    """A basis element of 3,003 terms crosses to the child and back (``R(str(f))`` overflows
    Python's parser at that length): modulo ``l^6``, ``l = c0 + .. + c9``, the zero divisors
    are the multiples of ``l``, so ``c0, c1, c2`` are regular in turn, and what is left is
    ``(c3 + .. + c9)^6``."""
    R = chartcert._ring(10)
    f = sum(R.gens()) ** 6
    with pytest.raises(RecursionError):
        R(str(f.subs({R("c0"): 0})))
    cuts, basis = chartcert.regular_cuts([f], R("c9"), 3)
    assert cuts == ["c0", "c1", "c2"]
    assert basis == [sum(R(f"c{i}") for i in range(3, 10)) ** 6]


def test_certify_takes_long_generators_as_polynomials():
    """A generator with some ten thousand terms (``f · (c0 + .. + c4)^20``, redundant: ``J``
    stays ``(f)``) in another ring with the same variable names: ``certify`` converts it by
    names, not through its text (which overflows Python's parser), and certifies ``(f) =
    I(V)`` with elimination's Hilbert numerator."""
    arch = Architecture((3, 2), (2, 1))
    I = _elimination((3, 2), (2, 1))
    f = I.gens()[0]
    long = f * sum(f.parent().gens()) ** 20
    assert len(long.dict()) > 10000
    with pytest.raises(RecursionError):
        chartcert._ring(arch.n)(str(long))
    cert = chartcert.certify(arch, [f, long])
    assert cert.ok, cert.reason
    assert cert.numerator == hilbert_data(I)["hilbert_numerator"]


def test_completion_hands_back_polynomials_in_the_coordinate_ring():
    """The completion's child sends its generators as terms (not text); they arrive in
    ``QQ[c0..c{n-1}]`` and generate the elimination ideal."""
    arch = Architecture((4, 3), (2, 1))
    r = multigraded.complete(arch)
    C = coordinate_ring(arch)
    assert all(g.parent() is C for g in r.gens)
    assert C.ideal(r.gens) == _elimination((4, 3), (2, 1))
