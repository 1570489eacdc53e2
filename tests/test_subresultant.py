"""The subresultant-chart engine against independent computations (Macaulay2 ``ker`` with the
homogeneous grading, Singular elimination), the degree theorem, and cases where its
certificate must refuse."""
import pytest

from lcnalg.errors import EngineTimeout
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.neurovariety import Neurovariety
from lcnalg.geometry.parameterization import coordinate_ring
from lcnalg.implicit import registry, subresultant
from lcnalg.implicit.result import IdealResult
from lcnalg.request import Request

from ideal_checks import ideal_of as _ideal, in_ideal_of_V as _in_ideal_of_V

#: small cases of the issue and of the default catalogue: three phases, two phases with an
#: upper layer, a non-reduced one, mixed phase degrees (e = (2, 1))
SMALL = [((7, 3), (3, 1)), ((6, 4), (3, 1)), ((5, 2, 2), (2, 3, 1)), ((4, 2, 2), (2, 2, 1)),
         ((3, 4, 2), (1, 3, 1)), ((4, 3, 2), (2, 3, 1))]
#: charts through three or more phases (every e_r = 2, S >= 3: delta 3 instead of 4)
MULTI = [((9, 2), (3, 1)), ((12, 2), (4, 1))]


def test_applies_exactly_without_a_constant_phase():
    assert subresultant.applies(Architecture((7, 7), (3, 1)))
    assert subresultant.applies(Architecture((4, 4, 4), (2, 2, 1)))
    assert subresultant.applies(Architecture((3, 4, 2), (1, 3, 1)))  # reduces to (6,2),(3,1)
    for k, s in [((5, 3), (3, 1)), ((3, 3, 3), (2, 2, 1)), ((3, 3), (3, 1)), ((3, 3), (1, 1))]:
        assert not subresultant.applies(Architecture(k, s)), (k, s)
        assert not registry.plan("subresultant", Architecture(k, s)).runs
    with pytest.raises(ValueError, match="k_1 >= 2S"):
        subresultant.ideal_result(Architecture((5, 3), (3, 1)))


def test_more_phases_make_a_smaller_chart():
    """rows(): the two phases of chart() (the same Q~ as subresultant()), unless more phases
    give a smaller common-factor matrix."""
    for k, s in SMALL + [((7, 7), (3, 1)), ((10, 3), (3, 1))]:
        arch = Architecture(k, s)
        a, b, pair = subresultant.chart(arch)
        rows, delta = subresultant.rows(arch)
        assert delta == pair and sorted(r for r, _ in rows) == [a, b], (k, s)
        red = arch.reduced()
        C = coordinate_ring(red)
        P = [list(C.gens()[r::red.s[0]]) for r in range(red.s[0])]
        m = Architecture(red.k[1:], red.s[1:]).n - 1
        assert subresultant.common_factor(P, rows, m, C) == subresultant.subresultant(P[a], P[b], m, C)
    for k, s in MULTI + [((9, 3), (3, 1))]:
        rows, delta = subresultant.rows(Architecture(k, s))
        assert len(rows) >= 3 and delta == 3 < subresultant.chart(Architecture(k, s))[2]
        phases = ", ".join(str(r) for r, _ in rows)
        assert f"combination of phases {phases} (degree 3)" in subresultant.ideal_result(Architecture(k, s)).detail


@pytest.mark.parametrize("k,s", SMALL + MULTI)
def test_against_singular_elimination_and_the_degree_theorem(k, s):
    arch = Architecture(k, s)
    r = subresultant.ideal_result(arch, timeout=120)
    assert r.certification == "certified" and "[theorem" in r.detail, r
    assert _in_ideal_of_V(arch, r.gens)
    assert _ideal(arch, r.gens) == Neurovariety(arch).ideal("sage", timeout=120), arch
    # deg V = multinomial / deg mu, dim V = sum k_i - L + 1 (theorems, MATH.md §2)
    assert r.hilbert["degree"] == arch.multinomial // arch.deg_mu
    assert r.hilbert["dim"] == arch.dim
    # minimal: as many generators as Singular's minbase of the eliminated ideal
    assert len(r.gens) == len(Neurovariety(arch).minimal_generators("sage", timeout=120))


