"""Implicit bias of gradient descent on full-width circular LCNs (Gunasekar–Lee–Soudry–Srebro
2018; MATH.md §7).

A full-width circular LCN of depth ``L`` on inputs ``x in R^D``: layers ``h_l = h_{l-1} * w_l``
(circular cross-correlation with a filter of length ``D``, ``h_0 = x``) for ``l < L`` and output
``<h_{L-1}, w_L>``; it computes ``<x, beta>`` with ``beta = w_1 (*) ... (*) w_L`` (circular
convolution), i.e. ``F beta = prod_l F w_l``.  Trained by gradient descent on linearly separable
data with the exponential loss, ``beta(t)/||beta(t)||`` converges to a first-order stationary
point of ``min ||F beta||_{2/L}  s.t.  y_n <x_n, beta> >= 1`` (``L = 2``: the convex
``sum_f |(F beta)_f|``, a second-order cone program); a fully connected linear network goes to
the l2 max-margin (SVM) direction instead.

Both convex programs are solved by Clarabel (an interior point conic solver).  Runs are
floating-point experiments: results carry ``seed``, tolerances and ``kind``.

EXAMPLES::

    >>> from lcnalg.training.bias import separable_data, svm, min_fourier_l1
    >>> X, y = separable_data(D=6, N=4, seed=0)
    >>> b2, b1 = svm(X, y), min_fourier_l1(X, y)
    >>> bool(min(y * (X @ b2)) > 1 - 1e-6), bool(min(y * (X @ b1)) > 1 - 1e-6)
    (True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["separable_data", "lcn_predictor", "lcn_forward", "svm", "min_fourier_l1",
           "angle", "kkt_residual", "KKTResidual", "train", "BiasRun", "KIND"]

KIND = "numerical experiment"


def separable_data(D: int = 8, N: int = 6, seed: int = 0, frequency: int = 1):
    """Seeded Gaussian inputs ``X`` (``N x D``) labelled by a teacher with a single Fourier
    frequency (``cos(2 pi frequency j / D)``), so the data are linearly separable."""
    if D < 2 or N < 1:
        raise ValueError(f"need D >= 2 and N >= 1, got D={D!r}, N={N!r}")
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    teacher = np.cos(2 * np.pi * frequency * np.arange(D) / D)
    y = np.sign(X @ teacher)
    y[y == 0] = 1.0
    return X, y


def lcn_predictor(filters) -> np.ndarray:
    """``beta = w_1 (*) ... (*) w_L`` (circular convolution), the end-to-end linear predictor."""
    return np.real(np.fft.ifft(np.prod([np.fft.fft(w) for w in filters], axis=0)))


def lcn_forward(X, filters) -> np.ndarray:
    """The network itself on the rows of ``X``: circular cross-correlations, then ``<., w_L>``."""
    h = np.atleast_2d(np.asarray(X, dtype=float))
    for w in filters[:-1]:
        h = sum(wt * np.roll(h, -t, axis=1) for t, wt in enumerate(w))  # h[j + t mod D]
    return h @ filters[-1]


def _check_data(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],) or not np.all(np.abs(y) == 1):
        raise ValueError(f"expected X of shape (N, D) and labels y in {{-1, 1}} of length N, "
                         f"got X {X.shape}, y {y.shape}")
    return X, y


def _clarabel(P, q, A, b, cones):
    import clarabel
    from scipy import sparse
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = 1e-10
    sol = clarabel.DefaultSolver(sparse.csc_matrix(P), q, sparse.csc_matrix(A), b, cones, settings).solve()
    if str(sol.status) not in ("Solved", "AlmostSolved"):
        raise RuntimeError(f"Clarabel: {sol.status} (are the data linearly separable?)")
    return np.array(sol.x)


def svm(X, y) -> np.ndarray:
    """The hard-margin SVM ``argmin ||beta||^2 s.t. y_n <x_n, beta> >= 1`` (no bias term)."""
    import clarabel
    X, y = _check_data(X, y)
    N, D = X.shape
    return _clarabel(np.eye(D), np.zeros(D), -y[:, None] * X, -np.ones(N), [clarabel.NonnegativeConeT(N)])


def _half_spectrum(D):
    """Frequencies ``0..D//2`` with weights 1 or 2 (conjugate pairs have equal moduli)."""
    f = np.arange(D // 2 + 1)
    return f, np.where((f == 0) | (2 * f == D), 1.0, 2.0)


def min_fourier_l1(X, y) -> np.ndarray:
    """``argmin sum_f |(F beta)_f| s.t. y_n <x_n, beta> >= 1`` as a second-order cone program:
    variables ``(beta, t_0..t_{D//2})``, cones ``t_f >= ||(Re, Im)(F beta)_f||``."""
    import clarabel
    X, y = _check_data(X, y)
    N, D = X.shape
    f, weight = _half_spectrum(D)
    F = np.exp(-2j * np.pi * np.outer(f, np.arange(D)) / D)
    m = len(f)
    q = np.concatenate([np.zeros(D), weight])
    rows = [np.hstack([-y[:, None] * X, np.zeros((N, m))])]
    for i in range(m):
        block = np.zeros((3, D + m))
        block[0, D + i] = -1.0
        block[1, :D], block[2, :D] = -F[i].real, -F[i].imag
        rows.append(block)
    A = np.vstack(rows)
    b = np.concatenate([-np.ones(N), np.zeros(3 * m)])
    cones = [clarabel.NonnegativeConeT(N)] + [clarabel.SecondOrderConeT(3)] * m
    return _clarabel(np.zeros((D + m, D + m)), q, A, b, cones)[:D]


def angle(a, b) -> float:
    """The angle between two vectors, in degrees."""
    c = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.degrees(np.arccos(np.clip(c, -1.0, 1.0))))


