"""2D strided convolutions and their parameterization ``mu`` (MATH.md §1 and §7, D = 2).

Layer ``i`` has a filter ``w_i`` of shape ``(k_i1, k_i2)`` and strides ``(s_i1, s_i2)``:
``(alpha(X))_{j1,j2} = sum_{t1,t2} w_{t1,t2} X_{j1 s_i1 + t1, j2 s_i2 + t2}``.  Identify ``w_i`` with
the bivariate polynomial ``sum w_{t1,t2} x^{t1} y^{t2}``; the composition is one convolution
whose filter ``u = mu(w)`` is the coefficient array of ``prod_i w_i(x^{S_i1}, y^{S_i2})`` with
accumulated strides ``S_i = s_1 ... s_{i-1}`` per axis, of shape ``n = 1 + sum (k_i - 1) S_i``.
:func:`end_to_end_filter` reads ``u`` off an actual composition, the definition to check against.

EXAMPLES::

    >>> import numpy as np
    >>> from lcnalg.geometry.conv2d import Conv2dArchitecture
    >>> A = Conv2dArchitecture(k=((2, 2), (2, 2)), s=(2, 1))
    >>> A.n, A.S
    ((4, 4), ((1, 1), (2, 2)))
    >>> rng = np.random.default_rng(0)
    >>> w = [rng.standard_normal(k) for k in A.k]
    >>> bool(np.allclose(A.mu(w), A.end_to_end_filter(w)))
    True
"""
from __future__ import annotations

import numpy as np
from scipy.signal import convolve2d

__all__ = ["Conv2dArchitecture", "convolve2d_strided", "network_forward_2d"]


def _pair(value, what, i):
    v = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(v) != 2 or not all(isinstance(x, (int, np.integer)) and x >= 1 for x in v):
        raise ValueError(f"{what}[{i}] = {value!r}: expected a positive integer or a pair of them")
    return tuple(int(x) for x in v)


class Conv2dArchitecture:
    """A 2D LCN: filter shapes ``k`` (pairs) and strides ``s`` (ints or pairs, per layer)."""

    def __init__(self, k, s=None):
        k = tuple(_pair(x, "k", i) for i, x in enumerate(k))
        s = tuple(_pair(x, "s", i) for i, x in enumerate(s if s is not None else [1] * len(k)))
        if not k or len(k) != len(s):
            raise ValueError(f"k and s need the same positive number of layers, got {len(k)} and {len(s)}")
        self.k, self.s = k, s
        S, acc = [], (1, 1)
        for si in s:
            S.append(acc)
            acc = (acc[0] * si[0], acc[1] * si[1])
        self.S = tuple(S)
        self.stride = acc
        self.n = tuple(1 + sum((ki[a] - 1) * Si[a] for ki, Si in zip(k, self.S)) for a in (0, 1))

    def __repr__(self):
        return f"Conv2dArchitecture(k={self.k}, s={self.s})"

    def __eq__(self, other):
        return isinstance(other, Conv2dArchitecture) and (self.k, self.s) == (other.k, other.s)

    def __hash__(self):
        return hash((self.k, self.s))

    @property
    def L(self) -> int:
        return len(self.k)

    @property
    def shapes(self) -> list[tuple[int, int]]:
        """The filter shapes (used by :mod:`lcnalg.training.flow`)."""
        return list(self.k)

    def _check(self, filters):
        filters = [np.asarray(w, dtype=float) for w in filters]
        if [w.shape for w in filters] != list(self.k):
            raise ValueError(f"filters must have shapes {list(self.k)}, got {[w.shape for w in filters]}")
        return filters

    def mu(self, filters) -> np.ndarray:
        """The end-to-end filter: coefficients of ``prod_i w_i(x^{S_i1}, y^{S_i2})``, shape ``n``."""
        u = np.ones((1, 1))
        for w, Si in zip(self._check(filters), self.S):
            up = np.zeros(((w.shape[0] - 1) * Si[0] + 1, (w.shape[1] - 1) * Si[1] + 1))
            up[::Si[0], ::Si[1]] = w
            u = convolve2d(u, up)
        return u

    def jacobian(self, filters) -> np.ndarray:
        """``D mu`` as an ``(n1 n2) x sum(k_i1 k_i2)`` matrix (filters and ``u`` flattened
        row-major); ``mu`` is multilinear, so each column is ``mu`` with one basis filter."""
        filters = self._check(filters)
        cols = []
        for i, w in enumerate(filters):
            for e in np.eye(w.size):
                cols.append(self.mu(filters[:i] + [e.reshape(w.shape)] + filters[i + 1:]).ravel())
        return np.column_stack(cols)

    def end_to_end_filter(self, filters) -> np.ndarray:
        """``u`` read off the composition of the strided convolutions on basis images (with
        two outputs per axis, so the end-to-end stride is exercised too)."""
        n1, n2 = self.n
        m1, m2 = n1 + self.stride[0], n2 + self.stride[1]
        basis = np.eye(m1 * m2).reshape(m1, m2, m1 * m2)
        out = network_forward_2d(basis, self._check(filters), self.s)
        return out[0, 0].reshape(m1, m2)[:n1, :n2].copy()


def convolve2d_strided(X: np.ndarray, w: np.ndarray, s=(1, 1)) -> np.ndarray:
    """One 2D layer ``(alpha(X))_{j1,j2} = sum w_{t1,t2} X_{j1 s1 + t1, j2 s2 + t2}`` over the
    windows inside ``X``; ``X`` may have batch axes after the first two."""
    X, w = np.asarray(X), np.asarray(w)
    s = _pair(s, "s", 0)
    m = [(X.shape[a] - w.shape[a]) // s[a] + 1 for a in (0, 1)]
    if min(m) <= 0:
        raise ValueError(f"input of shape {X.shape[:2]} is smaller than the filter {w.shape}")
    out = np.zeros(tuple(m) + X.shape[2:], dtype=np.result_type(X, w))
    for (t1, t2), wt in np.ndenumerate(w):
        out += wt * X[t1: t1 + (m[0] - 1) * s[0] + 1: s[0], t2: t2 + (m[1] - 1) * s[1] + 1: s[1]]
    return out


def network_forward_2d(X: np.ndarray, filters, strides) -> np.ndarray:
    """Apply the 2D layers one after another (layer 1 first)."""
    for w, s in zip(filters, strides):
        X = convolve2d_strided(X, w, s)
    return X
