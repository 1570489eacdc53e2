"""Named catalogues of architectures for the result tables.

A catalogue is a deterministic list of :class:`~lcnalg.geometry.architecture.Architecture`:
ordered by number of layers, then filter sizes, then strides; the last stride is
always 1 (it changes the end-to-end stride, not the function space, MATH.md §1).

* ``small``: ``L <= 2``, ``2 <= k_i <= 3``, first stride ``1..3``, plus the worked
  cases of MATH.md §8 (for tests and quick runs; 16 architectures).
* ``default``: ``L <= 3``, ``2 <= k_i <= 4``, strides ``1..3`` on the first ``L-1``
  layers (273 architectures).
* ``large``: ``L <= 4``, ``2 <= k_i <= 4``, strides ``1..3``, together with ``L <= 2``,
  ``2 <= k_i <= 6``, first stride ``1..4`` (2535 architectures).

EXAMPLES::

    >>> from lcnalg.tables.catalogue import catalogue
    >>> len(catalogue("small")), len(catalogue("default"))
    (16, 273)
    >>> catalogue("small")[:3]
    [Architecture(k=(2,), s=(1,)), Architecture(k=(3,), s=(1,)), Architecture(k=(2, 2), s=(1, 1))]
"""
from __future__ import annotations

import itertools

from lcnalg.geometry.architecture import Architecture

#: The worked cases of MATH.md §8.
WORKED_CASES = (
    ((3, 2), (2, 1)), ((2, 2, 2), (1, 2, 1)), ((2, 2), (2, 1)), ((3, 3), (2, 1)),
    ((2, 2, 2), (2, 2, 1)), ((3, 3), (3, 1)), ((2, 2), (1, 1)),
)


def grid(max_layers: int, sizes, strides) -> list[Architecture]:
    """All architectures with ``1 <= L <= max_layers``, every ``k_i`` in ``sizes``, every
    ``s_i`` (``i < L``) in ``strides`` and ``s_L = 1``."""
    out = []
    for L in range(1, max_layers + 1):
        for k in itertools.product(sorted(sizes), repeat=L):
            for s in itertools.product(sorted(strides), repeat=L - 1):
                out.append(Architecture(k, s + (1,)))
    return out


def _sort_key(a: Architecture):
    return (a.L, a.k, a.s)


def _union(*lists) -> list[Architecture]:
    return sorted(set(itertools.chain(*lists)), key=_sort_key)


def _small() -> list[Architecture]:
    return _union(grid(2, range(2, 4), range(1, 4)),
                  [Architecture(k, s) for k, s in WORKED_CASES])


def _default() -> list[Architecture]:
    return _union(grid(3, range(2, 5), range(1, 4)))


def _large() -> list[Architecture]:
    return _union(grid(4, range(2, 5), range(1, 4)), grid(2, range(2, 7), range(1, 5)))


def _atlas() -> list[Architecture]:
    return _union(grid(4, range(2, 6), range(1, 4)))


CATALOGUES = {"small": _small, "default": _default, "large": _large, "atlas": _atlas}


def catalogue_names() -> list[str]:
    """The known catalogue names."""
    return list(CATALOGUES)


def catalogue(name: str = "default") -> list[Architecture]:
    """The architectures of the catalogue ``name`` (see the module docstring)."""
    try:
        make = CATALOGUES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown catalogue {name!r}; known: {', '.join(CATALOGUES)}") from None
    return make()