@dataclass
class KKTResidual:
    """First-order stationarity of a direction for the ``l_p`` Fourier problem: ``residual``
    (relative), the number of support vectors and of support frequencies, and ``dof`` = support
    frequencies (real dimensions) minus support vectors: the check is vacuous unless ``dof > 0``."""

    residual: float
    p: float
    support_vectors: int
    support_size: int
    sv_tol: float
    support_tol: float
    kind: str = KIND

    @property
    def dof(self) -> int:
        return self.support_size - self.support_vectors

    def __repr__(self):
        return (f"<KKTResidual ({self.kind}) p={self.p:g}: {self.residual:.1e} with "
                f"{self.support_vectors} support vectors, {self.support_size} frequencies>")


def kkt_residual(beta, X, y, p: float, sv_tol: float = 1e-2, support_tol: float = 1e-3) -> KKTResidual:
    """Relative first-order stationarity residual of ``beta`` for
    ``min sum_f |(F beta)_f|^p s.t. y_n <x_n, beta> >= 1`` (``p = 2/L``; ``p = 2``: the SVM).

    ``beta`` is scaled to minimal margin 1; support vectors are the margins ``<= 1 + sv_tol``.
    The condition is ``p |b_f|^{p-2} b_f = (F z)_f / D`` (``b = F beta``, ``z = sum alpha_n y_n x_n``,
    ``alpha >= 0`` on the support vectors) for all ``f`` when ``p > 1``, and on the support
    ``S = {f : |b_f| >= support_tol * max |b|}`` when ``p <= 1`` (for ``p < 1`` it is vacuous off
    ``S``; for ``p = 1`` the dual bound ``|(F z)_f| <= D`` off ``S`` is not checked).  The residual
    is ``min_alpha ||r_S|| / ||lhs_S||`` (nonnegative least squares)."""
    from scipy.optimize import nnls
    X, y = _check_data(X, y)
    beta = np.asarray(beta, dtype=float)
    margins = y * (X @ beta)
    if margins.min() <= 0:
        raise ValueError("beta does not separate the data (some y_n <x_n, beta> <= 0)")
    beta, margins = beta / margins.min(), margins / margins.min()
    D = len(beta)
    b = np.fft.fft(beta)
    S = np.abs(b) >= support_tol * np.abs(b).max() if p <= 1 else np.ones(D, dtype=bool)
    lhs = p * np.abs(b[S]) ** (p - 2) * b[S]
    sv = margins <= 1 + sv_tol
    G = (np.fft.fft(y[sv, None] * X[sv], axis=1).T / D)[S]       # columns: (F y_n x_n)_S / D
    _, res = nnls(np.vstack([G.real, G.imag]), np.concatenate([lhs.real, lhs.imag]))
    return KKTResidual(float(res / np.linalg.norm(lhs)), float(p), int(sv.sum()), int(S.sum()),
                       sv_tol, support_tol)


@dataclass
class BiasRun:
    """One gradient descent run: ``iterations`` checkpoints with the direction ``beta/||beta||``
    at each (rows of ``directions``), ``log`` of the loss there, and the final ``beta``."""

    model: str
    depth: int
    iterations: np.ndarray
    directions: np.ndarray
    losses: np.ndarray
    beta: np.ndarray
    seed: int
    step: float
    kind: str = KIND
    meta: dict = field(default_factory=dict)

    def angles_to(self, target) -> np.ndarray:
        """Angle (degrees) between the direction at each checkpoint and ``target``."""
        return np.array([angle(d, target) for d in self.directions])

    def __repr__(self):
        return (f"<BiasRun ({self.kind}) {self.model} L={self.depth}: {int(self.iterations[-1])} "
                f"iterations, log loss {self.losses[-1]:.1f}, seed {self.seed}>")


