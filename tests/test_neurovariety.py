"""The neurovariety against MATH.md §8 (the papers' worked cases) and backend against backend."""
import itertools

import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.neurovariety import Neurovariety
from lcnalg.implicit import registry

# MATH.md §8: k, s, n, codim, degree, minimal generators per degree
WORKED = [
    ((3, 2), (2, 1), 5, 1, 3, {3: 1}),
    ((2, 2, 2), (1, 2, 1), 5, 1, 3, {3: 1}),
    ((2, 2), (2, 1), 4, 1, 2, {2: 1}),
    ((3, 3), (2, 1), 7, 2, 6, {3: 4}),
    ((2, 2, 2), (2, 2, 1), 8, 4, 6, {2: 9}),
    ((3, 3), (3, 1), 9, 4, 6, {2: 9}),
    ((2, 2), (1, 1), 3, 0, 1, {}),
]


@pytest.mark.parametrize("backend", [None, "sage", "interpolation", "segre", "determinantal"])
@pytest.mark.parametrize("k,s,n,codim,degree,gens", WORKED)
def test_worked_cases(backend, k, s, n, codim, degree, gens):
    from lcnalg.implicit import determinantal, segre
    V = Neurovariety(Architecture(k, s))
    applies = {"segre": segre.applies, "determinantal": determinantal.applies}
    if backend in applies and not applies[backend](V.arch):  # the engine must refuse
        with pytest.raises(ValueError, match="engine needs"):
            V.ideal(backend)
        return
    assert V.arch.n == n
    I = V.ideal(backend)
    assert I.ring().ngens() - I.dimension() == codim
    assert V.degree(backend) == degree
    assert V.generator_degrees(backend) == gens


def test_worked_cubic_is_the_papers():
    V = Neurovariety(Architecture((3, 2), (2, 1)))
    A, B, C, D, E = V.ring().gens()
    assert V.ideal() == V.ring().ideal(A * D**2 + B**2 * E - B * C * D)
    # the non-reduced (2,2,2),(1,2,1) has the same closure (MATH.md §3)
    W = Neurovariety(Architecture((2, 2, 2), (1, 2, 1)))
    assert W.ideal("interpolation") == V.ideal("sage")


def test_segre_cases_are_2x2_minors():
    # stride >= k_1: no overlap, V is the Segre variety P^2 x P^2 (3x3 matrices of rank 1)
    from sage.matrix.constructor import matrix
    V = Neurovariety(Architecture((3, 3), (3, 1)))
    c = V.ring().gens()
    M = matrix(3, 3, [c[3 * j + i] for j in range(3) for i in range(3)])
    assert V.ideal() == V.ring().ideal(M.minors(2))


def _small_catalogue():
    for L in (1, 2, 3):
        for k in itertools.product(range(2, 4), repeat=L):
            for s in itertools.product(range(1, 4), repeat=L - 1):
                A = Architecture(k, s + (1,))
                if A.n <= 12:
                    yield A


def _param(arch):
    slow = sum(arch.d) > 5 or arch.n > 10
    return pytest.param(arch, marks=pytest.mark.slow) if slow else arch


@pytest.mark.parametrize("arch", [_param(a) for a in _small_catalogue()], ids=str)
def test_backends_agree_and_dimension_theorem(arch):
    V = Neurovariety(arch)
    I = V.ideal("sage", timeout=60)
    assert I.dimension() == arch.dim           # [theorem] dim = sum k_i - L + 1
    assert V.ideal("interpolation", timeout=60) == I
    assert V.ideal(timeout=60) == I, V.ideal_result()  # the default engine
    assert I.is_homogeneous()
    # MATH.md §2: deg V * deg mu = (sum d_i)! / prod d_i!, deg mu from a generic fibre
    assert V.degree_check(seed=1).agrees
    # finer grading deg c_j = (1, j): every minimal generator is weight-homogeneous
    for g in V.minimal_generators():
        assert len({sum(j * a for j, a in enumerate(e)) for e in g.exponents()}) == 1


def test_thick_gives_zero_ideal_without_engine(monkeypatch):
    arch = Architecture((2, 3))
    from lcnalg.implicit import multigraded, sage as sage_backend
    monkeypatch.setattr(sage_backend, "mu_polynomials", lambda *a: pytest.fail("engine called"))
    monkeypatch.setattr(multigraded, "_Completion", lambda *a: pytest.fail("engine called"))
    for backend in ("sage", "interpolation"):
        assert Neurovariety(arch).ideal(backend).is_zero()


@pytest.mark.parametrize("k,s", [((3, 2), (2, 1)), ((3, 3), (2, 1)), ((2, 2, 2), (2, 2, 1)),
                                 ((3, 2, 2), (2, 2, 1)), ((4, 3), (2, 1))])
def test_reduced_strides_above_one_have_birational_mu(k, s):
    # [observed] MATH.md §2: reduced, all strides > 1 -> deg mu = 1, deg V = multinomial
    V = Neurovariety(Architecture(k, s))
    assert V.deg_mu(seed=3) == 1
    assert V.degree() == V.arch.multinomial


def test_unknown_backend():
    with pytest.raises(ValueError, match="unknown backend 'magma'"):
        registry.resolve("magma")


def test_timeout_names_the_computation():
    from lcnalg.errors import EngineTimeout
    with pytest.raises(EngineTimeout, match="elimination for k=\\(3,3,3\\)"):
        Neurovariety(Architecture((3, 3, 3), (2, 2, 1))).ideal("sage", timeout=0.5)
    # the interrupted computation must not break the next Singular call in this process
    V = Neurovariety(Architecture((3, 2), (2, 1)))
    assert V.ideal("sage").ngens() == 1 and V.minimal_generators()[0].degree() == 3


@pytest.mark.parametrize("k,s", [((2, 2), (3, 1)), ((2, 2, 3), (3, 3, 1)), ((2, 3, 2), (3, 3, 1)),
                                 ((3, 2), (3, 1)), ((2, 2, 2), (3, 2, 1))])
def test_gap_coefficients_are_the_linear_generators(k, s):
    """Exponents not of the form sum j_i S_i (0 <= j_i <= d_i) are never hit: brute force."""
    arch = Architecture(k, s)
    hit = {sum(j * S for j, S in zip(js, arch.S))
           for js in itertools.product(*[range(ki) for ki in arch.k])}
    gaps = sorted(set(range(arch.n)) - hit)
    for backend in ("sage", "interpolation"):
        V = Neurovariety(arch)
        linear = [g for g in V.minimal_generators(backend) if g.degree() == 1]
        assert sorted(str(g) for g in linear) == sorted(f"c{j}" for j in gaps)
        assert V.ideal(backend).dimension() == arch.dim


def test_the_ideal_cache_knows_the_seed():
    V = Neurovariety(Architecture((3, 3), (2, 1)))
    a, b = V.ideal_result("multigraded", seed=1), V.ideal_result("multigraded", seed=2)
    assert (a.seed, b.seed) == (1, 2) and V.ideal_result("multigraded", seed=1) is a
    assert V.minimal_generators("multigraded", seed=2) == V.minimal_generators("multigraded", seed=1)
    d = V.ideal_result("determinantal", seed=1)  # uses no seed: one answer for every seed
    assert d.seed is None and V.ideal_result("determinantal", seed=5) is d
