"""The squared loss of an LCN as a quadratic in the end-to-end filter (MATH.md §6).

Training data ``(X, Y)`` (input signals as columns of ``X``, targets as columns of ``Y``) give
``L(w) = ||net_w(X) - Y||^2``; the network is one convolution with the end-to-end filter
``u = mu(w)``, so ``L = ell(u)`` with ``ell(u) = u^T Q u - 2 b^T u + c``, ``Q = sum P P^T``
and ``b = sum y P`` over the input patches ``P`` (:func:`patches`, :func:`loss_from_data`).

:class:`QuadraticLoss` holds ``Q, b, c`` exactly (``Fraction``) and has a float view
(:meth:`QuadraticLoss.numeric`, cached) for evaluation, gradients and descent.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> arch = Architecture((2, 2), (2, 1))
    >>> ell = loss_from_data(arch, [[1], [0], [0], [0], [1], [0]], [[1], [0]])
    >>> ell([1, 0, 0, 0]), ell.gradient([0, 0, 0, 0]).tolist()
    (0.0, [-2.0, 0.0, 0.0, 0.0])
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import mu_numeric, network_forward

__all__ = ["QuadraticLoss", "patches", "output_length", "loss_from_data", "numeric_loss",
           "network_loss", "random_training_data", "random_quadratic", "loss_gradient"]


@dataclass(frozen=True)
class QuadraticLoss:
    """``ell(u) = u^T Q u - 2 b^T u + c``: exact rational (``Fraction``) entries, with a cached
    float view for numerics."""

    Q: tuple
    b: tuple
    c: Fraction = Fraction(0)

    def __post_init__(self):
        n = len(self.b)
        if n == 0 or len(self.Q) != n or any(len(row) != n for row in self.Q):
            raise ValueError(f"Q must be a square matrix matching b of length {n}")
        if any(self.Q[i][j] != self.Q[j][i] for i in range(n) for j in range(i)):
            raise ValueError("Q must be symmetric")

    @property
    def n(self) -> int:
        return len(self.b)

    @cached_property
    def _float(self):
        return (np.array([[float(x) for x in row] for row in self.Q]),
                np.array([float(x) for x in self.b]), float(self.c))

    def numeric(self):
        """``(Q, b, c)``: the float view, as numpy arrays (computed once)."""
        return self._float

    def __call__(self, u) -> float:
        Q, b, c = self._float
        u = np.asarray(u, dtype=float)
        return float(u @ Q @ u - 2 * b @ u + c)

    def gradient(self, u) -> np.ndarray:
        """``2 (Q u - b)`` (float)."""
        Q, b, _ = self._float
        return 2 * (Q @ np.asarray(u, dtype=float) - b)

    def minimizer(self) -> np.ndarray:
        """``Q^{-1} b``: the unconstrained minimum in function space."""
        Q, b, _ = self._float
        return np.linalg.solve(Q, b)

    def is_positive_definite(self) -> bool:
        """Exactly, by the signs of the pivots of Gaussian elimination (Fraction arithmetic)."""
        n = self.n
        A = [list(row) for row in self.Q]
        for i in range(n):
            if A[i][i] <= 0:
                return False
            for r in range(i + 1, n):
                f = A[r][i] / A[i][i]
                for col in range(i, n):
                    A[r][col] -= f * A[i][col]
        return True

    def scaled(self, factor) -> "QuadraticLoss":
        f = Fraction(factor)
        return QuadraticLoss(tuple(tuple(f * x for x in row) for row in self.Q),
                             tuple(f * x for x in self.b), f * self.c)


def _fraction_array(A, name: str) -> np.ndarray:
    A = np.asarray(A, dtype=object)
    if A.ndim == 1:
        A = A[:, None]
    if A.ndim != 2:
        raise ValueError(f"{name} must be a 1- or 2-dimensional array (signal x samples)")
    out = np.empty(A.shape, dtype=object)
    for idx, x in np.ndenumerate(A):
        if isinstance(x, (float, np.floating)):
            if not math.isfinite(x):
                raise ValueError(f"{name} has a non-finite entry {x}")
            out[idx] = Fraction(float(x))
        else:
            try:
                out[idx] = Fraction(x)
            except (TypeError, ValueError):
                raise ValueError(f"{name} has a non-numeric entry {x!r}") from None
    return out


def output_length(arch: Architecture, length: int) -> int:
    """Number of outputs of the network on a signal of ``length`` samples (0 if too short)."""
    m = length
    for ki, si in zip(arch.k, arch.s):
        if m < ki:
            return 0
        m = (m - ki) // si + 1
    return m


def patches(arch: Architecture, X) -> np.ndarray:
    """The input windows of the end-to-end convolution, one row per (output, sample):
    shape ``(outputs * samples, n)``, output-major (all samples of output 0 first)."""
    X = np.asarray(X)
    m = output_length(arch, X.shape[0])
    n, stride = arch.n, arch.stride
    return np.concatenate([X[j * stride: j * stride + n].T for j in range(m)], axis=0)


def loss_from_data(arch: Architecture, X, Y, mean: bool = False) -> QuadraticLoss:
    """The squared loss ``sum ||net_w(X) - Y||^2`` of the strided LCN ``arch`` as an exact
    quadratic in the end-to-end filter (``mean``: divided by the number of outputs).
    ``X``: ``(length, samples)`` input signals (or one signal), ``Y``: ``(outputs, samples)``
    targets.  Integer, ``Fraction`` or float entries (floats are taken exactly).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> ell = loss_from_data(Architecture((2, 2), (2, 1)), [[1], [0], [0], [0], [1], [0]], [[1], [0]])
        >>> ell.n, ell.Q[0][0], ell.b[0]
        (4, Fraction(1, 1), Fraction(1, 1))
    """
    X = _fraction_array(X, "X")
    Y = _fraction_array(Y, "Y")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"X has {X.shape[1]} samples but Y has {Y.shape[1]}")
    m = output_length(arch, X.shape[0])
    if m == 0:
        raise ValueError(f"signals of length {X.shape[0]} are shorter than the receptive field n={arch.n}")
    if Y.shape[0] != m:
        raise ValueError(f"Y must have {m} rows (the network's outputs on length {X.shape[0]}), "
                         f"got {Y.shape[0]}")
    P = patches(arch, X)
    y = np.concatenate([Y[j] for j in range(m)])
    f = Fraction(1, len(y)) if mean else Fraction(1)
    Q, b, c = P.T @ P, P.T @ y, y @ y
    n = arch.n
    return QuadraticLoss(tuple(tuple(f * Q[i, j] for j in range(n)) for i in range(n)),
                         tuple(f * x for x in b), f * c)


def numeric_loss(arch: Architecture, X, Y, mean: bool = True) -> QuadraticLoss:
    """:func:`loss_from_data` of float data, by default as a mean squared error."""
    return loss_from_data(arch, X, Y, mean=mean)


def network_loss(arch: Architecture, filters, X, Y) -> float:
    """``sum ||net_w(X) - Y||^2`` by running the actual strided network (float)."""
    out = network_forward(np.asarray(X, dtype=float).reshape(len(X), -1),
                          [np.asarray(w, dtype=float) for w in filters], arch.s)
    Y = np.asarray(Y, dtype=float).reshape(out.shape)
    return float(np.sum((out - Y) ** 2))


def random_training_data(arch: Architecture, seed: int = 0, samples: int | None = None,
                         length: int | None = None, high: int = 3):
    """Seeded integer training data ``(X, Y)`` in ``[-high, high]``, with enough patches
    (at least ``2n``) for a positive definite ``Q`` (generic, not certified: check with
    :meth:`QuadraticLoss.is_positive_definite`)."""
    rng = np.random.default_rng(seed)
    n, stride = arch.n, arch.stride
    length = length or n + 2 * stride
    m = output_length(arch, length)
    if m == 0:
        raise ValueError(f"signal length {length} is shorter than the receptive field n={n}")
    samples = samples or max(1, -(-2 * n // m))
    X = rng.integers(-high, high + 1, size=(length, samples))
    Y = rng.integers(-high, high + 1, size=(m, samples))
    return X, Y


def random_quadratic(n: int, seed: int = 0, high: int = 5) -> QuadraticLoss:
    """A seeded generic positive definite quadratic: ``Q = A^T A + I / 2`` (``A`` random
    integers in ``[-high, high]``), ``b`` random rationals ``p/q``; exact."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    A = rng.integers(-high, high + 1, size=(n, n)).tolist()
    Q = [[Fraction(sum(A[r][i] * A[r][j] for r in range(n))) + (Fraction(1, 2) if i == j else 0)
          for j in range(n)] for i in range(n)]
    b = [Fraction(int(p), int(q)) for p, q in zip(rng.integers(-9, 10, n), rng.integers(1, 6, n))]
    return QuadraticLoss(tuple(map(tuple, Q)), tuple(b), Fraction(0))


def loss_gradient(arch: Architecture, ell: QuadraticLoss, filters) -> list[np.ndarray]:
    """The gradient of ``L = ell o mu`` at real filters, one array per layer:
    ``dL/dw_i[j] = sum_m g_m rest_i[m - j S_i]``, ``g = grad ell(mu(w))``, ``rest_i`` the
    end-to-end filter of the other layers (:func:`mu_numeric` with ``w_i`` replaced by 1)."""
    filters = [np.asarray(w, dtype=float) for w in filters]
    g = ell.gradient(mu_numeric(arch, filters))
    grads = []
    for i, Si in enumerate(arch.S):
        rest = mu_numeric(arch, [np.ones(1) if j == i else w for j, w in enumerate(filters)])
        grads.append(np.correlate(g, rest, mode="valid")[::Si].copy())
    return grads
