"""The structure engines (segre, determinantal, resultant) against elimination and theorems."""
import itertools
import math
import random
import time

import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.neurovariety import Neurovariety
from lcnalg.implicit import registry
from lcnalg.request import Request
from lcnalg.geometry.parameterization import coordinate_ring
from lcnalg.implicit import determinantal, pivot, resultant, segre
from lcnalg.implicit.hilbert import from_numerator, hilbert_data
from lcnalg.tables.catalogue import WORKED_CASES, catalogue

from ideal_checks import ideal_of as _ideal, in_ideal_of_V as _in_ideal_of_V


def default_engine(arch):
    return registry.default_plan(arch).engine


SMALL = catalogue("small")
# extra two-layer cases where elimination is fast (n <= 11)
MEDIUM = [Architecture(k, s) for k, s in [((4, 3), (2, 1)), ((4, 4), (2, 1)), ((5, 3), (2, 1)),
                                          ((2, 3, 2), (1, 2, 1)), ((3, 2, 2), (1, 1, 2)),
                                          ((2, 2), (4, 1)), ((2, 2, 3), (3, 3, 1)),
                                          ((3, 2, 2), (3, 2, 1)), ((4, 2), (3, 1))]]


def _elimination(arch):
    return Neurovariety(arch).ideal("sage", timeout=120)


def _two_phases(a):
    red = a.reduced()
    return red.L == 2 and min(red.s[0], red.k[0]) <= 2


# --- Segre -----------------------------------------------------------------------

@pytest.mark.parametrize("arch", [a for a in SMALL + MEDIUM if segre.applies(a)], ids=str)
def test_segre_is_the_elimination_ideal_with_invariants_by_theorem(arch):
    r = segre.ideal_result(arch)
    I = _elimination(arch)
    assert r.certification == "certified", arch
    assert _ideal(arch, r.gens) == I, arch
    # the theorem's Hilbert data and minimal generators against Singular on the same ideal
    assert r.hilbert == hilbert_data(I), arch
    assert sorted(map(str, Neurovariety(arch).minimal_generators("sage"))) == sorted(map(str, r.gens))


@pytest.mark.parametrize("k", [(2, 2), (2, 3), (3, 3), (2, 2, 2), (2, 3, 2), (4, 2)])
def test_segre_counts_against_brute_force(k):
    """C(N+1,2) - prod C(k_i+1,2) quadrics; Hilbert function prod C(k_i-1+t, t) from the
    numerator; degree = multinomial: independent formulas vs the engine."""
    arch = Architecture(k, tuple(k[:-1]) + (1,))  # s_i = k_i: no overlap, no gaps
    quads = segre.binomials(arch)
    N = math.prod(k)
    assert len(quads) == math.comb(N + 1, 2) - math.prod(math.comb(ki + 1, 2) for ki in k)
    h = segre.hilbert_numerator(k)
    dim = 1 + sum(ki - 1 for ki in k)
    for t in range(6):  # coefficient of z^t in h(z)/(1-z)^dim
        hf = sum(hi * math.comb(t - i + dim - 1, dim - 1) for i, hi in enumerate(h) if i <= t)
        assert hf == math.prod(math.comb(ki - 1 + t, t) for ki in k)
    assert sum(h) == arch.multinomial


@pytest.mark.m2
def test_segre_against_macaulay2():
    from lcnalg.implicit import m2
    for k, s in [((3, 3), (3, 1)), ((2, 2, 2), (2, 2, 1)), ((2, 2), (3, 1))]:
        arch = Architecture(k, s)
        assert _ideal(arch, m2.vanishing_ideal(arch, timeout=60)) == _ideal(arch, segre.vanishing_ideal(arch))


@pytest.mark.parametrize("k,s", [((3, 3, 3), (3, 3, 1)), ((4, 4, 4), (4, 4, 1))])
def test_segre_targets_are_fast(k, s):
    arch = Architecture(k, s)
    segre.ideal_result(Architecture((2, 2), (2, 1)))  # Sage loaded
    start = time.perf_counter()
    V = Neurovariety(arch)
    r = V.ideal_result()
    assert (r.engine, r.certification) == ("segre", "certified")
    assert V.degree() == arch.multinomial and V.generator_degrees() == {2: len(r.gens)}
    assert time.perf_counter() - start < 5  # target 1 s; slack for a loaded machine


