"""Interval certification of real solutions of square polynomial systems.

:func:`krawczyk`: Krawczyk's test (interval Newton in Sage's ``RealIntervalField``) proves
that a box contains exactly one solution and that the Jacobian is invertible on it.

EXAMPLES::

    >>> from lcnalg import _sage; _sage.init()
    >>> from sage.rings.rational_field import QQ
    >>> from sage.rings.real_mpfi import RealIntervalField
    >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    >>> R = PolynomialRing(QQ, "x,y"); x, y = R.gens()
    >>> F = [x**2 + y**2 - 2, x - y]; J = [[f.derivative(v) for v in R.gens()] for f in F]
    >>> RIF = RealIntervalField(64)
    >>> krawczyk(F, J, [RIF(0.9, 1.1), RIF(0.9, 1.1)], RIF), krawczyk(F, J, [RIF(0.5, 0.6), RIF(0.5, 0.6)], RIF)
    (True, False)
"""
from __future__ import annotations

__all__ = ["krawczyk", "box_points", "disjoint", "exact_real_count", "hessian_signature"]


def krawczyk(F, J, box, RIF) -> bool:
    """Krawczyk's test: ``box`` (list of RIF intervals) contains exactly one zero of the square
    system ``F`` (polynomials; Jacobian ``J``) and ``J`` is non-singular on it."""
    from sage.matrix.constructor import matrix
    from sage.rings.real_mpfr import RealField
    RF = RealField(RIF.precision())
    n = len(box)
    mid = [RIF(x.center()) for x in box]
    Jmid = matrix(RF, [[RF(g(*[x.center() for x in box])) for g in row] for row in J])
    try:
        Y = Jmid.inverse()
    except ZeroDivisionError:
        return False
    Y = Y.change_ring(RIF)
    Fm = [f(*mid) for f in F]
    JX = matrix(RIF, [[g(*box) for g in row] for row in J])
    M = matrix.identity(RIF, n) - Y * JX
    K = []
    YF = Y * matrix(RIF, n, 1, Fm)
    for i in range(n):
        K.append(mid[i] - YF[i, 0] + sum(M[i, j] * (box[j] - mid[j]) for j in range(n)))
    return all(K[i].lower() > box[i].lower() and K[i].upper() < box[i].upper() for i in range(n))



