"""The Segre-product engine against independent computations (Singular elimination,
Macaulay2 ``ker``, the engines it replaces, Singular's minimal generators and Hilbert
series), the degree theorem, and cases where it must refuse or label weaker."""
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.neurovariety import Neurovariety
from lcnalg.implicit import product, registry
from lcnalg.implicit.hilbert import hilbert_data
from lcnalg.implicit.result import IdealResult
from lcnalg.request import Request

from ideal_checks import ideal_of as _ideal, in_ideal_of_V as _in_ideal_of_V

#: a split at the second layer (X = C^{k_1}), a split at the third layer (Y = C^{k_3}),
#: both factors with generators, and a case no constant-phase engine covers (k_1 = 2 s_1)
SMALL = [((2, 3, 3), (2, 2, 1)), ((3, 2, 2), (2, 3, 1)), ((3, 2, 2, 2), (2, 3, 2, 1)),
         ((4, 2, 2), (2, 5, 1)), ((4, 2, 3), (2, 5, 1))]


def test_split_and_factors():
    """The split is the first layer l >= 2 whose lower filter has degree D_l < S_l."""
    for k, s, l in [((2, 3, 3), (2, 2, 1), 1), ((3, 2, 2), (2, 3, 1), 2), ((4, 2, 2), (2, 5, 1), 2),
                    ((3, 3, 3), (2, 2, 1), None), ((7, 7), (3, 1), None), ((2, 2), (2, 1), 1)]:
        arch = Architecture(k, s)
        assert product.split(arch) == l, (k, s)
        red = arch.reduced()
        if l is not None:
            D = sum((ki - 1) * Si for ki, Si in zip(red.k[:l], red.S[:l]))
            assert D < red.S[l] and all(
                sum((ki - 1) * Si for ki, Si in zip(red.k[:j], red.S[:j])) >= red.S[j] for j in range(1, l))
            low, up = product.factors(arch)
            assert low.n == D + 1 and (low.k + up.k) == red.k
            assert low.dim + up.dim - 1 == arch.dim
    with pytest.raises(ValueError, match="D_l < S_l"):
        product.factors(Architecture((3, 3, 3), (2, 2, 1)))
    assert not registry.plan("product", Architecture((3, 3, 3), (2, 2, 1))).runs
    # non-overlapping: it runs, but the Segre engine is the default there
    p = registry.plan("product", Architecture((2, 2, 2), (2, 2, 1)))
    assert p.runs and not p.default
    assert registry.default_plan(Architecture((2, 3, 3), (2, 2, 1))).engine == "product"


@pytest.mark.parametrize("k,s", SMALL)
def test_against_singular_elimination_and_the_theorems(k, s):
    arch = Architecture(k, s)
    r = product.ideal_result(arch)
    assert r.certification == "certified" and "[theorem" in r.detail, r
    assert _in_ideal_of_V(arch, r.gens)
    I = _ideal(arch, r.gens)
    assert I == Neurovariety(arch).ideal("sage", timeout=120), arch
    assert r.hilbert["degree"] * arch.deg_mu == arch.multinomial  # MATH.md §2
    assert r.hilbert == hilbert_data(I)  # the series built from the factors, against Singular
    from sage.libs.singular.function import singular_function
    assert sorted(g.degree() for g in singular_function("minbase")(I)) == sorted(g.degree() for g in r.gens)


@pytest.mark.m2
def test_against_macaulay2_ker():
    from lcnalg.implicit import m2
    arch = Architecture((3, 2, 2, 2), (2, 3, 2, 1))
    assert _ideal(arch, m2.vanishing_ideal(arch, timeout=240)) == _ideal(arch, product.vanishing_ideal(arch))


def test_agrees_with_the_engines_it_replaces_on_the_default_catalogue():
    """On every default-catalogue architecture where it is the default (36 reduced ones) the
    engine that was the default before (pivot, or lastlayer) gives the same ideal."""
    from lcnalg.tables.catalogue import catalogue
    seen = set()
    for a in catalogue("default"):
        red = a.reduced()
        if red in seen or registry.default_plan(red).engine != "product":
            continue
        seen.add(red)
        before = registry.default_plan(red, after="product")
        theirs = registry.engine(before.engine).run(before, Request()).gens
        ours = product.vanishing_ideal(red)
        assert _ideal(red, ours) == _ideal(red, theirs), (red, before.engine)
        assert len(ours) == len(theirs), red  # both minimal
    assert len(seen) == 36


def test_label_is_as_strong_as_the_factors(monkeypatch):
    arch = Architecture((3, 2, 3, 2), (2, 3, 2, 1))
    low, up = product.factors(arch)
    exact = {a: product.factor_result(a, 0) for a in (low, up)}
    for label in ("checked", "set-theoretic", "probabilistic"):
        def fake(a, seed, label=label):
            r = exact[a]
            return IdealResult(r.gens, "multigraded", label if a == up else "certified", "", 0, 0,
                               minimal=True, hilbert=r.hilbert)
        monkeypatch.setattr(product, "factor_result", fake)
        r = product.ideal_result(arch)
        assert r.certification == "partial" and "[theorem" not in r.detail, label
        assert _in_ideal_of_V(arch, r.gens)


def test_refuses_an_incomplete_factor(monkeypatch):
    """Without a factor's generators the dimension check refuses."""
    arch = Architecture((3, 2, 3, 2), (2, 3, 2, 1))
    low, _ = product.factors(arch)
    real = product.factor_result

    def fake(a, seed):
        if a == low:
            return IdealResult([], "segre", "certified", "every generator dropped", 0, None)
        return real(a, seed)
    monkeypatch.setattr(product, "factor_result", fake)
    with pytest.raises(AssertionError, match="dim X \\+ dim Y - 1"):
        product.ideal_result(arch)


def test_large_catalogue_cases_in_seconds():
    """Four-layer architectures where the pivot saturation did not finish in 320-480 s:
    certified, with deg V deg mu = multinomial (the theorem, independent of the engine)."""
    for k, s in [((3, 4, 4, 3), (3, 3, 3, 1)), ((4, 2, 4, 3), (2, 3, 2, 1))]:
        arch = Architecture(k, s)
        r = registry.run_default(arch, Request(timeout=120))
        assert r.engine == "product" and r.certification == "certified", r
        assert r.hilbert["degree"] * arch.deg_mu == arch.multinomial
        assert r.hilbert["dim"] == arch.dim