def _dense_beta(Ws):
    beta = Ws[-1]
    for W in Ws[-2::-1]:
        beta = W.T @ beta
    return beta


def _grads(model, params, g):
    """Gradients of ``<g, beta(params)>`` (``g = d loss / d beta``)."""
    if model == "lcn":
        hats = [np.fft.fft(w) for w in params]
        ghat = np.fft.fft(g)
        out = []
        for i in range(len(params)):
            others = np.prod([h for j, h in enumerate(hats) if j != i], axis=0)
            out.append(np.real(np.fft.ifft(ghat * np.conj(others))))
        return out
    # dense: beta = W_1^T ... W_{L-1}^T w_L; f(x) = w_L^T W_{L-1} ... W_1 x
    L = len(params)
    fwd = [g]
    for W in params[:-1]:
        fwd.append(W @ fwd[-1])                      # W_l ... W_1 g
    back = [params[-1]]
    for W in params[-2:0:-1]:
        back.append(W.T @ back[-1])                  # W_{l+1}^T ... W_{L-1}^T w_L
    back = back[::-1]
    return [np.outer(back[l], fwd[l]) for l in range(L - 1)] + [fwd[-1]]


def train(X, y, depth: int = 2, model: str = "lcn", iterations: int = 20000, step: float = 0.1,
          seed: int = 0, init_scale: float = 0.1, checkpoints: int = 40,
          max_norm: float = 1e100, loss: str = "exponential") -> BiasRun:
    """Gradient descent on the exponential loss ``ell = mean_n exp(-y_n <x_n, beta>)`` (or, with
    ``loss='logistic'``, ``mean_n log(1 + exp(-y_n <x_n, beta>))``) for a
    full-width circular LCN (``model='lcn'``) or a fully connected linear network with ``D x D``
    layers (``model='dense'``), with the growing step
    ``eta_t = step / (ell(t) * max(1, ||beta(t)||)^(2 - 2/L))``: ``1/ell`` as in normalized gradient
    descent (with a fixed step the direction converges like ``1/log t``), the norm factor keeps
    it stable as the layers grow (the curvature scales like ``||w||^(2L-2)``).  Computed without
    underflow; stops early once ``||beta|| > max_norm``.  Records the direction and ``log ell``
    at ``checkpoints`` log-spaced iterations."""
    X, y = _check_data(X, y)
    if model not in ("lcn", "dense"):
        raise ValueError(f"model must be 'lcn' or 'dense', got {model!r}")
    if loss not in ("exponential", "logistic"):
        raise ValueError(f"loss must be 'exponential' or 'logistic', got {loss!r}")
    if not (isinstance(depth, int) and depth >= 1):
        raise ValueError(f"depth must be an integer >= 1, got {depth!r}")
    D = X.shape[1]
    rng = np.random.default_rng(seed)
    if model == "lcn":
        params = [init_scale * rng.standard_normal(D) for _ in range(depth)]
        beta_of = lcn_predictor
    else:
        params = [init_scale * rng.standard_normal((D, D)) for _ in range(depth - 1)]
        params.append(init_scale * rng.standard_normal(D))
        beta_of = _dense_beta
    marks = set(np.unique(np.geomspace(1, iterations, checkpoints).astype(int)).tolist())
    its, dirs, losses = [], [], []
    for t in range(1, iterations + 1):
        beta = beta_of(params)
        if not np.all(np.isfinite(beta)):
            raise FloatingPointError(f"gradient descent diverged at iteration {t}: lower step={step!r}")
        if np.linalg.norm(beta) > max_norm:          # the direction is all that is left to learn
            marks.add(t)
        m = y * (X @ beta)
        e = np.exp(-(m - m.min()))                   # exp(-m_n) / exp(-min m)
        if loss == "exponential":
            scaled = e                               # ell / exp(-min m), per sample
            g = -(X.T @ (y * e)) / scaled.sum()      # grad ell / ell
        else:                                        # log(1 + z), z = exp(-m), scaled alike
            z = np.exp(-m)
            scaled = e * np.where(z < 1e-8, 1 - z / 2, np.log1p(z) / np.where(z > 0, z, 1.0))
            g = -(X.T @ (y * e / (1 + z))) / scaled.sum()
        eta = step / max(1.0, float(np.linalg.norm(beta))) ** (2 - 2 / depth)
        params = [p - eta * d for p, d in zip(params, _grads(model, params, g))]
        if t in marks:
            its.append(t)
            dirs.append(beta / np.linalg.norm(beta))
            losses.append(float(np.log(scaled.mean()) - m.min()))
            if np.linalg.norm(beta) > max_norm:
                break
    return BiasRun(model, depth, np.array(its), np.array(dirs), np.array(losses), beta_of(params),
                   seed, step, meta={"init_scale": init_scale, "loss": loss,
                                     "losses": "log of the mean exponential loss"})