# --- determinantal ----------------------------------------------------------------

@pytest.mark.parametrize("arch", [a for a in SMALL + MEDIUM if _two_phases(a)], ids=str)
def test_determinantal_is_the_elimination_ideal(arch):
    r = determinantal.ideal_result(arch, seed=1)
    I = _elimination(arch)
    assert r.certification == "certified", arch
    assert _ideal(arch, r.gens) == I, arch
    assert r.hilbert == hilbert_data(I), arch  # Eagon–Northcott numerator vs Singular
    assert len(Neurovariety(arch).minimal_generators("sage")) == len(r.gens), arch


@pytest.mark.m2
def test_determinantal_against_macaulay2():
    from lcnalg.implicit import m2
    for k, s in [((3, 3), (2, 1)), ((4, 3), (2, 1)), ((2, 2, 2), (1, 2, 1))]:
        arch = Architecture(k, s)
        theirs = _ideal(arch, m2.vanishing_ideal(arch, timeout=60))
        assert theirs == _ideal(arch, determinantal.vanishing_ideal(arch)), arch


def test_worked_cases_of_math_8():
    """(3,3),(2,1): four cubics, the 3x3 minors of a 4x3 matrix; degree 6."""
    r = determinantal.ideal_result(Architecture((3, 3), (2, 1)))
    assert [g.degree() for g in r.gens] == [3] * 4 and r.hilbert["degree"] == 6
    for k, s in WORKED_CASES:
        arch = Architecture(k, s)
        V = Neurovariety(arch)
        assert V.ideal() == _elimination(arch), arch
        assert V.ideal_result().certification == "certified"
        assert V.degree() * V.deg_mu(seed=2) == arch.multinomial


def _forms(rng, sizes):
    return [[rng.randint(-9, 9) for _ in range(n)] for n in sizes]


def _mul(f, g):
    out = [0] * (len(f) + len(g) - 1)
    for i, a in enumerate(f):
        for j, b in enumerate(g):
            out[i + j] += a * b
    return out


@pytest.mark.parametrize("alphas,m", [([2, 2], 2), ([3, 2], 1), ([2, 1, 1], 2), ([1, 1, 1], 3),
                                      ([2, 2, 1], 1)])
def test_common_factor_lemma_by_random_forms(alphas, m):
    """Rank drop of the stacked matrix iff a common factor of degree >= m: forms built with a
    common factor (rank < k_1) and random ones (full rank), exactly over QQ."""
    from sage.matrix.constructor import matrix
    from sage.rings.rational_field import QQ
    rng = random.Random(7)
    k1 = sum(alphas)
    for _ in range(3):
        Q = _forms(rng, [m + 1])[0]
        with_factor = [_mul(A, Q) for A in _forms(rng, alphas)]
        generic = _forms(rng, [a + m for a in alphas])
        rank = lambda P: matrix(QQ, determinantal.common_factor_matrix(P, alphas, m)).rank()  # noqa: E731
        assert rank(with_factor) < k1
        assert rank(generic) == k1
        # a common factor of degree m - 1 only is not enough
        if m >= 2:
            Q1 = _forms(rng, [m])[0]
            lower = [_mul(A, Q1) for A in _forms(rng, [a + 1 for a in alphas])]
            assert rank(lower) == k1


def test_three_phases_minors_are_not_certified():
    """(4,2),(3,1): three phases; the minors cut out V but I(V) has a quadric and cubics that
    the quartic minors miss, so the certificate must refuse."""
    arch = Architecture((4, 2), (3, 1))
    r = determinantal.minors_result(arch)
    I = _elimination(arch)
    J = _ideal(arch, r.gens)
    assert r.certification == "set-theoretic"
    assert _in_ideal_of_V(arch, r.gens)
    assert J != I and J.radical() == I
    assert min(g.degree() for g in I.gens()) < min(g.degree() for g in r.gens)
    # the engine itself returns the whole ideal (completed or eliminated), never minors-only
    full = determinantal.ideal_result(arch)
    assert _ideal(arch, full.gens) == I and full.certification in ("certified", "checked")
    assert all(g in I for g in determinantal.rank_conditions(arch))


