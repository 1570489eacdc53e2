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
