"""The last-layer chart engine against independent computations (Singular elimination,
Macaulay2 ``ker``, Sage's own saturation), the degree theorem, the first-layer engines, and
cases where its certificate must refuse."""
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.neurovariety import Neurovariety
from lcnalg.geometry.parameterization import coordinate_ring, mu_from_filters
from lcnalg.implicit import lastlayer, registry, subresultant
from lcnalg.implicit.result import IdealResult

from ideal_checks import ideal_of as _ideal, in_ideal_of_V as _in_ideal_of_V

#: a constant cofactor (g a coordinate), a subresultant of degree 2 where the first layer's
#: has degree 4, and a case whose default is the pivot engine
SMALL = [((4, 2, 2), (2, 2, 1)), ((5, 2, 2), (2, 3, 1)), ((6, 2, 2), (2, 2, 1)),
         ((4, 3, 2), (2, 3, 1)), ((3, 3, 3), (2, 2, 1))]


def test_phases_are_the_lower_filter_times_the_last_one():
    """P_r = R_r W: the factorization the chart rests on, at integer filters."""
    import random
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    rng = random.Random(3)
    U = PolynomialRing(QQ, "u")
    for k, s in [((6, 2, 2), (2, 2, 1)), ((3, 2, 4, 2), (2, 3, 2, 1))]:
        arch = Architecture(k, s)
        low, S = lastlayer.lower(arch)
        filters = [[rng.randint(-9, 9) for _ in range(x)] for x in k]
        P = mu_from_filters(arch, filters)
        R = mu_from_filters(low, filters[:-1])
        W = U(filters[-1])
        for r in range(S):
            assert U(list(P[r::S])) == U(list(R[r::S])) * W, (k, s, r)


def test_rows_of_the_chart():
    """rows(): one phase with a constant cofactor, the two phases of chart() (the same Q~ as
    the subresultant), or more phases where that makes the matrix smaller; and the Q~ of
    more phases is a multiple of W at mu(w) (the lemma the theorem uses)."""
    import random
    from lcnalg.geometry.parameterization import mu_from_filters
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    assert lastlayer.rows(Architecture((4, 4, 4), (2, 3, 1)))[1] == 1
    a, b, pair = lastlayer.chart(Architecture((6, 2, 2), (2, 2, 1)))
    assert lastlayer.rows(Architecture((6, 2, 2), (2, 2, 1))) == (((b, 1), (a, 1)), pair)
    for k, s in [((7, 4, 2), (2, 2, 1)), ((6, 4, 2), (2, 2, 1))]:
        arch = Architecture(k, s)
        rows, delta = lastlayer.rows(arch)
        assert len(rows) == 3 and delta == 3 < lastlayer.chart(arch)[2]
        assert lastlayer.better_than_first(arch)  # the first-layer chart has delta 4 or 5
        low, S = lastlayer.lower(arch)
        U = PolynomialRing(QQ, "u")
        rng = random.Random(1)
        filters = [[rng.randint(-9, 9) for _ in range(x)] for x in k]
        P = [list(map(QQ, mu_from_filters(arch, filters)[r::S])) for r in range(S)]
        Qt = U(subresultant.common_factor(P, rows, k[-1] - 1, QQ))
        W = U(filters[-1])
        assert Qt != 0 and Qt % W == 0 and Qt.degree() == W.degree()


def test_applies_and_chart():
    assert lastlayer.chart(Architecture((6, 2, 2), (2, 2, 1))) == (2, 3, 2)
    assert lastlayer.chart(Architecture((4, 4, 4), (2, 3, 1)))[1:] == (None, 1)
    assert subresultant.chart(Architecture((6, 2, 2), (2, 2, 1)))[2] == 4
    for k, s in [((7, 3), (3, 1)), ((3, 3), (2, 1)), ((2, 2, 2), (1, 1, 1))]:
        assert not lastlayer.applies(Architecture(k, s)), (k, s)
        assert not registry.plan("lastlayer", Architecture(k, s)).runs
    with pytest.raises(ValueError, match="last-layer chart"):
        lastlayer.ideal_result(Architecture((7, 3), (3, 1)))


@pytest.mark.parametrize("k,s", SMALL)
def test_against_singular_elimination_and_the_degree_theorem(k, s):
    arch = Architecture(k, s)
    r = lastlayer.ideal_result(arch, timeout=120)
    assert r.certification == "certified" and "[theorem" in r.detail, r
    assert _in_ideal_of_V(arch, r.gens)
    assert _ideal(arch, r.gens) == Neurovariety(arch).ideal("sage", timeout=120), arch
    assert r.hilbert["degree"] == arch.multinomial // arch.deg_mu
    assert r.hilbert["dim"] == arch.dim
    assert len(r.gens) == len(Neurovariety(arch).minimal_generators("sage", timeout=120))


