"""Gap coordinates: the ``c_j`` that vanish identically on ``V`` (linear generators of ``I(V)``).

``mu^*(c_j)`` is a sum of monomials ``prod_i w_{i, j_i}`` with positive coefficients over the
multi-indices with ``sum_i j_i S_i = j`` (MATH.md §1), so it is zero exactly when no such
multi-index exists.  Engines split these off before any real work.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> split_gaps(Architecture((2, 2), (3, 1)))
    ([2], [0, 1, 3, 4])
    >>> tensor_index(Architecture((2, 2), (3, 1)))
    {(0, 0): 0, (1, 0): 1, (0, 1): 3, (1, 1): 4}
"""
from __future__ import annotations

import itertools

from lcnalg.geometry.architecture import Architecture

__all__ = ["split_gaps", "tensor_index", "gap_generators"]


def tensor_index(arch: Architecture) -> dict[tuple[int, ...], int]:
    """Multi-index ``(j_1..j_L)`` (``0 <= j_i < k_i``) -> exponent ``sum_i j_i S_i`` of its
    monomial in ``mu`` (injective exactly when the layers do not overlap)."""
    ranges = [range(ki) for ki in arch.k]
    return {js: sum(j * S for j, S in zip(js, arch.S))
            for js in itertools.product(*ranges[::-1]) for js in [js[::-1]]}


def split_gaps(arch: Architecture) -> tuple[list[int], list[int]]:
    """``(gaps, support)``: the indices ``j`` with ``mu^*(c_j) = 0`` and the others, sorted."""
    hit = {0}
    for ki, S in zip(arch.k, arch.S):  # sumset layer by layer: at most n elements
        hit = {h + j * S for h in hit for j in range(ki)}
    return ([j for j in range(arch.n) if j not in hit], sorted(hit))


def gap_generators(arch: Architecture, ring) -> list:
    """The gap coordinates as elements of ``ring`` (the coordinate ring ``QQ[c0..]``)."""
    return [ring.gen(j) for j in split_gaps(arch)[0]]
