"""The parameterization ``mu``: layer filters -> end-to-end filter (MATH.md §1).

Two implementations that must agree:

* symbolic: a Sage ring map ``QQ[c0..c{n-1}] -> QQ[w1_0, ..., wL_{kL-1}]`` sending ``c_j``
  to the coefficient of ``x^{n-1-j} y^j`` in ``prod_i pi_{S_i}(w_i)``;
* numeric: numpy, by actually composing strided 1D convolutions
  ``(alpha_{w,s}(X))_j = sum_t w_t X_{j s + t}`` and reading off the end-to-end filter.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.parameterization import mu_polynomials
    >>> mu_polynomials(Architecture((2, 2), (2, 1)))
    [w1_0*w2_0, w1_1*w2_0, w1_0*w2_1, w1_1*w2_1]
"""
from __future__ import annotations

import numpy as np

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture


# --- symbolic ------------------------------------------------------------------

def coordinate_ring(arch: Architecture, base=None):
    """``base[c0..c{n-1}]`` (``base`` defaults to ``QQ``), degrevlex."""
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    return PolynomialRing(base or QQ, [f"c{j}" for j in range(arch.n)])


def parameter_names(arch: Architecture) -> list[str]:
    """Names ``wi_j`` (layer ``i`` from 1, coefficient ``j`` from 0) of the parameters."""
    return [f"w{i + 1}_{j}" for i, ki in enumerate(arch.k) for j in range(ki)]


def parameter_ring(arch: Architecture, base=None):
    """``base[w1_0, ..., wL_{kL-1}]`` (``base`` defaults to ``QQ``)."""
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    return PolynomialRing(base or QQ, parameter_names(arch))


def layer_variables(arch: Architecture, ring) -> list[list]:
    """The generators of ``ring`` (a parameter ring) grouped by layer."""
    gens, out, pos = ring.gens(), [], 0
    for ki in arch.k:
        out.append(list(gens[pos:pos + ki]))
        pos += ki
    return out


def upsample(w, S: int, zero=0) -> list:
    """Coefficients of ``w(t^S)``: ``w_j`` at position ``j S``, ``zero`` elsewhere.

    EXAMPLES::

        >>> upsample([1, 2, 3], 2)
        [1, 0, 2, 0, 3]
    """
    up = [zero] * ((len(w) - 1) * S + 1)
    for j, wj in enumerate(w):
        up[j * S] = wj
    return up


def mu_from_filters(arch: Architecture, filters) -> list:
    """End-to-end filter ``[c_0, ..., c_{n-1}]`` of filters given as lists of ring elements
    (or numbers): the coefficients of ``prod_i w_i(t^{S_i})`` in ``t = y/x``."""
    n = arch.n
    coeffs = None
    for w, Si in zip(filters, arch.S):
        up = upsample(w, Si)
        if coeffs is None:
            coeffs = up
            continue
        new = [0] * (len(coeffs) + len(up) - 1)
        for a, ca in enumerate(coeffs):
            if ca == 0:
                continue
            for b, ub in enumerate(up):
                if ub != 0:
                    new[a + b] += ca * ub
        coeffs = new
    assert len(coeffs) == n
    return coeffs


def mu_polynomials(arch: Architecture, ring=None) -> list:
    """The ``n`` polynomials ``mu^*(c_j)`` in the parameter ring."""
    ring = ring or parameter_ring(arch)
    return [ring(c) for c in mu_from_filters(arch, layer_variables(arch, ring))]


def parameterization_map(arch: Architecture, base=None):
    """The ring map ``base[c] -> base[w]``, ``c_j -> mu^*(c_j)``; its kernel is ``I(V_{k,s})``."""
    W = parameter_ring(arch, base)
    C = coordinate_ring(arch, base)
    return C.hom(mu_polynomials(arch, W), W)


