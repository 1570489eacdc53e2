"""2D strided convolutions: mu against the composition and against polynomial products; the
metric K is a function of (u, delta) in 2D, whatever the strides (Achour–Kohn–Rauhut)."""
import numpy as np
import pytest

from lcnalg.geometry.conv2d import Conv2dArchitecture, convolve2d_strided, network_forward_2d
from lcnalg.training.flow import fibre_metrics, invariants, ntk, rescale_to_invariants

C = Conv2dArchitecture
ARCHS = [C(((2, 2), (2, 2)), (1, 1)), C(((2, 2), (2, 2)), (2, 1)), C(((3, 2), (2, 3)), ((2, 1), 1)),
         C(((2, 2), (2, 2), (2, 2)), ((1, 2), (2, 1), 1)), C(((3, 3), (2, 2)), (3, 1))]


def _point(arch, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(k) for k in arch.k]


@pytest.mark.parametrize("arch", ARCHS, ids=repr)
def test_mu_is_the_composition(arch):
    for seed in range(3):
        w = _point(arch, seed)
        assert np.allclose(arch.mu(w), arch.end_to_end_filter(w), rtol=1e-12, atol=1e-12)
        # on a random image: one strided convolution with u and the end-to-end stride
        X = np.random.default_rng(seed + 7).standard_normal((arch.n[0] + 3 * arch.stride[0],
                                                              arch.n[1] + 2 * arch.stride[1]))
        assert np.allclose(network_forward_2d(X, w, arch.s), convolve2d_strided(X, arch.mu(w), arch.stride),
                           rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("arch", ARCHS, ids=repr)
def test_mu_is_a_product_of_bivariate_polynomials(arch):
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    R = PolynomialRing(QQ, "x,y")
    x, y = R.gens()
    rng = np.random.default_rng(1)
    w = [rng.integers(-5, 6, size=k) for k in arch.k]
    P = R.prod(sum(int(c) * x ** (a * Si[0]) * y ** (b * Si[1]) for (a, b), c in np.ndenumerate(wi))
               for wi, Si in zip(w, arch.S))
    u = arch.end_to_end_filter(w)      # exact: small integers in floating point
    assert u.shape == arch.n
    assert all(u[a, b] == P.monomial_coefficient(x ** a * y ** b) for (a, b) in np.ndindex(*u.shape))
    assert P.degree(x) <= arch.n[0] - 1 and P.degree(y) <= arch.n[1] - 1


def test_jacobian_by_multilinearity():
    arch = ARCHS[3]
    w = _point(arch, 0)
    J = arch.jacobian(w)
    assert J.shape == (arch.n[0] * arch.n[1], 12)
    assert np.allclose(J @ np.concatenate([x.ravel() for x in w]), arch.L * arch.mu(w).ravel(), rtol=1e-12)


@pytest.mark.parametrize("arch", ARCHS[1:], ids=repr)
def test_K_is_a_function_of_u_and_delta_in_2d(arch):
    # generic bivariate filters are irreducible: with no two layers interchangeable the fibre of
    # given delta is one point up to signs (KMMT Cor. 5.14) and K agrees on all of it
    w = _point(arch, 2)
    u, delta = arch.mu(w), invariants(w) - 0.2
    fs = fibre_metrics(arch, u, delta, starts=8, seed=3, tolerance=1e-8)
    assert fs.assignments == 1 and fs.agrees and max(fs.residuals) < 1e-9, fs
    K = ntk(arch, rescale_to_invariants(w, delta))
    assert np.linalg.norm(fs.K[0] - K) <= 1e-6 * np.linalg.norm(K)


def test_stride_one_equal_shapes_the_layer_swap_is_a_second_fibre_component():
    # [observed] stride one, equal filter shapes: (w2, w1) rescaled to the same delta is in the
    # same fibre and has a different K; on the component of the given point K agrees.
    # So in 2D, K is a function of (u, delta) per factorization (fibre component), as in
    # 1D with strides > 1, where generically there is only one.
    arch = ARCHS[0]
    w = _point(arch, 2)
    u, delta = arch.mu(w), invariants(w) - 0.2
    fs = fibre_metrics(arch, u, delta, starts=12, seed=3, tolerance=1e-8)
    assert fs.assignments == 2 and fs.spread > 0.01, fs
    K = ntk(arch, rescale_to_invariants(w, delta))
    Ks = ntk(arch, rescale_to_invariants(w[::-1], delta))
    assert min(np.linalg.norm(Kf - K) for Kf in fs.K) <= 1e-6 * np.linalg.norm(K)
    assert min(np.linalg.norm(Kf - Ks) for Kf in fs.K) <= 1e-6 * np.linalg.norm(K)


def test_one_dimensional_filters_inside_2d_break_it():
    # [observed] filters of shape (k, 1) are 1D stride-one filters: their factorization is not
    # unique and K differs between fibre points of equal delta -- the 2D statement needs
    # genuinely bivariate (irreducible) filters
    arch = C(((3, 1), (2, 1)), (1, 1))
    w = [np.array([[2.0], [-1.0], [-1.0]]), np.array([[1.0], [3.0]])]
    fs = fibre_metrics(arch, arch.mu(w), invariants(w), starts=30, seed=0)
    assert fs.assignments == 3 and fs.spread > 0.05, fs


def test_bad_input():
    with pytest.raises(ValueError, match="positive integer"):
        C(((2, 0), (2, 2)))
    with pytest.raises(ValueError, match="same positive number"):
        C(((2, 2),), (1, 1))
    with pytest.raises(ValueError, match="shapes"):
        ARCHS[0].mu([np.ones((2, 2)), np.ones((3, 2))])
    with pytest.raises(ValueError, match="smaller than the filter"):
        convolve2d_strided(np.ones((2, 2)), np.ones((3, 3)))
