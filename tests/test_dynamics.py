"""Gradient descent on LCNs: loss and gradient vs the network, conservation of delta_i."""
import numpy as np
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.training.dynamics import (delta_drift, deltas, endpoints, gradient, gradient_descent,
                             numeric_loss, root_gap, synthetic_problem)
from lcnalg.geometry.parameterization import mu_numeric, network_forward, split_parameters

A = Architecture
ARCHS = [A((3, 2), (2, 1)), A((2, 2), (1, 1)), A((2, 2, 2), (2, 2, 1)), A((2, 3, 2), (3, 1, 2))]


def _mse(arch, w, X, Y):
    out = network_forward(X, w, arch.s)
    return float(np.mean((out - Y) ** 2))


@pytest.mark.parametrize("arch", ARCHS)
def test_numeric_loss_and_gradient_match_the_network(arch):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((arch.n + 4 * arch.stride, 3))
    Y = rng.standard_normal(network_forward(X, [np.ones(k) for k in arch.k], arch.s).shape)
    ell = numeric_loss(arch, X, Y)
    w = [rng.standard_normal(k) for k in arch.k]
    assert ell(mu_numeric(arch, w)) == pytest.approx(_mse(arch, w, X, Y), rel=1e-10)
    theta, h = np.concatenate(w), 1e-6
    fd = [(_mse(arch, split_parameters(arch, theta + h * e), X, Y)
           - _mse(arch, split_parameters(arch, theta - h * e), X, Y)) / (2 * h) for e in np.eye(len(theta))]
    assert np.allclose(np.concatenate(gradient(arch, ell, w)), fd, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("arch", ARCHS)
def test_delta_change_per_step(arch):
    # <w_i, g_i> is the same for all layers (rescaling invariance), so one step changes
    # delta_i by exactly eta^2 (||g_i||^2 - ||g_{i+1}||^2)
    ell = synthetic_problem(arch, seed=1)
    rng = np.random.default_rng(2)
    w = [rng.standard_normal(k) for k in arch.k]
    g = gradient(arch, ell, w)
    inner = [float(np.dot(a, b)) for a, b in zip(w, g)]
    assert np.allclose(inner, inner[0], rtol=1e-9, atol=1e-12)
    eta = 0.03
    run = gradient_descent(arch, ell, init=w, step=eta, steps=1)
    sq = np.array([np.dot(x, x) for x in g])
    assert np.allclose(run.deltas[1] - run.deltas[0], eta ** 2 * (sq[:-1] - sq[1:]), rtol=1e-8, atol=1e-13)


@pytest.mark.parametrize("arch", [A((3, 2), (2, 1)), A((2, 2, 2), (2, 2, 1))])
def test_drift_shrinks_with_step(arch):
    ell = synthetic_problem(arch, seed=0)
    rows = delta_drift(arch, ell, steps_sizes=(0.04, 0.02, 0.01), time=4.0, seed=3)
    drifts = [r["drift"] for r in rows]
    assert not any(r["diverged"] for r in rows)
    assert drifts[0] > 0
    for big, small in zip(drifts, drifts[1:]):
        assert small < 0.65 * big          # O(eta) over a fixed flow time: ratio about 1/2


def test_loss_decreases_for_small_steps():
    arch = A((2, 2, 2), (2, 2, 1))
    run = gradient_descent(arch, synthetic_problem(arch, seed=2), step=0.01, steps=500, seed=4)
    assert np.all(np.diff(run.losses) <= 1e-12)
    assert run.losses[-1] < run.losses[0]


def test_seeded():
    arch = A((3, 2), (2, 1))
    ell = synthetic_problem(arch, seed=5)
    a = gradient_descent(arch, ell, steps=50, seed=7)
    b = gradient_descent(arch, ell, steps=50, seed=7)
    assert np.array_equal(a.losses, b.losses)


def test_deltas_and_root_gap():
    assert np.allclose(deltas([np.array([1.0, 2.0]), np.array([3.0]), np.array([0.0, 1.0])]), [-4.0, 8.0])
    arch = A((2, 2), (1, 1))
    assert root_gap(arch, [[1.0, 2.0], [-3.0, -6.0]]) == pytest.approx(0, abs=1e-12)
    assert root_gap(arch, [[1.0, 2.0], [1.0, -1.0]]) > 0.1
    # stride 2: w2(t^2) = 1 - 4 t^2 has the hyperroots +-1/2, one of them is w1's root
    assert root_gap(A((2, 2), (2, 1)), [[1.0, -2.0], [1.0, -4.0]]) == pytest.approx(0, abs=1e-12)


def test_endpoints_contrast():
    # a target with complex roots is outside M for k=(2,2), s=(1,1): gradient descent ends on
    # the boundary, with repeated filters; the strided architecture ends at pure points
    one = A((2, 2), (1, 1))
    e1 = endpoints(one, synthetic_problem(one, seed=0, target=[1, 0.3, 1], noise=0.1),
                   runs=5, steps=2500, step=0.02)
    assert e1["diverged"] == 0 and e1["repeated_filters"] >= 4
    two = A((3, 2), (2, 1))
    e2 = endpoints(two, synthetic_problem(two, seed=0, target=[1, 0.3, 0.2, 0.1, 1], noise=0.1),
                   runs=5, steps=2500, step=0.02)
    assert e2["diverged"] == 0 and e2["repeated_filters"] == 0
    assert max(e2["grad_norms"]) < 1e-6


def test_bad_input():
    arch = A((2, 2), (2, 1))
    ell = synthetic_problem(arch)
    with pytest.raises(ValueError):
        gradient_descent(arch, ell, step=-1)
    with pytest.raises(ValueError):
        gradient_descent(arch, ell, steps=1.5)
    with pytest.raises(ValueError):
        gradient_descent(arch, ell, init=[[1.0], [1.0, 2.0]])
    with pytest.raises(ValueError):
        synthetic_problem(arch, target=[1, 2])
    with pytest.raises(ValueError):
        numeric_loss(arch, np.zeros((2, 1)), np.zeros((1, 1)))


def test_diverges_for_huge_steps():
    arch = A((3, 2), (2, 1))
    run = gradient_descent(arch, synthetic_problem(arch), step=50.0, steps=200, seed=0, scale=3.0)
    assert run.diverged