def jacobian_matrix(arch: Architecture, ring=None):
    """The symbolic ``n x sum(k)`` Jacobian of ``mu`` (a Sage matrix over the parameter ring).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> jacobian_matrix(Architecture((2, 2), (2, 1)))
        [w2_0    0 w1_0    0]
        [   0 w2_0 w1_1    0]
        [w2_1    0    0 w1_0]
        [   0 w2_1    0 w1_1]
    """
    from sage.matrix.constructor import matrix
    ring = ring or parameter_ring(arch)
    return matrix(ring, [[f.derivative(v) for v in ring.gens()] for f in mu_polynomials(arch, ring)])


def jacobian_rank_mod_p(arch: Architecture, seed: int = 0, p: int = 1_000_003) -> int:
    """Rank of the Jacobian of ``mu`` at a random point, exactly over ``GF(p)``.

    It equals ``dim M`` unless the random point is unlucky (probability about
    ``dim/p``)."""
    _sage.init()
    from sage.rings.finite_rings.finite_field_constructor import GF
    from sage.matrix.constructor import matrix
    rng = np.random.default_rng(seed)
    F = GF(p)
    W = parameter_ring(arch, F)
    point = [F(int(x)) for x in rng.integers(0, p, size=W.ngens())]
    return matrix(F, [[entry(point) for entry in row] for row in jacobian_matrix(arch, W)]).rank()


# --- numeric -------------------------------------------------------------------

def convolve_strided(X: np.ndarray, w: np.ndarray, s: int) -> np.ndarray:
    """One layer: ``(alpha_{w,s}(X))_j = sum_t w_t X_{j s + t}`` for all ``j`` with the
    window inside ``X``.  ``X`` may have further (batch) axes after the first."""
    X = np.asarray(X)
    w = np.asarray(w)
    k = len(w)
    m = (X.shape[0] - k) // s + 1
    if m <= 0:
        raise ValueError(f"input of length {X.shape[0]} is shorter than the filter size {k}")
    out = np.zeros((m,) + X.shape[1:], dtype=np.result_type(X, w))
    for t, wt in enumerate(w):
        out += wt * X[t: t + (m - 1) * s + 1: s]
    return out


def network_forward(X: np.ndarray, filters, strides) -> np.ndarray:
    """Apply the layers one after another (layer 1 first)."""
    for w, s in zip(filters, strides):
        X = convolve_strided(X, w, s)
    return X


def end_to_end_filter(arch: Architecture, filters) -> np.ndarray:
    """The end-to-end filter of real filters, read off from an actual composition of
    strided convolutions applied to the standard basis of a long enough input."""
    n, stride = arch.n, arch.stride
    length = n + stride  # two outputs: the second one checks the end-to-end stride
    basis = np.eye(length)
    out = network_forward(basis, [np.asarray(w, dtype=float) for w in filters], arch.s)
    return out[0, :n].copy()


def mu_numeric(arch: Architecture, filters) -> np.ndarray:
    """``mu`` of real filters by polynomial multiplication (fast; same as the composition)."""
    u = np.ones(1)
    for w, Si in zip(filters, arch.S):
        u = np.convolve(u, np.array(upsample(np.asarray(w, dtype=float), Si, 0.0)))
    return u


def jacobian_numeric(arch: Architecture, filters) -> np.ndarray:
    """The ``n x sum(k)`` Jacobian of ``mu`` at real filters."""
    filters = [np.asarray(w, dtype=float) for w in filters]
    cols = []
    for i, (w, ki) in enumerate(zip(filters, arch.k)):
        for j in range(ki):
            e = np.zeros(ki)
            e[j] = 1.0
            cols.append(mu_numeric(arch, filters[:i] + [e] + filters[i + 1:]))
    return np.column_stack(cols)


def random_filters(arch: Architecture, rng: np.random.Generator) -> list[np.ndarray]:
    """Standard Gaussian filters, one per layer."""
    return [rng.standard_normal(ki) for ki in arch.k]


def split_parameters(arch: Architecture, theta) -> list[np.ndarray]:
    """Split a flat parameter vector into the layer filters."""
    theta = np.asarray(theta)
    out, pos = [], 0
    for ki in arch.k:
        out.append(theta[pos:pos + ki])
        pos += ki
    return out