def box_points(S, prec: int, timeout, what: str) -> list[dict]:
    """The real solutions of the rational slice system ``S`` (a
    :class:`lcnalg.training.slice.SliceSystem` over ``QQ``) by msolve's real root isolation
    (boxes at ``prec`` bits; msolve's parametrization is multi-modular: heuristic), each box
    inflated and tested by :func:`krawczyk` on the square system ``F`` in ``(t, lam)``.

    One dict per solution: ``center`` (``{var name: RealField value}``), ``box`` (float
    bounds of the inflated box), ``certified`` (Krawczyk passed and ``lam != 0`` on the box),
    ``interval`` (the inflated box, RIF), ``hessian`` (the Hessian kind of ``L`` in the slice
    coordinates proved on the box by :func:`hessian_signature`, or None); and the boxes must
    be pairwise disjoint for
    ``certified`` to mean distinct points (:func:`disjoint`)."""
    from sage.rings.polynomial.msolve import variety
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    from sage.rings.real_mpfi import RealIntervalField
    from sage.rings.real_mpfr import RealField
    from lcnalg.procs import call_with_time_limit
    RIF, RF = RealIntervalField(prec), RealField(prec)
    I = S.R.ideal(S.equations)

    def solve():  # boxes keyed by variable name: msolve's dicts do not survive pickling
        return [{str(x): sol[x] for x in S.vars} for sol in variety(I, RIF, proof=False)]
    sols = call_with_time_limit(solve, timeout, what)
    R2 = PolynomialRing(QQ, [str(x) for x in S.vars])
    drop_z = S.R.hom(list(R2.gens()) + [R2(0)], R2)
    Fs = [drop_z(f) for f in S.F]
    J = [[f.derivative(x) for x in R2.gens()] for f in Fs]
    L = drop_z(S.L)
    H = [[L.derivative(x).derivative(y) for y in R2.gens()] for x in R2.gens()]
    out = []
    for sol in sols:
        box = [sol[str(x)] for x in S.vars]
        # inflate the box a little so that the root is safely inside for Krawczyk
        rad = max([x.absolute_diameter() for x in box] + [RF(2) ** (-(prec // 2))])
        big = [RIF(x.center() - 4 * rad, x.center() + 4 * rad) for x in box]
        ok = krawczyk(Fs, J, big, RIF) and not big[-1].contains_zero()
        out.append({"center": {str(x): sol[str(x)].center() for x in S.vars},
                    "box": [[float(b.lower()), float(b.upper())] for b in big],
                    "interval": big, "certified": bool(ok),
                    "hessian": hessian_signature(H, big, RIF) if ok else None})
    return out


def disjoint(boxes) -> bool:
    """Whether the boxes (dicts with ``interval``: lists of RIF) are pairwise disjoint."""
    for i in range(len(boxes)):
        for j in range(i):
            if all(a.overlaps(b) for a, b in zip(boxes[i]["interval"], boxes[j]["interval"])):
                return False
    return True


def exact_real_count(S, timeout, what: str, tries: int = 3, seed: int = 0) -> int:
    """The number of real solutions of the rational slice system ``S``, exactly.

    Singular's ``std`` over ``QQ`` (exact: proves the system zero-dimensional), the matrix of
    multiplication by a random integer linear form ``l`` on ``QQ[x]/I``, its characteristic
    polynomial ``chi``; if ``chi`` is squarefree (``l`` separates the ``dim`` points, the
    ideal is radical) the real solutions correspond to the real roots of ``chi`` (a non-real
    solution and its conjugate are distinct, so ``l`` is non-real on them), counted exactly
    by Sturm sequences.  :class:`EngineError` if no form of ``tries`` separates."""
    import numpy as np
    from lcnalg.errors import EngineError
    from lcnalg.procs import call_with_time_limit
    from lcnalg.training.zerodim import mult_matrix, standard_monomials

    def count():
        I = S.R.ideal(S.equations)
        G = list(I.groebner_basis("libsingular:std"))
        basis = standard_monomials(S.R, G)
        if not basis:
            return 0
        rng = np.random.default_rng(seed)
        for _ in range(tries):
            form = sum(int(c) * x for c, x in zip(rng.integers(1, 20, S.R.ngens()), S.R.gens()))
            chi = mult_matrix(I, G, basis, form).charpoly()
            if chi.gcd(chi.derivative()).degree() == 0:
                return int(chi.number_of_real_roots())
        raise EngineError(f"{what}: no separating linear form in {tries} tries (not radical?)")
    return call_with_time_limit(count, timeout, what + " (exact real count)")


def hessian_signature(H, box, RIF) -> str | None:
    """The Hessian kind (``minimum`` / ``maximum`` / ``saddle``) at the unique solution in
    ``box``, proved for every point of the box: ``H`` is the symmetric matrix of polynomials
    (second derivatives), ``box`` a list of RIF intervals.  With ``V`` the (float, exact
    rational) eigenvectors of ``H`` at the centre, ``B = V^T H(box) V`` in interval
    arithmetic; if no Gershgorin disc of ``B`` contains 0, ``V`` is invertible and (Sylvester's
    law of inertia) the signs of the discs' centres are the signs of the eigenvalues of
    ``H(x)`` for every ``x`` in the box.  ``None`` when that does not separate.

    EXAMPLES::

        >>> from lcnalg import _sage; _sage.init()
        >>> from sage.rings.rational_field import QQ
        >>> from sage.rings.real_mpfi import RealIntervalField
        >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        >>> R = PolynomialRing(QQ, "x,y"); x, y = R.gens(); RIF = RealIntervalField(64)
        >>> H = [[R(2), y], [y, R(-1)]]
        >>> hessian_signature(H, [RIF(-0.1, 0.1), RIF(-0.1, 0.1)], RIF)
        'saddle'
        >>> hessian_signature([[R(2), y], [y, R(1)]], [RIF(-3, 3), RIF(-3, 3)], RIF) is None
        True
    """
    import numpy as np
    from sage.matrix.constructor import matrix
    n = len(box)
    centre = [b.center() for b in box]
    Hc = np.array([[float(h(*centre)) for h in row] for row in H], dtype=float)
    _, V = np.linalg.eigh(Hc)
    Vm = matrix(RIF, [[RIF(float(x)) for x in row] for row in V])
    Hb = matrix(RIF, [[RIF(h(*box)) for h in row] for row in H])
    B = Vm.transpose() * Hb * Vm
    signs = []
    for i in range(n):
        radius = sum((B[i, j].abs().upper() for j in range(n) if j != i), 0)
        lo, hi = B[i, i].lower() - radius, B[i, i].upper() + radius
        if lo > 0:
            signs.append(1)
        elif hi < 0:
            signs.append(-1)
        else:
            return None
    if all(s > 0 for s in signs):
        return "minimum"
    if all(s < 0 for s in signs):
        return "maximum"
    return "saddle"