def test_en_numerator_small_cases():
    assert determinantal.en_numerator(3, 3) == [1, 1, 1]      # one cubic hypersurface
    assert determinantal.en_numerator(3, 4) == [1, 2, 3]      # (3,3),(2,1): degree 6
    assert sum(determinantal.en_numerator(6, 10)) == 252      # (6,6),(2,1)


def test_six_six_is_certified_fast():
    arch = Architecture((6, 6), (2, 1))
    start = time.perf_counter()
    V = Neurovariety(arch)
    r = V.ideal_result()
    assert (r.engine, r.certification) == ("determinantal", "certified")
    assert V.generator_degrees() == {6: 210} and V.degree() == 252
    assert time.perf_counter() - start < 20  # M2 ker: ~130 s


@pytest.mark.slow
def test_seven_seven_and_eight_eight():
    for k in (7, 8):
        r = determinantal.ideal_result(Architecture((k, k), (2, 1)))
        assert r.certified and len(r.gens) == math.comb(2 * k - 2, k)


# --- resultant --------------------------------------------------------------------

@pytest.mark.parametrize("arch", [a for a in SMALL + MEDIUM if a.reduced().L >= 2], ids=str)
def test_resultant_has_the_radical_of_elimination(arch):
    # set-theoretic for every number of layers (three or more: saturated by lc(P_0) psc_m)
    r = resultant.ideal_result(arch)
    I = _elimination(arch)
    assert r.certification == "set-theoretic"
    assert _in_ideal_of_V(arch, r.gens)
    J = _ideal(arch, r.gens)
    assert J.radical() == I
    if arch.reduced().L >= 3:
        # observed, not claimed: the saturation is the whole prime ideal on these cases
        assert J == I


def test_resultant_without_saturation_is_only_partial():
    for k, s in [((2, 2, 2), (2, 2, 1)), ((3, 2, 2), (2, 2, 1))]:
        arch = Architecture(k, s)
        r = resultant.ideal_result(arch, saturate=False)
        assert r.certification == "partial" and _in_ideal_of_V(arch, r.gens)
        assert _ideal(arch, r.gens).radical() != _elimination(arch)  # why it must be saturated
    # the degenerate stratum of the module docstring: P_0 = 0, P_1 free, in V(J) but not in V
    arch = Architecture((2, 2, 2), (2, 2, 1))
    point = [0 if j % 2 == 0 else j for j in range(arch.n)]
    assert all(g(*point) == 0 for g in resultant.ideal_result(arch, saturate=False).gens)
    assert any(g(*point) != 0 for g in _elimination(arch).gens())
    assert any(g(*point) != 0 for g in resultant.ideal_result(arch).gens)


@pytest.mark.parametrize("k,s", [((3, 3, 3), (2, 2, 1)), ((3, 3, 3), (2, 3, 1)),
                                 ((2, 3, 3), (2, 2, 1))])
def test_resultant_against_multigraded_on_three_layers(k, s):
    from lcnalg.implicit import multigraded
    arch = Architecture(k, s)
    r, m = resultant.ideal_result(arch, timeout=60), multigraded.complete(arch, timeout=120)
    assert r.certification == "set-theoretic" and _in_ideal_of_V(arch, r.gens)
    assert _ideal(arch, r.gens) == _ideal(arch, m.gens)


# --- pivot phase --------------------------------------------------------------------

@pytest.mark.parametrize("arch", [a for a in SMALL + MEDIUM if pivot.applies(a)], ids=str)
def test_pivot_is_the_elimination_ideal(arch):
    r = pivot.ideal_result(arch)
    I = _elimination(arch)
    assert r.certification == "certified", arch
    assert _ideal(arch, r.gens) == I, arch
    theirs = hilbert_data(I)  # from the saturated basis vs Singular on the elimination ideal
    for key in ("dim", "degree", "hilbert_numerator", "hilbert_polynomial"):
        assert r.hilbert[key] == theirs[key], (arch, key)
    assert len(Neurovariety(arch).minimal_generators("sage")) == len(r.gens), arch  # minimal


