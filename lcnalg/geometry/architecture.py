"""Architectures of 1D linear convolutional networks.

An architecture is a pair ``(k, s)`` of filter sizes and strides.  Layer ``i``
has ``d_i = k_i - 1`` and accumulated stride ``S_i = s_1 ... s_{i-1}``; the
end-to-end filter has size ``n = 1 + sum d_i S_i`` (MATH.md §1).

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> A = Architecture((3, 2), (2, 1))
    >>> A
    Architecture(k=(3, 2), s=(2, 1))
    >>> A.n, A.dim, A.codim, A.S
    (5, 4, 1, (1, 2))
    >>> A.stride_one, A.thick, A.is_reduced
    (False, False, True)
    >>> Architecture.parse("2,2,2", "1,2,1").reduced()
    Architecture(k=(3, 2), s=(2, 1))
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Iterable

#: The largest end-to-end filter size accepted.  Symbolic work beyond a few
#: dozen coordinates is hopeless anyway; this bound only stops absurd input
#: (e.g. a typo like ``k=300000``) before it allocates anything.
MAX_N = 4096
#: The largest number of layers accepted.
MAX_LAYERS = 64


class ArchitectureError(ValueError):
    """Invalid filter sizes or strides (the message names the field and the value)."""


def int_tuple(field: str, values) -> tuple[int, ...]:
    """``values`` (a sequence of integers, or a string ``"3,2"``) as a tuple of ints;
    :class:`ArchitectureError` naming ``field`` for anything else (bools, floats, empty).

    EXAMPLES::

        >>> int_tuple("k", " 3, 2"), int_tuple("k", [3, 2])
        ((3, 2), (3, 2))
        >>> int_tuple("k", "3,x")
        Traceback (most recent call last):
        ...
        lcnalg.geometry.architecture.ArchitectureError: k has a non-integer entry 'x' in '3,x'
    """
    if isinstance(values, str):
        text = values.strip()
        if not text:
            raise ArchitectureError(f"{field} is empty")
        parts = [p.strip() for p in text.split(",")]
        out = []
        for p in parts:
            try:
                out.append(int(p))
            except ValueError:
                raise ArchitectureError(f"{field} has a non-integer entry {p!r} in {values!r}") from None
        values = out
    try:
        values = list(values)
    except TypeError:
        raise ArchitectureError(f"{field} must be a sequence of integers, got {values!r}") from None
    if not values:
        raise ArchitectureError(f"{field} is empty")
    out = []
    for v in values:
        if isinstance(v, bool):
            raise ArchitectureError(f"{field} has a non-integer entry {v!r}")
        try:
            out.append(operator.index(v))
        except TypeError:
            raise ArchitectureError(f"{field} has a non-integer entry {v!r}") from None
    return tuple(out)


@dataclass(frozen=True)
class Architecture:
    """A 1D LCN architecture: filter sizes ``k`` and strides ``s`` (default all ones)."""

    k: tuple[int, ...]
    s: tuple[int, ...]

    def __init__(self, k: Iterable[int] | str, s: Iterable[int] | str | None = None):
        k = int_tuple("k", k)
        s = (1,) * len(k) if s is None else int_tuple("s", s)
        if len(k) != len(s):
            raise ArchitectureError(f"k and s have different lengths: k={k} has {len(k)}, s={s} has {len(s)}")
        if len(k) > MAX_LAYERS:
            raise ArchitectureError(f"k has {len(k)} layers, above the limit MAX_LAYERS={MAX_LAYERS}")
        for i, ki in enumerate(k):
            if ki < 1:
                raise ArchitectureError(f"k[{i}] = {ki}: filter sizes must be >= 1")
        for i, si in enumerate(s):
            if si < 1:
                raise ArchitectureError(f"s[{i}] = {si}: strides must be >= 1")
        object.__setattr__(self, "k", k)
        object.__setattr__(self, "s", s)
        # n grows like the product of strides: check without building huge ints twice
        n = 1
        S = 1
        for ki, si in zip(k, s):
            n += (ki - 1) * S
            if n > MAX_N:
                raise ArchitectureError(
                    f"k={k}, s={s}: end-to-end filter size n exceeds the limit MAX_N={MAX_N}")
            S *= si

    @classmethod
    def parse(cls, k: str, s: str | None = None) -> "Architecture":
        """Parse comma-separated filter sizes and strides, e.g. ``parse("3,2", "2,1")``."""
        return cls(k, s)

    def __repr__(self) -> str:
        return f"Architecture(k={self.k}, s={self.s})"

    def __str__(self) -> str:
        return f"k=({','.join(map(str, self.k))}) s=({','.join(map(str, self.s))})"

    @property
    def label(self) -> str:
        """A compact, file-name-safe label such as ``k3-2_s2-1``."""
        return "k" + "-".join(map(str, self.k)) + "_s" + "-".join(map(str, self.s))

    # --- derived numbers -------------------------------------------------
    @property
    def L(self) -> int:
        """Number of layers."""
        return len(self.k)

    @property
    def d(self) -> tuple[int, ...]:
        """Degrees ``d_i = k_i - 1`` of the layer filters as binary forms."""
        return tuple(ki - 1 for ki in self.k)

    @property
    def S(self) -> tuple[int, ...]:
        """Accumulated strides ``S_1 = 1``, ``S_i = s_1 ... s_{i-1}``."""
        out, acc = [], 1
        for si in self.s:
            out.append(acc)
            acc *= si
        return tuple(out)

    @property
    def n(self) -> int:
        """Size of the end-to-end filter, ``1 + sum d_i S_i``."""
        return 1 + sum(di * Si for di, Si in zip(self.d, self.S))

    @property
    def stride(self) -> int:
        """End-to-end stride ``s_1 ... s_L``."""
        return math.prod(self.s)

    @property
    def dim(self) -> int:
        """Dimension of the function space: ``sum k_i - (L - 1)`` [theorem]."""
        return sum(self.k) - (self.L - 1)

    @property
    def codim(self) -> int:
        """Codimension ``n - dim`` of the neurovariety in ``C^n``."""
        return self.n - self.dim

    @property
    def multinomial(self) -> int:
        """``(sum d_i)! / prod d_i!``: the degree of the Segre variety, ``deg V * deg mu``."""
        return math.factorial(sum(self.d)) // math.prod(math.factorial(di) for di in self.d)

    @property
    def deg_mu(self) -> int:
        """``deg mu`` [theorem]: the product over the stride-one blocks of their multinomials
        ``(sum d_i)! / prod d_i!``; so ``deg V`` is the reduced architecture's multinomial.

        *Proof.*  In the reduced architecture every stride but the last is ``>= 2`` and every
        layer is the product of a block, a generic polynomial of its degree.  With first stride
        ``S >= 2``, the phases ``P_r = A_r Q`` of ``P = w_1(t) Q(t^S)`` have the generic (so
        coprime) phases ``A_r`` of ``w_1`` as cofactors, so ``Q`` is their gcd up to a scalar
        and ``w_1`` follows; by induction on the layers the fibre of the reduced architecture
        is one point modulo rescaling.  A block's generic polynomial has distinct roots, shared
        among its layers in ``(sum d_i)! / prod d_i!`` ways.

        EXAMPLES::

            >>> Architecture((2, 2), (1, 1)).deg_mu, Architecture((3, 3, 3), (2, 1, 1)).deg_mu
            (2, 6)
            >>> a = Architecture((2, 2, 2), (1, 2, 1)); a.multinomial // a.deg_mu  # deg V
            3
        """
        return math.prod(b.multinomial for b in self.blocks())

    # --- classes ---------------------------------------------------------
    @property
    def stride_one(self) -> bool:
        """All strides but the last are 1."""
        return all(si == 1 for si in self.s[:-1])

    @property
    def thick(self) -> bool:
        """The function space is full-dimensional (``dim == n``)."""
        return self.dim == self.n

    @property
    def filling(self) -> bool:
        """The function space is all of ``R^n``: thick and at most one ``d_i`` odd [theorem]."""
        return self.thick and sum(di % 2 for di in self.d) <= 1

    @property
    def is_reduced(self) -> bool:
        """No two neighbouring layers are joined by stride 1 (``s_1..s_{L-1} > 1``)."""
        return all(si > 1 for si in self.s[:-1])

    @property
    def non_overlapping(self) -> bool:
        """``k_i <= s_i`` for all ``i < L``: the monomials of the layers never overlap, so
        ``mu`` is an injective linear image of the Segre map (``V`` is a Segre variety)."""
        return all(ki <= si for ki, si in zip(self.k[:-1], self.s[:-1]))

    def reduced(self) -> "Architecture":
        """Merge each pair of neighbours joined by stride 1 (same Zariski closure) [theorem]."""
        return Architecture(*zip(*[(b.n, b.s[-1]) for b in self.blocks()]))

    def blocks(self) -> tuple["Architecture", ...]:
        """The maximal runs of layers joined by stride 1, each as a stride-one architecture
        (inner strides 1, last stride that of the run's last layer)."""
        out, start = [], 0
        for i, si in enumerate(self.s):
            if si != 1 or i == self.L - 1:
                out.append(Architecture(self.k[start:i + 1], self.s[start:i + 1]))
                start = i + 1
        return tuple(out)

    def to_dict(self) -> dict:
        return {"k": list(self.k), "s": list(self.s)}

    def summary(self) -> dict:
        """The cheap facts, as the JSON keys of ``lcnalg describe``."""
        red = self.reduced()
        return {
            "k": list(self.k), "s": list(self.s), "n": self.n, "stride": self.stride,
            "dim": self.dim, "codim": self.codim, "stride_one": self.stride_one,
            "thick": self.thick, "filling": self.filling, "reduced": self.is_reduced,
            "reduced_architecture": red.to_dict(),
        }