@pytest.mark.m2
@pytest.mark.parametrize("k,s", SMALL[:3] + [((6, 6), (3, 1))] + MULTI[:1])
def test_against_macaulay2_ker(k, s):
    from lcnalg.implicit import m2
    arch = Architecture(k, s)
    theirs = _ideal(arch, m2.vanishing_ideal(arch, timeout=240))
    assert theirs == _ideal(arch, subresultant.vanishing_ideal(arch)), arch


def test_the_saturation_is_needed():
    """J alone is strictly smaller than I(V) and has a component of higher dimension; Sage's
    own saturation by g agrees with the engine's saturation through h = g."""
    arch = Architecture((7, 3), (3, 1))
    C = coordinate_ring(arch)
    J, g = subresultant.equations(arch, [], C)
    J = C.ideal(J)
    I = _ideal(arch, subresultant.vanishing_ideal(arch))
    assert J < I and J.dimension() > arch.dim == I.dimension()
    assert J.saturation(C.ideal(g))[0] == I


def test_label_is_as_strong_as_the_ideals_used(monkeypatch):
    """certified only when I(V') is; otherwise never "[theorem"."""
    arch = Architecture((5, 2, 2), (2, 3, 1))
    exact = subresultant._upper(arch, 0)
    for label, expected in [("certified", "certified"), ("checked", "partial"),
                            ("set-theoretic", "set-theoretic"), ("probabilistic", "partial")]:
        fake = IdealResult(exact.gens, "multigraded", label, "through degree 4", 0, 0)
        monkeypatch.setattr(subresultant, "_upper", lambda a, seed: fake)
        r = subresultant.ideal_result(arch)
        assert r.certification == expected, label
        assert ("[theorem" in r.detail) == (expected == "certified"), r.detail
        assert _in_ideal_of_V(arch, r.gens)


def test_refuses_when_the_upper_ideal_is_incomplete(monkeypatch):
    """With a generator of I(V') missing the saturation gives an ideal strictly inside I(V);
    the dimension/degree checks against the theorems refuse it, and nothing is returned."""
    arch = Architecture((5, 2, 2), (2, 3, 1))
    up = subresultant._upper(arch, 0)
    short = IdealResult(up.gens[:1], "segre", "certified", "one generator dropped", 0, None)
    monkeypatch.setattr(subresultant, "_upper", lambda a, seed: short)
    with pytest.raises(AssertionError, match="dim R/I|deg R/I"):
        subresultant.ideal_result(arch)


def test_refuses_a_chart_on_which_g_vanishes(monkeypatch):
    """The theorem needs g ∉ I(V), checked exactly: an element of I(V) is refused."""
    arch = Architecture((7, 3), (3, 1))
    f = str(subresultant.vanishing_ideal(arch)[0])
    with pytest.raises(AssertionError, match="vanished at 5 random points"):
        subresultant.nonzero_on_V(arch, f, 0)


def test_default_uses_it_and_falls_back_after_its_budget(monkeypatch):
    for k, s in [((7, 3), (3, 1)), ((4, 3, 2), (2, 2, 1)), ((7, 7), (3, 1))]:
        assert registry.default_plan(Architecture(k, s)).engine == "subresultant"
    monkeypatch.setattr(subresultant, "BUDGET", 0.01)
    monkeypatch.setattr(subresultant, "BUDGET_FROM_N", 5)
    registry.clear_plans()  # the plans read the budget
    try:
        for arch in (Architecture((4, 3, 2), (2, 2, 1)), Architecture((7, 3), (3, 1))):
            r = registry.run_default(arch, Request(timeout=120))  # two layers too
            assert r.engine == "multigraded" and "subresultant engine's 0.01 s budget" in r.detail
            assert r.certification == "certified"
            assert _ideal(arch, r.gens) == _ideal(arch, subresultant.vanishing_ideal(arch))
        with pytest.raises(EngineTimeout, match="subresultant engine"):
            registry.run_default(arch, Request(timeout=0.005))
    finally:
        registry.clear_plans()


@pytest.mark.slow
def test_seven_seven_stride_three_within_a_minute():
    """The issue's target: (7,7),(3,1) certified (degree 924 = C(12, 6), theorem)."""
    arch = Architecture((7, 7), (3, 1))
    r = subresultant.ideal_result(arch, timeout=60)
    assert r.certification == "certified"
    assert r.hilbert["degree"] == 924 == arch.multinomial