@pytest.mark.parametrize("k,s", [((3, 3, 3), (2, 2, 1)), ((3, 3, 3), (2, 3, 1)),
                                 ((2, 3, 3), (2, 2, 1)), ((4, 4), (3, 1))])
def test_pivot_against_multigraded_and_mu(k, s):
    """Independent engines: the multigraded completion (linear algebra at points of V) and
    the exact substitution mu^*; the number of generators is that of a minimal basis."""
    from lcnalg.implicit import multigraded
    arch = Architecture(k, s)
    r, m = pivot.ideal_result(arch), multigraded.complete(arch, timeout=120)
    assert r.certification == "certified" and _in_ideal_of_V(arch, r.gens)
    assert _ideal(arch, r.gens) == _ideal(arch, m.gens)
    assert len(r.gens) == len(m.gens)  # both minimal


def test_pivot_saturation_at_one_on_a_large_case():
    """``(3,5,4),(2,3,1)`` (n = 29; a basis of J itself took 112 s): the ideal vanishes on the
    image (exact mu^*), and its Hilbert series has the theorem's dimension and degree
    (multinomial / deg mu, MATH.md §2): necessary conditions checked outside the engine (the
    equality itself is the module's theorem; smaller cases are compared with elimination above)."""
    arch = Architecture((3, 5, 4), (2, 3, 1))
    r = pivot.ideal_result(arch, timeout=120)
    assert r.certification == "certified" and _in_ideal_of_V(arch, r.gens)
    assert r.hilbert["dim"] == arch.dim
    assert r.hilbert["degree"] == arch.multinomial // arch.deg_mu == 1260


@pytest.mark.m2
def test_pivot_against_macaulay2():
    from lcnalg.implicit import m2
    for k, s in [((3, 3, 3), (2, 2, 1)), ((3, 3, 3), (2, 3, 1)), ((4, 3), (3, 1))]:
        arch = Architecture(k, s)
        theirs = _ideal(arch, m2.vanishing_ideal(arch, timeout=120))
        assert theirs == _ideal(arch, pivot.vanishing_ideal(arch)), arch


def test_pivot_needs_the_saturation():
    """Without ``: f^oo`` the phase equations miss generators: on (3,3,3),(2,2,1) the zero
    set of J contains the 8-dimensional plane P_r0 = 0 (the pivot phase vanishes) and, with
    only the bordered minors, more where f = 0; V has dim 7, and J is strictly smaller
    than I(V)."""
    arch = Architecture((3, 3, 3), (2, 2, 1))
    C = coordinate_ring(arch)
    up = pivot.upper_result(Architecture((3, 3), (2, 1)), 0)
    J = C.ideal(pivot.equations(arch, up.gens, C))
    r0, j = pivot.pivot(arch)
    plane = C.ideal([C.gen(i) for i in range(r0, arch.n, 2)])
    assert all(g in plane for g in J.gens())  # V(J) contains the plane
    assert J.dimension() >= 8 > arch.dim
    I = _ideal(arch, pivot.vanishing_ideal(arch))
    assert J < I and I.dimension() == arch.dim
    assert J.saturation(C.ideal(C.gen(j)))[0] == I  # Singular's own saturation agrees


