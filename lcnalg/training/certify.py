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

__all__ = ["krawczyk", "box_points", "disjoint", "exact_real_count", "hessian_signature",
           "proved_classes"]


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
    from sage.rings.real_mpfi import RealIntervalField
    from sage.rings.real_mpfr import RealField
    from lcnalg.procs import call_with_time_limit
    RIF, RF = RealIntervalField(prec), RealField(prec)
    I = S.R.ideal(S.equations)

    def solve():  # boxes keyed by variable name: msolve's dicts do not survive pickling
        return [{str(x): sol[x] for x in S.vars} for sol in variety(I, RIF, proof=False)]
    sols = call_with_time_limit(solve, timeout, what)
    Fs, J, H = square_system(S)
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


def square_system(S):
    """``(F, J, H)``: the critical equations of the slice system ``S`` in ``(t, lam)`` alone
    (``z`` dropped: a square system), their Jacobian and the Hessian of the loss."""
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    R2 = PolynomialRing(QQ, [str(x) for x in S.vars])
    drop_z = S.R.hom(list(R2.gens()) + [R2(0)], R2)
    Fs = [drop_z(f) for f in S.F]
    J = [[f.derivative(x) for x in R2.gens()] for f in Fs]
    L = drop_z(S.L)
    H = [[L.derivative(x).derivative(y) for y in R2.gens()] for x in R2.gens()]
    return Fs, J, H


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
    from lcnalg.zerodim import mult_matrix, standard_monomials

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


def _nonzero_minor(rows, size: int, RIF) -> bool:
    """Whether some ``size x size`` minor of the interval matrix ``rows`` (lists of RIF) is
    proved nonzero: the rows and columns are chosen by pivoted QR at the centres, the
    determinant is evaluated in interval arithmetic."""
    import numpy as np
    from scipy.linalg import qr
    from sage.matrix.constructor import matrix
    if size == 0:
        return True
    A = np.array([[float(x.center()) for x in r] for r in rows])
    if A.shape[0] < size or A.shape[1] < size:
        return False
    _, _, pr = qr(A.T, pivoting=True)           # row pivots
    _, _, pc = qr(A[pr[:size]], pivoting=True)  # column pivots
    M = matrix(RIF, [[rows[i][j] for j in pc[:size]] for i in pr[:size]])
    return not M.det().contains_zero()


def proved_classes(arch, S, ell, box, jac_V, RIF) -> dict:
    """What interval arithmetic proves about the unique real critical point in ``box`` (RIF
    intervals of the slice coordinates of the :class:`lcnalg.training.slice.SliceSystem`
    ``S``): a dict with ``regular``, ``smooth``, ``interior``, ``spurious``,
    ``repeated_filters``, each True/False when proved and None when only the numerical
    classification speaks.

    * ``regular = True``: a ``dim M`` minor of the Jacobian of ``(t, lam) -> lam mu(v(t))``
      is nonzero on the box (rescaling orbits are transverse to the slice, so this is the
      rank of ``d mu``);
    * ``smooth = True``: a ``codim`` minor of the Jacobian of generators of an ideal
      ``J ⊆ I(V)`` is nonzero at ``u = mu(w)`` (rank ``>= codim`` forces a smooth point);
      always when ``V = C^n``;
    * ``interior = True``: ``M`` Zariski closed (the theorem of MATH.md §4.2), or regular
      and smooth (``mu`` is then open onto ``V(R)`` near ``u``);
    * ``spurious = False`` when regular and smooth (chain rule: ``grad ell(u)`` kills the
      image of ``d mu``, which is ``T_u V``); ``spurious = True`` when smooth and a
      ``codim + 1`` minor of ``[Jac J(u); grad ell(u)]`` is nonzero;
    * ``repeated_filters = False``: every Sylvester determinant of two layers' forms is
      nonzero on the box.

    Equalities (a double root, a rank drop) are never proved here: they stay None."""
    from sage.matrix.constructor import matrix
    from lcnalg.geometry.parameterization import upsample
    from lcnalg.geometry.zariski import criterion
    vals = list(box) + [RIF(0)]
    lam = box[-1]
    m = [mj(*vals) for mj in S.m]
    u = [lam * x for x in m]
    cols = [[lam * mj.derivative(t)(*vals) for mj in S.m] for t in S.tvars] + [m]
    Jslice = [[cols[c][r] for c in range(len(cols))] for r in range(arch.n)]
    regular = True if _nonzero_minor(Jslice, arch.dim, RIF) else None
    if jac_V is None:
        smooth = True
    else:
        Ju = [[g(*u) for g in row] for row in jac_V]
        smooth = True if _nonzero_minor(Ju, arch.codim, RIF) else None
    closed = criterion(arch)[0]
    interior = True if (closed or (regular and smooth)) else None
    spurious = None
    if regular and smooth:
        spurious = False
    elif smooth:
        grad = [2 * (sum(RIF(ell.Q[i][j]) * u[j] for j in range(arch.n)) - RIF(ell.b[i]))
                for i in range(arch.n)]
        rows = ([] if jac_V is None else [[g(*u) for g in row] for row in jac_V]) + [grad]
        if _nonzero_minor(rows, arch.codim + 1, RIF):
            spurious = True
    ws = S.filters_at({x: b for x, b in zip(S.vars, box)})
    polys = [upsample(w, Si, RIF(0)) for w, Si in zip(ws, arch.S)]
    apart = True
    for i in range(arch.L):
        for j in range(i + 1, arch.L):
            p, q = polys[i], polys[j]
            dp, dq = len(p) - 1, len(q) - 1
            N = dp + dq
            if N == 0:
                continue
            Syl = [[RIF(0)] * N for _ in range(N)]
            for r in range(dq):
                for c, x in enumerate(p):
                    Syl[r][r + c] = x
            for r in range(dp):
                for c, x in enumerate(q):
                    Syl[dq + r][r + c] = x
            if matrix(RIF, Syl).det().contains_zero():
                apart = False
    return {"regular": regular, "smooth": smooth, "interior": interior, "spurious": spurious,
            "repeated_filters": False if apart else None}
