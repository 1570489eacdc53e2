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
    from sage.arith.functions import lcm
    from sage.arith.misc import gcd
    if poly == 0:
        return poly
    poly = poly * lcm([c.denominator() for c in poly.coefficients()])
    poly = poly / gcd([c.numerator() for c in poly.coefficients()])
    return -poly if poly.lc() < 0 else poly