def test_pivot_label_is_as_strong_as_the_upper_ideal(monkeypatch):
    """certified only with a certified upper ideal; set-theoretic from a set-theoretic one;
    otherwise partial, with the true criterion for equality (module docstring), never
    "[theorem]"; in every case I ⊆ I(V) (exact substitution)."""
    from lcnalg.implicit.result import IdealResult
    arch = Architecture((3, 3, 3), (2, 2, 1))
    exact = pivot.upper_result(Architecture((3, 3), (2, 1)), 0)
    for label, expected in [("certified", "certified"), ("checked", "partial"),
                            ("set-theoretic", "set-theoretic"), ("partial", "partial"),
                            ("probabilistic", "partial")]:
        fake = IdealResult(exact.gens, "multigraded", label, "certified through degree 4", 0, 0)
        monkeypatch.setattr(pivot, "upper_result", lambda upper, seed: fake)
        r = pivot.ideal_result(arch)
        assert r.certification == expected, label
        assert "multigraded" in r.detail and label in r.detail, r.detail
        assert ("[theorem" in r.detail) == (expected == "certified"), r.detail
        if expected == "partial":  # the upper (3,3),(2,1) has n' = 1 + 2 + 2·2 = 7: q = c6
            assert "⊆ I(V); equality iff J' : c6^oo = I(V')" in r.detail, r.detail
        assert _in_ideal_of_V(arch, r.gens)


def test_pivot_over_an_uncertified_upper_ideal_is_partial(monkeypatch):
    """The issue's example (2,6,2),(2,3,1): the upper ideal (6,2),(3,1) comes from the
    multigraded completion; that ideal is not arithmetically Cohen–Macaulay, so without the
    elimination certificate it is only ``checked`` and the pivot answer must be ``partial``
    (its ideal is nevertheless I(V): Sage elimination).  With the certificate (Macaulay2),
    both are certified."""
    from lcnalg.implicit import multigraded, subresultant
    arch = Architecture((2, 6, 2), (2, 3, 1))
    monkeypatch.setattr(multigraded, "ELIMINATION_SECONDS", 0)
    monkeypatch.setattr(multigraded, "CHART_CERTIFICATE", False)
    # the upper (6,2),(3,1) by the multigraded completion (the default's is now certified)
    monkeypatch.setattr(subresultant, "plan", lambda a: registry.Plan(
        "subresultant", a, True, False, "not the default in this test"))
    registry.clear_plans()
    try:
        r = registry.run(arch, Request("pivot"))
        product = registry.run_default(arch)  # k_1 = s_1: the default is the Segre product
    finally:
        registry.clear_plans()
    assert r.engine == "pivot" and r.certification == "partial", r
    assert "equality iff J' : c8^oo = I(V')" in r.detail and "[theorem" not in r.detail
    assert _ideal(arch, r.gens) == _elimination(arch)
    assert product.engine == "product" and product.certification == "partial", product
    assert "[theorem" not in product.detail and _ideal(arch, product.gens) == _ideal(arch, r.gens)


@pytest.mark.m2
def test_pivot_over_an_elimination_certified_upper_ideal_is_certified(monkeypatch):
    from lcnalg.implicit import multigraded
    monkeypatch.setattr(multigraded, "CHART_CERTIFICATE", False)
    r = multigraded.complete(Architecture((6, 2), (3, 1)))  # the upper ideal, not ACM
    assert r.certification == "certified" and "certified (elimination)" in r.detail, r
    arch = Architecture((2, 6, 2), (2, 3, 1))
    r = registry.run(arch, Request("pivot"))  # upper: subresultant chart
    assert (r.engine, r.certification) == ("pivot", "certified"), r
    assert "I(V') from subresultant (certified" in r.detail, r.detail
    r = registry.run_default(arch)  # the Segre product over the same upper ideal
    assert (r.engine, r.certification) == ("product", "certified"), r
    assert "Y = V(k=(6,2) s=(3,1)) from subresultant (certified)" in r.detail, r.detail


def test_default_falls_back_from_pivot_after_its_budget(monkeypatch):
    arch = Architecture((3, 3, 3), (2, 2, 1))
    monkeypatch.setattr(pivot, "BUDGET", 0.01)
    monkeypatch.setattr(pivot, "BUDGET_FROM_N", 10)
    registry.clear_plans()  # the plans read the budget
    try:
        r = registry.run_default(arch, Request(timeout=120))
        assert r.engine == "multigraded" and "pivot engine's 0.01 s budget" in r.detail
        assert _ideal(arch, r.gens) == _ideal(arch, pivot.vanishing_ideal(arch))
        from lcnalg.errors import EngineTimeout
        with pytest.raises(EngineTimeout, match="pivot engine"):  # no time left for a fallback
            registry.run_default(arch, Request(timeout=0.005))
    finally:
        registry.clear_plans()


