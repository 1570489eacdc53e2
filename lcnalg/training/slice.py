"""The critical equations of ``L = ell o mu`` on a gauge slice (MATH.md §6).

``L`` is invariant under ``w_i -> lambda_i w_i`` (``prod lambda_i = 1``).  The critical
points of an invariant function are the critical points of its restriction to a slice
transverse to the orbits.  With random linear forms ``l_i``::

    w_i = v_i with l_i(v_i) = 1  (i < L),   w_L = lam * v_L with l_L(v_L) = 1,   lam * z = 1,

so ``mu(w) = lam * mu(v)`` and the unknowns are ``k_i - 1`` affine coordinates ``t_i`` per
layer (``v_i = (1 - sum_j a_ij t_ij, t_i1, ...)``), ``lam`` and ``z``: ``dim M + 1`` of them.
``z`` excludes ``lam = 0``, i.e. ``mu(w) = 0``.  The equations are ``dL/dt / lam`` and
``dL/dlam / 2``.  Every critical orbit with all ``l_i(w_i) != 0`` meets the slice exactly
once; a random gauge misses an orbit with probability zero (not certified).

EXAMPLES::

    >>> from lcnalg import _sage; _sage.init()
    >>> from sage.rings.rational_field import QQ
    >>> from lcnalg.geometry.architecture import Architecture
    >>> arch = Architecture((2, 2), (2, 1))
    >>> S = SliceSystem(arch, [[int(i == j) for j in range(4)] for i in range(4)], [1, 0, 0, 0],
    ...                 [[1, 0], [1, 0]], QQ)
    >>> S.vars, len(S.equations)
    ([t1_1, t2_1, lam], 4)
"""
from __future__ import annotations

from fractions import Fraction

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import mu_from_filters

__all__ = ["SliceSystem", "random_gauge", "random_quadratic_mod_p"]


class SliceSystem:
    """Slice coordinates, filters and critical equations of ``ell o mu`` over ``field``
    (``ell(u) = u^T Q u - 2 b^T u``; ``gauge[i]`` the coefficients of ``l_i``)."""

    def __init__(self, arch: Architecture, Q, b, gauge, field):
        _sage.init()
        from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        self.arch = arch
        names = [f"t{i + 1}_{j}" for i, ki in enumerate(arch.k) for j in range(1, ki)]
        self.R = R = PolynomialRing(field, names + ["lam", "z"], order="degrevlex")
        gens = R.gens()
        self.tvars = list(gens[:-2])
        self.lam, self.z = gens[-2], gens[-1]
        self.vars = self.tvars + [self.lam]          # the slice coordinates
        self.v, pos = [], 0
        for i, ki in enumerate(arch.k):
            t = self.tvars[pos:pos + ki - 1]
            pos += ki - 1
            a = gauge[i]
            self.v.append([R(1) - sum((R(a[j]) * t[j - 1] for j in range(1, ki)), R(0))] + list(t))
        m = [R(x) for x in mu_from_filters(arch, self.v)]
        self.m = m
        n = arch.n
        q = sum(R(Q[i][j]) * m[i] * m[j] for i in range(n) for j in range(n))
        beta = sum(R(b[i]) * m[i] for i in range(n))
        lam = self.lam
        self.L = lam ** 2 * q - 2 * lam * beta           # the loss minus its constant
        self.F = [lam * q.derivative(t) - 2 * beta.derivative(t) for t in self.tvars] + [lam * q - beta]
        self.equations = self.F + [lam * self.z - 1]

    def filters_at(self, point) -> list:
        """The filters ``w_1..w_L`` (``w_L = lam * v_L``) at a point ``{var: value}``."""
        vals = [point[x] for x in self.vars]
        ws = [[f(*vals, 0) for f in vi] for vi in self.v]
        lam = vals[-1]
        ws[-1] = [lam * x for x in ws[-1]]
        return ws


def random_gauge(arch: Architecture, rng, field=None, high: int = 3) -> list[list]:
    """Per layer ``a_i`` with ``a_i[0] = 1``: the slice ``l_i(v) = v_0 + sum a_ij v_j = 1``;
    entries in the prime ``field``, or small integers when ``field`` is None (small
    coefficients keep exact computations over ``QQ`` cheap)."""
    out = []
    for ki in arch.k:
        if field is not None:
            out.append([1] + [field(int(x)) for x in rng.integers(1, field.characteristic(), ki - 1)])
        else:
            out.append([1] + [Fraction(int(p)) for p in rng.integers(-high, high + 1, ki - 1)])
    return out


def random_quadratic_mod_p(n: int, rng, F):
    """A random symmetric ``Q`` and ``b`` over the prime field ``F`` (a generic quadratic)."""
    Q = [[F(0)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            Q[i][j] = Q[j][i] = F(int(rng.integers(0, F.characteristic())))
    return Q, [F(int(x)) for x in rng.integers(0, F.characteristic(), n)]
