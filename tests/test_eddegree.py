"""The generic ED degree of Segre varieties: formula vs MATH.md, structural facts, Macaulay2."""
import itertools
import math
import time

import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.training.eddegree import chern_degrees, ged_degree, segre_toric_matrix


@pytest.mark.parametrize("k, value", [((2, 2), 6), ((2, 3), 10), ((3, 3), 39), ((2, 2, 2), 34)])
def test_math_md_values(k, value):
    assert ged_degree(k) == value


def test_quadric_surface():
    # P^1 x P^1 is a smooth quadric surface in P^3; a smooth hypersurface of degree e in P^N
    # has generic ED degree e * sum_{i<N} (e-1)^i (DHOST): 2 * 3 = 6.
    e, N = 2, 3
    assert ged_degree((2, 2)) == e * sum((e - 1) ** i for i in range(N))


@pytest.mark.parametrize("k", [(1,), (2,), (5,), (1, 4), (3, 1, 1)])
def test_projective_space_is_one(k):
    # one factor P^d (other factors points): a linear space, ED degree 1
    assert ged_degree(k) == 1


@pytest.mark.parametrize("k", [(2, 2), (2, 3), (3, 4), (2, 2, 3), (4, 2, 3, 2)])
def test_chern_class_ends(k):
    cs = chern_degrees(k)
    # deg c_0 = degree of the Segre variety = multinomial coefficient
    assert cs[0] == Architecture(k).multinomial
    # deg c_m = Euler characteristic of the product of projective spaces = prod k_i
    assert cs[-1] == math.prod(k)
    assert len(cs) == sum(k) - len(k) + 1


@pytest.mark.parametrize("k", [(2, 3, 4), (3, 2, 2, 5)])
def test_symmetric_and_points_do_not_count(k):
    values = {ged_degree(p) for p in itertools.permutations(k)}
    assert values == {ged_degree(k)}
    assert ged_degree(k + (1,)) == ged_degree(k) == ged_degree((1,) + k)


def test_fast_and_exact():
    t = time.perf_counter()
    v = ged_degree((2, 3, 4, 5))
    assert time.perf_counter() - t < 0.5
    assert isinstance(v, int) and v > 0
    big = ged_degree((30, 30, 30))
    assert isinstance(big, int) and big > 2 ** 64   # exact, beyond floats


@pytest.mark.parametrize("bad", [(), (0, 2), (2, -1), ("a",), (2.5,), (True, 2), "2,x", None])
def test_bad_input(bad):
    with pytest.raises(ValueError):
        ged_degree(bad)


def test_string_input():
    assert ged_degree("2,3") == ged_degree((2, 3))


def test_toric_matrix_shape():
    A = segre_toric_matrix((2, 3))
    assert len(A) == 1 + 1 + 2 and len(A[0]) == 6
    assert A[-1] == [1] * 6
    assert len({tuple(c) for c in zip(*A)}) == 6


@pytest.mark.slow
@pytest.mark.m2
@pytest.mark.parametrize("k", [(2, 2), (2, 3), (2, 2, 2), (1, 3)])
def test_macaulay2_toric_invariants(k):
    from lcnalg.macaulay2 import run_script
    data = run_script("ed_degree.m2", [",".join(map(str, k))], timeout=300)
    assert data["k"] == list(k)
    assert data["ed_degree"] == ged_degree(k)
    assert data["degree"] == chern_degrees(k)[0]