def test_pivot_targets_are_fast():
    """The issue's three-layer examples, where Macaulay2's ker takes about 1 s."""
    pivot.ideal_result(Architecture((3, 2, 2), (2, 2, 1)))  # warm up
    for k, s in [((3, 3, 3), (2, 2, 1)), ((3, 3, 3), (2, 3, 1))]:
        start = time.perf_counter()
        pivot.ideal_result(Architecture(k, s))
        assert time.perf_counter() - start < 1.0, (k, s)


# --- default engine ---------------------------------------------------------------

def test_default_engine_choice_and_record():
    cases = {((3, 3), (3, 1)): "segre", ((2, 3), (1, 1)): "segre", ((3, 3), (2, 1)): "determinantal",
             ((2, 2, 2), (1, 2, 1)): "determinantal"}
    for (k, s), name in cases.items():
        assert default_engine(Architecture(k, s)) == name
    for k, s in [((3, 3, 2), (2, 2, 1)), ((4, 2), (3, 1))]:  # a constant phase (k_1 < 2 s_1)
        assert default_engine(Architecture(k, s)) == "pivot"
    for k, s in [((2, 3, 2), (2, 2, 1)), ((4, 2, 2), (2, 5, 1))]:  # a Segre product (D_l < S_l)
        assert default_engine(Architecture(k, s)) == "product"
    for k, s in [((4, 3, 2), (2, 2, 1)), ((7, 3), (3, 1))]:  # no constant phase; three phases
        assert default_engine(Architecture(k, s)) == "subresultant"
    from lcnalg.describe import describe
    d = describe(Architecture((3, 3), (2, 1)), fields=["degree"])
    assert (d["backend"], d["certification"], d["certified"]) == ("determinantal", "certified", True)
    d = describe(Architecture((3, 3), (2, 1)), fields=["degree"], backend="sage")
    assert (d["backend"], d["certification"]) == ("sage", "certified")


def test_one_instance_per_architecture_and_cached_invariants(monkeypatch):
    arch = Architecture((3, 2), (2, 1))
    V = Neurovariety.of(arch)
    assert Neurovariety.of(Architecture((3, 2), (2, 1))) is V
    V.degree(), V.generator_degrees(), V.deg_mu(seed=4)
    from lcnalg.geometry import neurovariety
    monkeypatch.setattr(registry, "run", lambda *a, **k: pytest.fail("recomputed"))
    monkeypatch.setattr(neurovariety, "hilbert_data", lambda *a, **k: pytest.fail("recomputed"))
    assert (V.degree(), V.generator_degrees()) == (3, {3: 1})
    import lcnalg.geometry.hyperroots as hr
    monkeypatch.setattr(hr, "fibre_degree", lambda *a, **k: pytest.fail("recomputed"))
    assert V.deg_mu(seed=4) == 1


def test_engines_refuse_the_wrong_architecture():
    with pytest.raises(ValueError, match="Segre engine needs k_i <= s_i"):
        segre.ideal_result(Architecture((3, 3), (2, 1)))
    with pytest.raises(ValueError, match="two layers after reduction"):
        determinantal.ideal_result(Architecture((3, 3, 2), (2, 2, 1)))
    with pytest.raises(ValueError, match="pivot engine needs .* k_1 < 2S; .* reduces to"):
        pivot.ideal_result(Architecture((4, 3, 2), (2, 2, 1)))
    with pytest.raises(ValueError, match="pivot engine"):
        pivot.ideal_result(Architecture((2, 2), (1, 1)))  # stride one


def test_gap_coordinates_brute_force():
    from lcnalg.implicit.gaps import split_gaps
    for arch in SMALL + MEDIUM:
        hit = {sum(j * S for j, S in zip(js, arch.S))
               for js in itertools.product(*[range(ki) for ki in arch.k])}
        assert split_gaps(arch) == (sorted(set(range(arch.n)) - hit), sorted(hit))