@pytest.mark.m2
@pytest.mark.parametrize("k,s", [((6, 2, 2), (2, 2, 1)), ((5, 2, 2), (2, 3, 1))])
def test_against_macaulay2_ker(k, s):
    from lcnalg.implicit import m2
    arch = Architecture(k, s)
    theirs = _ideal(arch, m2.vanishing_ideal(arch, timeout=240))
    assert theirs == _ideal(arch, lastlayer.vanishing_ideal(arch)), arch


def test_agrees_with_the_first_layer_engines():
    """The same ideal as the subresultant chart (first layer) and the pivot engine."""
    from lcnalg.implicit import pivot
    for k, s in [((4, 3, 3), (2, 3, 1)), ((4, 2, 4), (2, 2, 1))]:
        arch = Architecture(k, s)
        assert (_ideal(arch, lastlayer.vanishing_ideal(arch))
                == _ideal(arch, subresultant.vanishing_ideal(arch))), (k, s)
    arch = Architecture((3, 3, 3), (2, 3, 1))
    assert _ideal(arch, lastlayer.vanishing_ideal(arch)) == _ideal(arch, pivot.vanishing_ideal(arch))


def test_the_saturation_is_needed():
    """J alone is strictly smaller than I(V); Sage's saturation by g gives the engine's ideal
    (a case with g a coordinate: with the subresultant of (6,2,2),(2,2,1) Sage takes 8 min)."""
    arch = Architecture((4, 2, 2), (2, 2, 1))
    C = coordinate_ring(arch)
    low = lastlayer._lower_result(arch, 0)
    J, g = lastlayer.equations(arch, low.gens, C)
    J = C.ideal(J)
    I = _ideal(arch, lastlayer.vanishing_ideal(arch))
    assert J < I
    assert J.saturation(C.ideal(g))[0] == I


def test_label_is_as_strong_as_the_lower_ideal(monkeypatch):
    arch = Architecture((6, 2, 2), (2, 2, 1))
    exact = lastlayer._lower_result(arch, 0)
    for label, expected in [("certified", "certified"), ("checked", "partial"),
                            ("set-theoretic", "set-theoretic"), ("probabilistic", "partial")]:
        fake = IdealResult(exact.gens, "multigraded", label, "through degree 4", 0, 0)
        monkeypatch.setattr(lastlayer, "_lower_result", lambda a, seed: fake)
        r = lastlayer.ideal_result(arch)
        assert r.certification == expected, label
        assert ("[theorem" in r.detail) == (expected == "certified"), r.detail


def test_refuses_when_the_lower_ideal_is_incomplete(monkeypatch):
    """Without the lower equations the saturation is too big: the dimension check refuses."""
    arch = Architecture((6, 2, 2), (2, 2, 1))
    empty = IdealResult([], "segre", "certified", "every generator dropped", 0, None)
    monkeypatch.setattr(lastlayer, "_lower_result", lambda a, seed: empty)
    with pytest.raises(AssertionError, match="dim R/I|deg R/I"):
        lastlayer.ideal_result(arch)


def test_default_takes_it_where_its_chart_is_better():
    """The default chooses it only without a constant phase of w_1 and with a g of lower
    degree; (4,4,4),(2,3,1) (115 s with the first-layer chart) is certified with the degree
    of the theorem."""
    for k, s in [((6, 2, 2), (2, 2, 1)), ((4, 4, 4), (2, 3, 1))]:
        assert registry.default_plan(Architecture(k, s)).engine == "lastlayer", (k, s)
    for k, s, other in [((4, 4, 4), (2, 2, 1), "subresultant"), ((3, 3, 3), (2, 2, 1), "pivot")]:
        assert registry.default_plan(Architecture(k, s)).engine == other, (k, s)
    # the subresultant chart steps aside, so that after this engine's budget the
    # multigraded completion runs
    p = registry.plan("subresultant", Architecture((6, 2, 2), (2, 2, 1)))
    assert p.runs and not p.default
    assert registry.default_plan(Architecture((6, 2, 2), (2, 2, 1)), after="lastlayer").engine == "multigraded"
    arch = Architecture((4, 4, 4), (2, 3, 1))
    r = lastlayer.ideal_result(arch, timeout=120)
    assert r.certification == "certified"
    assert r.hilbert["degree"] == 1680 == arch.multinomial // arch.deg_mu
