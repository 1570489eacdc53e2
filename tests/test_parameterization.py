"""mu: symbolic ring map, numpy polynomial product and an actual composition of strided
convolutions must agree; the Jacobian rank must equal the dimension theorem's prediction."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import (convolve_strided, end_to_end_filter, jacobian_numeric,
                                     jacobian_rank_mod_p, mu_from_filters, mu_numeric,
                                     mu_polynomials, network_forward, parameter_ring,
                                     random_filters)

archs = st.builds(
    lambda L, ks, ss: Architecture(ks[:L], ss[:L - 1] + [1]),
    st.integers(1, 4), st.lists(st.integers(1, 5), min_size=4, max_size=4),
    st.lists(st.integers(1, 3), min_size=4, max_size=4))


def test_single_layer_matches_definition():
    X = np.arange(10.0)
    w = np.array([1.0, -2.0, 3.0])
    out = convolve_strided(X, w, 3)
    expected = [sum(w[t] * X[j * 3 + t] for t in range(3)) for j in range(len(out))]
    assert np.allclose(out, expected) and len(out) == 3


@settings(max_examples=60, deadline=None)
@given(archs, st.integers(0, 2**32 - 1))
def test_composition_equals_product_of_polynomials(A, seed):
    rng = np.random.default_rng(seed)
    ws = random_filters(A, rng)
    u = end_to_end_filter(A, ws)
    assert np.allclose(u, mu_numeric(A, ws))
    # and the end-to-end map really is one convolution with stride prod(s), on a random signal
    X = rng.standard_normal(A.n + 3 * A.stride)
    assert np.allclose(network_forward(X, ws, A.s), convolve_strided(X, u, A.stride))


@settings(max_examples=40, deadline=None)
@given(archs, st.integers(0, 2**32 - 1))
def test_symbolic_equals_numeric(A, seed):
    rng = np.random.default_rng(seed)
    ws = [rng.integers(-5, 6, size=ki) for ki in A.k]
    W = parameter_ring(A)
    point = [int(x) for w in ws for x in w]
    symbolic = [int(p(point)) for p in mu_polynomials(A, W)]
    assert symbolic == [int(round(x)) for x in end_to_end_filter(A, ws)]
    assert symbolic == [int(x) for x in mu_from_filters(A, [list(map(int, w)) for w in ws])]


def test_worked_example_polynomials():
    A = Architecture((3, 2), (2, 1))
    W = parameter_ring(A)
    a, b, c, d, e = W.gens()
    # (a x²+b xy+c y²)(d x²+e y²): MATH.md §1
    assert mu_polynomials(A, W) == [a * d, b * d, c * d + a * e, b * e, c * e]


def test_jacobian_rank_equals_dimension_theorem():
    rng = np.random.default_rng(2024)
    checked = 0
    while checked < 40:
        L = int(rng.integers(1, 4))
        A = Architecture(rng.integers(1, 5, size=L), list(rng.integers(1, 4, size=L - 1)) + [1])
        expected = sum(A.k) - (A.L - 1)   # [theorem] MATH.md §2, computed from k alone
        assert jacobian_rank_mod_p(A, seed=checked) == expected, A
        J = jacobian_numeric(A, random_filters(A, rng))
        assert np.linalg.matrix_rank(J, tol=1e-9 * np.abs(J).max()) == expected, A
        checked += 1


@pytest.mark.parametrize("bad", [[1.0, 2.0], np.ones(1)])
def test_short_input_is_rejected(bad):
    with pytest.raises(ValueError, match="shorter than the filter size"):
        convolve_strided(np.asarray(bad), np.ones(3), 1)
