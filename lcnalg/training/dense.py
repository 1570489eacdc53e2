"""Dense linear networks with as many parameters as an LCN (MATH.md §6, the dense comparison).
"""
from __future__ import annotations

from lcnalg.geometry.architecture import Architecture

__all__ = ["dense_parameters", "dense_architectures"]


# --- dense networks ----------------------------------------------------------------

def dense_parameters(widths) -> int:
    """Parameters of the dense linear network ``R^{n_0} -> ... -> R^{n_L}`` (no biases):
    ``sum_i n_i n_{i-1}``."""
    widths = list(widths)
    if len(widths) < 2 or any(not isinstance(x, int) or x < 1 for x in widths):
        raise ValueError(f"widths must be at least two positive integers, got {widths!r}")
    return sum(a * b for a, b in zip(widths, widths[1:]))


def dense_architectures(arch: Architecture) -> dict:
    """Dense linear networks with as many parameters as ``arch`` (``p = sum k_i``, counted by
    :func:`dense_parameters`), written as LCNs whose parameterization is the same map:

    * ``scalar``: widths ``(a, 1, ..., 1)`` (``L`` layers, scalar output like one output of
      the LCN), ``a = p - L + 1 = dim M``: same depth, rescaling symmetry and function-space
      dimension; its function space is all of ``R^a``.  As an LCN: ``k = (a, 1, ..., 1)``.
    * ``bottleneck``: widths ``(a, 1, b)``, ``a + b = p``, ``a = floor(p/2)``: rank-one
      ``b x a`` matrices; as an LCN ``k = (a, b), s = (a, 1)`` (no overlap: ``mu`` is the Segre
      map, the outer product).  Hidden widths > 1 have a ``GL`` symmetry: not covered.
    """
    p = sum(arch.k)
    a = p - (arch.L - 1)
    out = {"parameters": p, "scalar_widths": [a] + [1] * arch.L,
           "scalar": Architecture((a,) + (1,) * (arch.L - 1)), "bottleneck": None,
           "bottleneck_widths": None}
    if p >= 2:
        a2 = p // 2
        out["bottleneck_widths"] = [a2, 1, p - a2]
        out["bottleneck"] = Architecture((a2, p - a2), (a2, 1))
    for key in ("scalar", "bottleneck"):
        if out[key] is not None:
            assert dense_parameters(out[f"{key}_widths"]) == sum(out[key].k) == p
    return out


