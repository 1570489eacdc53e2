"""Small helpers on Sage polynomials shared by the backends."""


def primitive(poly):
    """``poly`` scaled to coprime integer coefficients with a positive leading one.

    EXAMPLES::

        >>> from lcnalg import _sage; _sage.init()
        >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        >>> from sage.rings.rational_field import QQ
        >>> x, y = PolynomialRing(QQ, "x,y").gens()
        >>> primitive(-x/2 + 3*y/4)
        2*x - 3*y
    """
    import math
    if poly == 0:
        return poly
    coeffs = poly.coefficients()
    den = math.lcm(*(int(c.denominator()) for c in coeffs))
    num = math.gcd(*(int(c.numerator() * (den // int(c.denominator()))) for c in coeffs))
    if den == num == 1:
        return -poly if poly.lc() < 0 else poly
    scale = poly.base_ring()(den) / num
    return poly * (-scale if poly.lc() < 0 else scale)


def to_terms(poly) -> list[tuple[tuple[int, ...], str]]:
    """``poly`` as ``(exponents, coefficient text)`` pairs, to send from a forked child: unlike
    the polynomial's text, rebuilding it (:func:`from_terms`) does not go through Python's
    parser, which fails (RecursionError) on polynomials with very many terms.

    EXAMPLES::

        >>> from lcnalg import _sage; _sage.init()
        >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        >>> from sage.rings.rational_field import QQ
        >>> R = PolynomialRing(QQ, "x,y")
        >>> x, y = R.gens()
        >>> from_terms(R, to_terms(x**2/3 - 5*y)) == x**2/3 - 5*y
        True
    """
    return [(tuple(int(a) for a in e), str(c)) for e, c in poly.dict().items()]


def from_terms(ring, terms):
    """The polynomial of ``ring`` with these ``(exponents, coefficient text)`` terms."""
    K = ring.base_ring()
    return ring({e: K(c) for e, c in terms})
