"""Implicit bias (Gunasekar et al. 2018): full-width circular LCNs go to the l_{2/L} Fourier
problem's stationary points, fully connected networks to the SVM.  Floating-point experiments
on one seeded data set (D=10, N=8, seed 0); tolerances are in the assertions."""
import numpy as np
import pytest

from lcnalg.training.bias import (_dense_beta, _grads, angle, kkt_residual, lcn_forward,
                                  lcn_predictor, min_fourier_l1, separable_data, svm, train)

D, N, SEED = 10, 8, 0


@pytest.fixture(scope="module")
def data():
    X, y = separable_data(D=D, N=N, seed=SEED)
    return X, y, svm(X, y), min_fourier_l1(X, y)


@pytest.mark.parametrize("L", [1, 2, 3])
def test_the_network_computes_x_dot_beta(L):
    rng = np.random.default_rng(L)
    ws = [rng.standard_normal(D) for _ in range(L)]
    X = rng.standard_normal((5, D))
    assert np.allclose(lcn_forward(X, ws), X @ lcn_predictor(ws), rtol=1e-12, atol=1e-12)
    assert np.allclose(np.fft.fft(lcn_predictor(ws)), np.prod([np.fft.fft(w) for w in ws], axis=0))


@pytest.mark.parametrize("model", ["lcn", "dense"])
def test_gradients_by_finite_differences(model):
    rng = np.random.default_rng(0)
    params = ([rng.standard_normal(4) for _ in range(3)] if model == "lcn"
              else [rng.standard_normal((4, 4)) for _ in range(2)] + [rng.standard_normal(4)])
    beta_of = lcn_predictor if model == "lcn" else _dense_beta
    g, h = rng.standard_normal(4), 1e-6
    for i, dp in enumerate(_grads(model, params, g)):
        for idx in np.ndindex(params[i].shape):
            plus = [p.copy() for p in params]
            minus = [p.copy() for p in params]
            plus[i][idx] += h
            minus[i][idx] -= h
            fd = (g @ beta_of(plus) - g @ beta_of(minus)) / (2 * h)
            assert dp[idx] == pytest.approx(fd, rel=1e-6, abs=1e-8)


def test_convex_programs(data):
    X, y, b2, b1 = data
    for b in (b1, b2):
        assert min(y * (X @ b)) >= 1 - 1e-7
    assert np.linalg.norm(b2) <= np.linalg.norm(b1) + 1e-8          # each is optimal for its norm
    assert np.abs(np.fft.fft(b1)).sum() <= np.abs(np.fft.fft(b2)).sum() + 1e-8
    assert kkt_residual(b2, X, y, 2.0).residual < 1e-8
    assert kkt_residual(b1, X, y, 1.0).residual < 1e-4
    assert angle(b1, b2) > 20                                         # the contrast is visible


@pytest.mark.parametrize("loss", ["exponential", "logistic"])
def test_depth_two_lcn_goes_to_the_fourier_l1_solution_dense_to_the_svm(data, loss):
    X, y, b2, b1 = data
    lcn = train(X, y, depth=2, model="lcn", iterations=4000, step=0.2, seed=SEED, checkpoints=8, loss=loss)
    dense = train(X, y, depth=2, model="dense", iterations=4000, step=0.2, seed=SEED, checkpoints=8, loss=loss)
    a = lcn.angles_to(b1)
    assert a[-1] < 2.0 and a[-1] < a[-3] < a[-5], a                   # angle -> 0, still falling
    assert lcn.angles_to(b2)[-1] > 20
    assert dense.angles_to(b2)[-1] < 1.0 and dense.angles_to(b1)[-1] > 20


def test_depth_three_lcn_is_stationary_for_l_two_thirds_not_the_svm(data):
    X, y, b2, _ = data
    run = train(X, y, depth=3, model="lcn", iterations=2000, step=0.2, seed=SEED)
    k = kkt_residual(run.beta, X, y, 2 / 3)
    assert k.dof >= 1 and k.residual < 1e-3, k                        # not vacuous, and small
    assert kkt_residual(run.beta, X, y, 2.0).residual > 0.3
    assert angle(run.beta, b2) > 20


def test_bad_input():
    X, y = separable_data(D=4, N=3, seed=0)
    with pytest.raises(ValueError, match="labels"):
        svm(X, y[:2])
    with pytest.raises(ValueError, match="model"):
        train(X, y, model="cnn")
    with pytest.raises(ValueError, match="loss must be"):
        train(X, y, loss="hinge")
    with pytest.raises(ValueError, match="separate"):
        kkt_residual(-svm(X, y), X, y, 1.0)
    with pytest.raises(ValueError, match="D >= 2"):
        separable_data(D=1)


@pytest.mark.slow
@pytest.mark.parametrize("data_seed", range(10))
def test_over_ten_data_sets(data_seed):
    # dense -> SVM is fast everywhere; the LCN's angle to the Fourier-l1 solution keeps falling
    # on every data set, but slowly on some (e.g. 30 deg after 2e4 iterations on seed 4)
    X, y = separable_data(D=D, N=N, seed=data_seed)
    b2, b1 = svm(X, y), min_fourier_l1(X, y)
    dense = train(X, y, depth=2, model="dense", iterations=4000, step=0.2, seed=data_seed, checkpoints=4)
    assert dense.angles_to(b2)[-1] < 2.0
    lcn = train(X, y, depth=2, model="lcn", iterations=20000, step=0.2, seed=data_seed, checkpoints=12)
    a = lcn.angles_to(b1)[-5:]
    assert np.all(np.diff(a) < 0), a
