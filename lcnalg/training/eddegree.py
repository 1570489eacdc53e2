"""The generic Euclidean distance degree of the Segre variety ``P^{d_1} x ... x P^{d_L}``.

By Shahverdi's theorem (MATH.md §6) it counts the complex critical points of a squared loss
on an LCN with filter sizes ``k_i = d_i + 1`` (any strides), for generic data.

For a smooth projective variety ``X`` of dimension ``m`` (Draisma–Horobeț–Ottaviani–
Sturmfels–Thomas)::

    gEDdeg(X) = sum_{i=0}^{m} (-1)^i (2^{m+1-i} - 1) deg c_i(X),

and for ``X = P^{d_1} x ... x P^{d_L}``: ``c(TX) = prod_j (1 + h_j)^{d_j + 1}``, so with
``a_j = d_j - b_j``::

    deg c_i = sum_{b, |b| = m - i} prod_j binom(d_j + 1, a_j) * (m - i)! / prod_j b_j!

(the coefficient of ``prod h_j^{d_j}`` in ``c_i * (h_1 + ... + h_L)^{m-i}``).  Everything is
an exact Python integer; the sum is built layer by layer (``O(L m^2)`` operations).

EXAMPLES::

    >>> from lcnalg.training.eddegree import ged_degree
    >>> ged_degree((2, 2)), ged_degree((2, 3)), ged_degree((3, 3)), ged_degree((2, 2, 2))
    (6, 10, 39, 34)
    >>> ged_degree((1, 4))          # a filter of size 1 is a point P^0: P^3 alone
    1
"""
from __future__ import annotations

import math

from lcnalg.geometry.architecture import ArchitectureError, int_tuple

__all__ = ["ged_degree", "chern_degrees", "segre_toric_matrix"]


def _sizes(k) -> tuple[int, ...]:
    """Filter sizes ``k`` (ints >= 1, or a string like ``"2,3"``) read by the architecture's
    parser; any number of layers, the sum at most 100000."""
    k = int_tuple("k", k)
    for i, ki in enumerate(k):
        if ki < 1:
            raise ArchitectureError(f"k[{i}] = {ki}: filter sizes must be >= 1")
    if sum(k) > 100_000:
        raise ArchitectureError(f"filter sizes {k} are too large (sum above 100000)")
    return k


def chern_degrees(k) -> list[int]:
    """``[deg c_0, ..., deg c_m]`` of the Segre variety ``P^{k_1-1} x ... x P^{k_L-1}``
    (``m = sum(k_i - 1)``), each against ``h^{m-i}`` for the Segre hyperplane class
    ``h = h_1 + ... + h_L``.  ``deg c_0`` is the degree of the Segre variety.

    EXAMPLES::

        >>> chern_degrees((2, 2))      # P^1 x P^1: a quadric surface, Euler characteristic 4
        [2, 4, 4]
    """
    d = [ki - 1 for ki in _sizes(k)]
    m = sum(d)
    # acc[B] = sum over (b_1..b_j) with sum B of prod binom(d_l + 1, d_l - b_l) * multinomial(b)
    acc = {0: 1}
    for dj in d:
        new: dict[int, int] = {}
        for B, val in acc.items():
            for b in range(dj + 1):
                term = val * math.comb(dj + 1, dj - b) * math.comb(B + b, b)
                new[B + b] = new.get(B + b, 0) + term
        acc = new
    # deg c_i is the entry with B = m - i
    return [acc.get(m - i, 0) for i in range(m + 1)]


def ged_degree(k) -> int:
    """The generic ED degree of ``P^{k_1-1} x ... x P^{k_L-1}`` by the Chern-class formula.

    ``k``: filter sizes (ints >= 1, or a string like ``"2,3"``).  Exact integer.

    EXAMPLES::

        >>> ged_degree("3,3")
        39
    """
    cs = chern_degrees(k)
    m = len(cs) - 1
    return sum((-1) ** i * (2 ** (m + 1 - i) - 1) * c for i, c in enumerate(cs))


def segre_toric_matrix(k) -> list[list[int]]:
    """The integer matrix ``A`` (rows) whose columns are the lattice points of the product of
    simplices ``Δ_{d_1} x ... x Δ_{d_L}``, with a last row of ones: ``X_A`` is the Segre
    variety (input of Macaulay2's ``ToricInvariants``).  Columns are in the order of the
    tuples ``(j_1, ..., j_L)``, ``0 <= j_i <= d_i``; row block ``i`` has ``d_i`` rows, the
    indicator of ``j_i`` with ``j_i = 0`` as the zero vector.

    EXAMPLES::

        >>> segre_toric_matrix((2, 2))
        [[0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 1, 1]]
    """
    import itertools
    d = [ki - 1 for ki in _sizes(k)]
    cols = []
    for js in itertools.product(*[range(di + 1) for di in d]):
        col = []
        for di, j in zip(d, js):
            col += [1 if j == t + 1 else 0 for t in range(di)]
        cols.append(col + [1])
    cols.sort(key=lambda c: list(reversed(c[:-1])))
    return [list(r) for r in zip(*cols)]
