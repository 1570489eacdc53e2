"""The metric of the induced flow (Achour–Kohn–Rauhut): K = J J^T on fibres of given delta.

Floating-point experiments; tolerances are stated in each assertion."""
import numpy as np
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import jacobian_numeric, mu_numeric
from lcnalg.training.dynamics import synthetic_problem
from lcnalg.training.flow import (compare_flows, factorizations, fibre_metrics, induced_velocity,
                                  invariants, metric, ntk, rescale_to_invariants)

A = Architecture
REDUCED = [A((3, 2), (2, 1)), A((3, 3), (2, 1)), A((2, 2, 2), (2, 2, 1)), A((2, 3, 2), (3, 2, 1)),
           A((4, 2), (3, 1))]


def _point(arch, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(k) for k in arch.k]


def test_ntk_is_jjt_and_moves_u_along_a_gradient_step():
    arch, ell = A((3, 2), (2, 1)), synthetic_problem(A((3, 2), (2, 1)), seed=3)
    w = _point(arch, 0)
    J = jacobian_numeric(arch, w)
    assert np.allclose(ntk(arch, w), J @ J.T, rtol=1e-14)
    g = np.split(J.T @ ell.gradient(mu_numeric(arch, w)), [3])   # dL/dw by the chain rule
    for h in (1e-4, 1e-5):  # u(w - h g) - u(w) = h u' + O(h^2)
        du = mu_numeric(arch, [wi - h * gi for wi, gi in zip(w, g)]) - mu_numeric(arch, w)
        v = induced_velocity(arch, w, ell.gradient(mu_numeric(arch, w)))
        assert np.linalg.norm(du / h - v) <= 50 * h * np.linalg.norm(v)


@pytest.mark.parametrize("arch", REDUCED + [A((3, 2), (1, 1))], ids=str)
def test_K_has_rank_dim_M_at_random_points(arch):
    # [theorem] dim M = 1 + sum d_i, attained by the Jacobian at generic points; K = J J^T
    K = ntk(arch, _point(arch, 4))
    s = np.linalg.svd(K, compute_uv=False)
    assert int(np.sum(s > 1e-10 * s[0])) == arch.dim
    assert np.allclose(K, K.T) and np.linalg.eigvalsh(K).min() >= -1e-12 * s[0]   # PSD


@pytest.mark.parametrize("seed", range(3))
def test_rescaling_to_invariants_keeps_mu_and_hits_delta(seed):
    arch = A((2, 3, 2), (3, 2, 1))
    w = _point(arch, seed)
    delta = np.random.default_rng(seed + 10).normal(size=2) * 2
    v = rescale_to_invariants(w, delta)
    assert np.allclose(mu_numeric(arch, v), mu_numeric(arch, w), rtol=1e-12, atol=1e-12)
    assert np.allclose(invariants(v), delta, atol=1e-10)
    lam = [np.dot(a, b) / np.dot(b, b) for a, b in zip(v, w)]
    assert all(x > 0 for x in lam) and np.prod(lam) == pytest.approx(1, rel=1e-12)


@pytest.mark.parametrize("arch", REDUCED, ids=str)
@pytest.mark.parametrize("seed", range(3))
def test_reduced_strides_above_one_K_is_a_function_of_u_and_delta(arch, seed):
    w = _point(arch, seed)
    u, delta = mu_numeric(arch, w), invariants(w) + 0.3   # another point of the same fibre
    fm = fibre_metrics(arch, u, delta, tolerance=1e-8)
    assert fm.assignments == 1 and fm.agrees and max(fm.residuals) < 1e-10, fm
    # an independent search over the fibre finds no other point and the same K
    fs = fibre_metrics(arch, u, delta, method="search", starts=12, seed=seed, tolerance=1e-8)
    assert fs.assignments == 1 and fs.agrees, fs
    assert np.linalg.norm(fs.K[0] - fm.K[0]) <= 1e-6 * np.linalg.norm(fm.K[0])


@pytest.mark.parametrize("arch", [A((3, 2), (1, 1)), A((2, 2, 2), (1, 1, 1)), A((2, 3), (1, 2))], ids=str)
def test_stride_one_equal_delta_different_K(arch):
    # filters with real roots only: every permutation of the roots is a real assignment
    roots = iter([0.5, -1.5, 2.0, -0.25, 3.0])
    w = [np.poly([next(roots) for _ in range(k - 1)])[::-1] for k in arch.k]
    u, delta = mu_numeric(arch, w), invariants(w)
    fm = fibre_metrics(arch, u, delta)
    assert fm.assignments >= 3 and max(fm.residuals) < 1e-10
    assert fm.spread > 0.05, fm   # the contrast with the strides > 1 case (spread < 1e-8)
    with pytest.raises(ValueError, match="not a function"):
        metric(arch, u, delta)


def test_stride_one_search_finds_the_other_assignments():
    arch = A((3, 2), (1, 1))
    u = np.convolve([2.0, -1.0, -1.0], [1.0, 3.0])
    fs = fibre_metrics(arch, u, [0.5], method="search", starts=30, seed=1)
    assert fs.assignments == 3 and not fs.agrees


def test_observed_singular_points_with_two_factorizations():
    # [observed] strides > 1 but u in Sing(M) (a form in x^2, y^2) with two real
    # factorizations: K differs there too, so the theorem is about unique factorization
    arch = A((3, 2), (2, 1))
    u = np.convolve([1.0, 0, -4.0], [1.0, 0, -9.0])
    fm = fibre_metrics(arch, u, [0.7])
    assert fm.assignments == 2 and fm.spread > 0.01


@pytest.mark.parametrize("arch", [A((3, 2), (2, 1)), A((2, 2, 2), (2, 2, 1)), A((2, 3, 2), (3, 2, 1))], ids=str)
def test_flow_on_function_space_matches_parameter_flow(arch):
    ell = synthetic_problem(arch, seed=0)
    w0 = [0.5 * x for x in _point(arch, 5)]
    fc = compare_flows(arch, ell, w0, time=1.0, steps_sizes=(0.02, 0.01, 0.005))
    assert fc.ode_gap < 1e-7, fc            # both ODEs at rtol 1e-10
    assert fc.projection_residual < 1e-3, fc   # RK stages (even rejected ones) leave M a little
    gaps = [g["gap"] for g in fc.gd]
    assert gaps[0] > 1e-4                   # the test sees the discretisation error at all
    for a, b in zip(gaps, gaps[1:]):        # first order: halving the step halves the gap
        assert 1.6 < a / b < 2.5, fc


def test_bad_input():
    arch = A((3, 2), (2, 1))
    with pytest.raises(ValueError, match="shapes"):
        ntk(arch, [[1.0, 2.0], [1.0, 2.0]])
    with pytest.raises(ValueError, match="invariants"):
        rescale_to_invariants([np.ones(3), np.ones(2)], [1.0, 2.0])
    with pytest.raises(ValueError, match="length n=5"):
        factorizations(arch, [1.0, 2.0])
    with pytest.raises(ValueError, match="method"):
        fibre_metrics(arch, mu_numeric(arch, _point(arch, 0)), [0.0], method="magic")
    with pytest.raises(TypeError, match="Architecture"):
        ntk("k=(3,2)", [np.ones(3)])
    stride_one = A((3, 2), (1, 1))
    w = [np.array([2.0, -1.0, -1.0]), np.array([1.0, 3.0])]
    with pytest.raises(ValueError, match="not a function"):
        compare_flows(stride_one, synthetic_problem(stride_one, seed=0), w)
