"""Hyperroot assignments: fibre degrees against the degree formula, worked examples."""
import numpy as np
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.hyperroots import DEFAULT_TOL, RootData, count_assignments, fibre_degree
from lcnalg.geometry.parameterization import mu_numeric
from lcnalg.tables.catalogue import catalogue

# MATH.md §8: (k, s, deg V); deg V * deg mu = multinomial [theorem]
TABLE = [((3, 2), (2, 1), 3), ((2, 2, 2), (1, 2, 1), 3), ((2, 2), (2, 1), 2), ((3, 3), (2, 1), 6),
         ((2, 2, 2), (2, 2, 1), 6), ((3, 3), (3, 1), 6), ((2, 2), (1, 1), 1)]


@pytest.mark.parametrize("k,s,deg_v", TABLE)
def test_fibre_degree_times_degree_is_multinomial(k, s, deg_v):
    A = Architecture(k, s)
    assert fibre_degree(A, seed=1) * deg_v == A.multinomial


@pytest.mark.parametrize("k", [(2, 3), (2, 2, 2), (3, 3), (2, 2, 3), (4, 2)])
def test_fibre_degree_thick(k):
    # stride one: V = C^n has degree 1, so deg mu is the multinomial (orderings of roots)
    A = Architecture(k)
    assert fibre_degree(A, seed=2) == A.multinomial


@pytest.mark.parametrize("k,s", [((2, 3), (2, 1)), ((3, 2, 2), (2, 2, 1)), ((2, 2, 2), (1, 3, 1))])
def test_fibre_degree_against_neurovariety_degree(k, s):
    from lcnalg.geometry.neurovariety import Neurovariety
    A = Architecture(k, s)
    assert fibre_degree(A, seed=3) * Neurovariety(A).degree() == A.multinomial


def test_fibre_degree_seeds_agree():
    A = Architecture((3, 3, 2), (2, 2, 1))
    assert len({fibre_degree(A, seed=s) for s in range(3)}) == 1


def test_x4_plus_y4():
    # roots: the 4th roots of -1; stride-2 orbits {r, -r} have r^2 = i or -i (non-real),
    # layer 2 takes one of them, layer 1 the other: 2 complex assignments, no real one
    A = Architecture((3, 2), (2, 1))
    assert count_assignments(A, [1, 0, 0, 0, 1]) == 2
    assert count_assignments(A, [1, 0, 0, 0, 1], real=True) == 0
    assert count_assignments(A, [1.0, 0, 0, 0, 1.0], real=True) == 0


def test_zero_and_infinity():
    A = Architecture((3, 2), (2, 1))
    assert count_assignments(A, [0, 0, 0, 0, 1]) == 1     # y^4: every tau is 0
    assert count_assignments(A, [0, 0, 1, 0, 0]) == 2     # x^2 y^2: layer 2 gets 0 or oo
    assert count_assignments(A, [0, 0, 1, 0, 0], real=True) == 2
    assert count_assignments(A, [0, 1, 0, 0, 0]) == 1     # x^3 y = t: layer 2 must take oo
    rd = RootData([0, 0, 1, 0, 0])
    assert sorted(rd.mults) == [2, 2]


def test_not_in_variety():
    # 1 + t + t^2 + t^3 + t^4: no pair of roots r, -r, so no stride-2 orbit
    A = Architecture((3, 2), (2, 1))
    assert count_assignments(A, [1, 1, 1, 1, 1]) == 0


def test_float_matches_exact():
    rng = np.random.default_rng(5)
    A = Architecture((3, 2, 2), (2, 2, 1))
    for _ in range(10):
        w = [rng.integers(-5, 6, size=k).astype(float) for k in A.k]
        for x in w:
            x[0] = x[0] or 1.0
            x[-1] = x[-1] or 1.0
        P = mu_numeric(A, w)
        exact = count_assignments(A, [int(round(c)) for c in P])
        assert count_assignments(A, list(P)) == exact >= 1


def test_zero_form_rejected():
    with pytest.raises(ValueError, match="zero form"):
        count_assignments(Architecture((2, 2), (2, 1)), [0, 0, 0, 0])
    assert DEFAULT_TOL < 1e-3


@pytest.mark.parametrize("arch", catalogue("small") + [
    Architecture((3, 3, 3), (2, 1, 1)), Architecture((2, 3, 2), (1, 1, 2)),
    Architecture((3, 2, 3), (1, 2, 1)), Architecture((2, 2, 2, 2), (1, 2, 1, 1)),
    Architecture((3, 3, 3), (2, 2, 1))], ids=str)
def test_deg_mu_theorem_against_the_root_assignment_count(arch):
    """Architecture.deg_mu (product of the stride-one blocks' multinomials) against the
    exact count of root assignments at a random integer point (hyperroots), two seeds."""
    from lcnalg.geometry.hyperroots import fibre_degree
    assert {fibre_degree(arch, seed=s) for s in (0, 1)} == {arch.deg_mu}, arch
