"""Hilbert data of ``R/J`` in one format, from a Gröbner basis or from a known numerator.

``hilbert_data`` reads it off the ideal (Singular); ``from_numerator`` builds the same dict
from ``h(z)`` in ``HS = h(z)/(1-z)^dim`` when a theorem gives ``h`` (Segre, Eagon–Northcott).

EXAMPLES::

    >>> from lcnalg import _sage; _sage.init()
    >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    >>> from sage.rings.rational_field import QQ
    >>> c0, c1, c2, c3 = PolynomialRing(QQ, "c0,c1,c2,c3").gens()
    >>> hilbert_data(c0.parent().ideal([c1*c2 - c0*c3])) == from_numerator([1, 1], 3)
    True
    >>> from_numerator([1, 1], 3)["hilbert_polynomial"]
    't^2 + 2*t + 1'
"""
from __future__ import annotations

__all__ = ["hilbert_data", "from_numerator", "degree"]


def hilbert_data(ideal) -> dict:
    """Dimension (affine), degree, Hilbert series ``h(z)/(1-z)^dim`` and Hilbert polynomial
    of ``R/ideal`` (a homogeneous ideal), by Singular."""
    hs = ideal.hilbert_series()
    z = hs.parent().gen()
    dim = int(ideal.dimension())
    h = hs * (1 - z) ** dim
    if h.denominator().degree() != 0:
        raise ArithmeticError(f"Hilbert series {hs} has an unexpected denominator")
    numerator = h.numerator() * h.denominator()(0) ** -1
    return {"dim": dim, "degree": int(numerator(1)),
            "hilbert_numerator": [int(a) for a in numerator.list()],
            "hilbert_series": str(hs), "hilbert_polynomial": str(ideal.hilbert_polynomial())}


def degree(ideal) -> int:
    """Degree of the variety of a homogeneous ideal."""
    return hilbert_data(ideal)["degree"]


def from_numerator(numerator, dim: int) -> dict:
    """The :func:`hilbert_data` dict of the Hilbert series ``h(z)/(1-z)^dim``,
    ``h = sum numerator[i] z^i`` (Hilbert polynomial ``sum_i h_i C(t - i + dim - 1, dim - 1)``)."""
    from sage.rings.integer_ring import ZZ
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    h = [int(a) for a in numerator]
    while len(h) > 1 and h[-1] == 0:
        h.pop()
    Z = PolynomialRing(ZZ, "t")
    z = Z.gen()
    series = Z(h) / (1 - z) ** dim
    T = PolynomialRing(QQ, "t")
    t = T.gen()
    if dim == 0:
        hp = T(0)
    else:
        hp = sum((hi * _binomial_poly(t - i + dim - 1, dim - 1) for i, hi in enumerate(h)), T(0))
    return {"dim": int(dim), "degree": sum(h), "hilbert_numerator": h,
            "hilbert_series": str(series), "hilbert_polynomial": str(hp)}


def _binomial_poly(x, k: int):
    """``C(x, k)`` as a polynomial in ``x``."""
    out = x.parent().one()
    for i in range(k):
        out *= (x - i) / (i + 1)
    return out
