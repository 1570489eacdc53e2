"""The dense comparison (MATH.md §6): critical points of dense linear networks with as many
parameters as an LCN, computed by solving, and checked against Eckart–Young.

A dense linear network ``R^{a_0} -> R^{a_1} -> ... -> R^{a_L}`` has ``sum a_i a_{i+1}``
parameters (:func:`dense_parameters`) and the function space of ``a_L x a_0`` matrices of
rank ``<= r = min_i a_i``.  For data ``(X, Y)`` the loss ``||W X - Y||^2`` is an ED problem
for the metric ``X X^T``; after ``W -> W (X X^T)^{1/2}`` it is Frobenius distance to a matrix
of rank ``min(a_0, a_L)``, so (Eckart–Young) the critical points of rank exactly ``r`` number
``C(min(a_0, a_L), r)`` (:func:`eckart_young`), one per choice of ``r`` singular values.

Which widths (:func:`dense_widths`): the count depends only on ``(a_0, a_L, r)``, and any
network with those end widths and bottleneck ``r`` has at least ``r (a_0 + a_L)``
parameters; so among dense networks with ``p = sum k_i`` parameters the most critical points
come from two layers ``(a_0, r, a_L)`` with ``r (a_0 + a_L) = p``, ``a_0 = floor(p / 2r)``:
we take the ``r`` (dividing ``p``) that maximizes ``C(a_0, r)`` — the comparison most
favourable to dense networks.  For ``p <= 12`` (the default catalogue) that is ``r = 1``,
widths ``(floor(p/2), 1, ceil(p/2))`` and ``floor(p/2)`` critical points.

:func:`dense_count` solves: ``W = A B``, ``B = [I_r | B']`` (a slice of the ``GL_r``
symmetry), unknowns ``A`` (``a_L x r``), ``B'`` and ``z`` with ``z det(C A) = 1`` (rank
``r``; ``C`` random), equations ``dL/dA = dL/dB' = 0``, random data over ``GF(p)``, solutions
counted by msolve (probabilistic).

EXAMPLES::

    >>> dense_widths(6), eckart_young([3, 1, 3])
    ([3, 1, 3], 3)
    >>> dense_count([3, 1, 3], seed=0)["complex"]
    3
"""
from __future__ import annotations

import math
import time

import numpy as np

__all__ = ["dense_parameters", "dense_widths", "eckart_young", "dense_count"]


def dense_parameters(widths) -> int:
    """Parameters of the dense linear network ``R^{n_0} -> ... -> R^{n_L}`` (no biases):
    ``sum_i n_i n_{i-1}``."""
    widths = list(widths)
    if len(widths) < 2 or any(not isinstance(x, int) or x < 1 for x in widths):
        raise ValueError(f"widths must be at least two positive integers, got {widths!r}")
    return sum(a * b for a, b in zip(widths, widths[1:]))


def eckart_young(widths) -> int:
    """``C(min(a_0, a_L), r)``, ``r = min`` of the widths: critical points of rank exactly
    ``r`` of ``||W X - Y||^2`` for generic data."""
    dense_parameters(widths)
    return math.comb(min(widths[0], widths[-1]), min(widths))


def dense_widths(p: int) -> list[int]:
    """The two-layer widths ``(a_0, r, a_L)`` with ``r (a_0 + a_L) = p`` maximizing the
    Eckart–Young count (ties: the smaller ``r``); ``p >= 2``."""
    if not isinstance(p, int) or p < 2:
        raise ValueError(f"the parameter count must be an integer >= 2, got {p!r}")
    best = None
    for r in range(1, p + 1):
        if p % r or (p // r) // 2 < r:
            continue
        a0 = (p // r) // 2
        w = [a0, r, p // r - a0]
        if best is None or eckart_young(w) > eckart_young(best):
            best = w
    return best


def dense_count(widths, seed: int = 0, timeout: float | None = None, prime: int | None = None) -> dict:
    """Complex critical points of rank ``r`` of ``||A B X - Y||^2`` for random data over
    ``GF(prime)``, modulo ``GL_r``, for two-layer ``widths = (a_0, r, a_L)``, counted by
    msolve.  Keys: ``complex``, ``distinct``, ``eckart_young``, ``agrees``, ``widths``,
    ``parameters``, ``seed``, ``seconds``, ``certified`` (False: random data)."""
    from lcnalg import _sage
    from lcnalg.procs import call_with_time_limit
    from lcnalg.zerodim import PRIME, msolve_count
    widths = list(widths)
    dense_parameters(widths)
    if len(widths) != 3 or widths[1] > min(widths[0], widths[2]):
        raise ValueError(f"dense_count takes two-layer widths (a_0, r, a_L) with r <= a_0, a_L, got {widths!r}")
    _sage.init()
    from sage.matrix.constructor import matrix
    from sage.rings.finite_rings.finite_field_constructor import GF
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    start = time.perf_counter()
    a0, r, aL = widths
    F = GF(prime or PRIME)
    rng = np.random.default_rng(seed)
    rand = lambda *shape: matrix(F, *shape, [int(x) for x in rng.integers(0, F.characteristic(), shape[0] * shape[1])])  # noqa: E731
    N = a0 + aL
    X, Y, C = rand(a0, N), rand(aL, N), rand(r, aL)
    names = [f"a{i}_{j}" for i in range(aL) for j in range(r)] + \
            [f"b{i}_{j}" for i in range(r) for j in range(a0 - r)] + ["z"]
    R = PolynomialRing(F, names, order="degrevlex")
    g = R.gens()
    A = matrix(R, aL, r, g[:aL * r])
    Bp = matrix(R, r, a0 - r, g[aL * r: aL * r + r * (a0 - r)])
    B = matrix.identity(R, r).augment(Bp) if a0 > r else matrix.identity(R, r)
    E = A * B * X.change_ring(R) - Y.change_ring(R)
    loss = sum(e ** 2 for e in E.list())
    unknowns = list(g[:aL * r + r * (a0 - r)])
    eqs = [loss.derivative(x) for x in unknowns] + [g[-1] * (C.change_ring(R) * A).det() - 1]

    c = call_with_time_limit(lambda: msolve_count(eqs, None, f"dense count for {widths}"), timeout,
                             f"dense count for {widths}")
    ey = eckart_young(widths)
    return {"complex": c["dimension"], "distinct": c["distinct"], "eckart_young": ey,
            "agrees": c["dimension"] == ey, "widths": widths, "parameters": dense_parameters(widths),
            "seed": seed, "seconds": round(time.perf_counter() - start, 4), "certified": False}
