"""Interior / boundary of ``M`` in ``V(R)`` at a point known numerically (a critical point:
algebraic, known in a certified box), by ball arithmetic (python-flint ``arb``/``acb``).

The input is the filters ``w`` (mpmath or float) and a radius ``rad``: every coefficient of
the true filters lies within ``rad`` of the given one.  The answer is ``certified`` when the
ball argument proves the root structure that the exact test (:mod:`lcnalg.geometry.interior`,
MATH.md §4.1-4.2) needs; otherwise :func:`interior_certified` returns ``None`` and the caller
falls back to a heuristic (labelled so).

* ``M`` Zariski closed (:func:`lcnalg.geometry.zariski.criterion`): interior, every point.
* stride-one: the roots of ``P`` isolated by ``acb_poly.roots`` (all simple; a root ball
  meeting the real line is real, being isolated and its conjugate a root); ``P`` is interior
  iff its number of real roots is ``>= m`` (odd layers).
* reduced top layer ``d_L`` odd, blocks filling, layers below Zariski closed: with ``low`` the
  end-to-end filter of the layers below and ``top = w_L``, if the balls prove that ``low`` has
  no complete ``S_L``-orbit of roots and no root ``z`` with ``z^{S_L}`` a root of ``top``, then
  ``T_{S_L}(P) = top`` exactly, of odd degree ``d_L`` with a (simple) real root: interior.

Multiple roots cannot be isolated (they may split): no certified answer.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> interior_certified(Architecture((2, 2)), [[1.0, -1.0], [1.0, -2.0]], 1e-12)
    (True, 'stride-one: 2 isolated real roots >= 2 odd layers')
    >>> interior_certified(Architecture((2, 2)), [[1.0, -1.0], [1.0, -1.0]], 1e-12) is None
    True
"""
from __future__ import annotations

from lcnalg.geometry.architecture import Architecture

__all__ = ["interior_certified", "isolated_roots"]


def _ball(x, rad):
    from flint import arb
    return arb(str(x) if not isinstance(x, float) else repr(x), rad)


def isolated_roots(coeffs, rad):
    """Isolating balls of all complex roots of ``sum c_j t^j`` (real ``c_j`` within ``rad``),
    proved for every polynomial in the coefficient balls, or ``None`` (a multiple root, the
    leading or constant coefficient possibly zero, or no convergence)."""
    from flint import acb_poly, acb
    cs = [_ball(c, rad) for c in coeffs]
    while len(cs) > 1 and cs[-1].is_zero():
        return None
    if len(cs) < 2:
        return []
    if 0 in cs[-1] or 0 in cs[0]:
        return None
    try:
        return list(acb_poly([acb(c) for c in cs]).roots(maxprec=2048))
    except (ValueError, ArithmeticError):
        return None


def _is_real(z) -> bool:
    """An isolated root ball of a real polynomial is real iff it meets the real line."""
    return 0 in z.imag


def _disjoint(a, b) -> bool:
    return not a.overlaps(b)


def _mu(arch, filters):
    from lcnalg.geometry.parameterization import mu_from_filters
    return mu_from_filters(arch, filters)


def interior_certified(arch: Architecture, filters, rad):
    """``(interior, reason)`` proved by ball arithmetic, or ``None`` (see the module
    docstring).  ``filters``: real numbers (mpmath / float), ``rad``: enclosure radius."""
    from lcnalg.geometry.zariski import criterion
    rad = float(rad)
    closed, how, _ = criterion(arch)
    if closed and how.startswith("theorem"):
        return True, f"M Zariski closed ({how}): M = V(R)"
    if arch.stride_one:
        roots = isolated_roots(_mu(arch, filters), rad * 4 * arch.n)
        if roots is None:
            return None
        r, m = sum(map(_is_real, roots)), sum(di % 2 for di in arch.d)
        word = ">=" if r >= m else "<"
        return r >= m, f"stride-one: {r} isolated real roots {word} {m} odd layers"
    red = arch.reduced()
    if not (red.L >= 2 and all(b.filling for b in arch.blocks()) and red.d[-1] % 2
            and criterion(Architecture(red.k[:-1], red.s[:-2] + (1,)))[0]):
        return None
    w_red, pos = [], 0
    for block in arch.blocks():
        w_red.append(_mu(block, filters[pos:pos + block.L]))
        pos += block.L
    low = _mu(Architecture(red.k[:-1], red.s[:-2] + (1,)), w_red[:-1])
    S = red.S[-1]
    big = rad * 4 * arch.n
    zs, vs = isolated_roots(low, big), isolated_roots(w_red[-1], big)
    if zs is None or vs is None:
        return None
    from flint import acb
    zeta = [acb.exp_pi_i(acb(2 * j) / S) for j in range(1, S)]
    for z in zs:
        if not all(_disjoint(z ** S, v) for v in vs):
            return None          # possibly a common hyperroot with the top layer
        if not any(all(_disjoint(q * z, y) for y in zs) for q in zeta):
            return None          # possibly a complete orbit: T larger than the top filter
    return True, (f"T_{S}(P) = top filter (balls: no complete orbit, no shared root), odd "
                  f"degree {red.d[-1]}, a simple real root; lower layers closed")
