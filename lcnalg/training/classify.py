"""Classification of a real critical point of ``L = ell o mu`` (MATH.md §6).

Numerical, at the working precision :data:`PREC` (quantities below :data:`ZERO_TOL` relative
are taken as zero), on a point given by its slice coordinates (:mod:`lcnalg.training.slice`):

- ``hessian``: minimum / maximum / saddle / degenerate, from the eigenvalues of the Hessian
  of ``L`` in the slice coordinates ``(t, lam)``;
- ``regular``: the Jacobian of ``mu`` at ``w`` has rank ``dim M``;
- ``smooth``: ``mu(w)`` is a smooth point of ``V`` (Jacobian criterion on the generators of
  ``I(V)``; always when ``V = C^n``);
- ``interior``: ``mu(w)`` is an interior point of ``M`` relative to ``V(R)``: true when ``w``
  is regular and ``mu(w)`` smooth (then ``mu`` is a submersion onto a neighbourhood);
  otherwise, for stride-one architectures, by roots (:func:`interior_by_roots`), else by
  exact membership of nearby points (:func:`interior_by_sampling`), or ``None``;
- ``repeated_filters``: ``gcd(pi_{S_i}(w_i), pi_{S_j}(w_j)) != 1`` for some ``i < j``
  (shared hyperroots), by the smallest singular value of the Sylvester matrix;
- ``spurious``: ``grad ell(mu(w))`` is not orthogonal to the (Zariski) tangent space
  ``T_u V`` (``mu(w)`` is not critical for ``ell`` on ``M``);
- ``pure``: ``regular`` and ``smooth`` and ``interior``.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> interior_by_roots(Architecture((2, 2), (1, 1)), [1.0, 0.0, -1.0])   # x^2 - y^2
    True
    >>> interior_by_roots(Architecture((2, 2), (1, 1)), [1.0, 0.0, 1.0])    # x^2 + y^2
    False
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import mu_from_filters, mu_numeric, upsample
from lcnalg.procs import call_with_time_limit

__all__ = ["CriticalPoint", "classify", "interior_by_roots", "interior_by_sampling",
           "neurovariety_jacobian", "mp_context", "ZERO_TOL", "PREC"]

#: Relative size below which a quantity counts as zero in the numerical classification.
ZERO_TOL = 1e-30
#: Working precision (bits) of the real solutions and their classification.
PREC = 256


@dataclass
class CriticalPoint:
    """A real critical point of ``ell o mu`` (one rescaling orbit) and its classification."""

    filters: list                 # balanced representative: all ||w_i|| equal (floats)
    u: list                       # mu(w)
    loss: float                   # ell(u) (including the constant)
    hessian: str                  # "minimum" | "maximum" | "saddle" | "degenerate"
    eigenvalues: list             # of the Hessian in the slice coordinates (t, lam)
    regular: bool
    smooth: bool
    interior: bool | None
    repeated_filters: bool
    spurious: bool
    certified: bool               # Krawczyk: the box holds exactly one, non-degenerate, solution
    box: list = field(default_factory=list, repr=False)   # [lower, upper] per slice coordinate
    hessian_certified: bool = False   # the Hessian kind proved on the box (interval arithmetic)

    @property
    def pure(self) -> bool | None:
        if not (self.regular and self.smooth):
            return False
        return self.interior

    @property
    def boundary(self) -> bool | None:
        """``mu(w)`` on the relative boundary of ``M`` (``None``: undecided)."""
        return None if self.interior is None else not self.interior

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("filters", "u", "loss", "hessian", "eigenvalues",
                                           "regular", "smooth", "interior", "repeated_filters",
                                           "spurious", "certified", "hessian_certified")}
        d["pure"], d["boundary"], d["singular"] = self.pure, self.boundary, not self.smooth
        return d


def mp_context(prec: int):
    """A private mpmath context at ``prec`` bits (the global ``mpmath.mp`` is left alone)."""
    from mpmath.ctx_mp import MPContext
    ctx = MPContext()
    ctx.prec = prec
    return ctx


def _to_mpf(mp, x):
    return mp.mpf(x.str(no_sci=2, skip_zeroes=True) if hasattr(x, "str") else str(x))


def neurovariety_jacobian(arch: Architecture, timeout):
    """Generators of ``I(V)`` and their Jacobian (polynomials in ``c``), or ``None`` if thick."""
    if arch.thick:
        return None
    from lcnalg.geometry.neurovariety import Neurovariety
    gens = Neurovariety(arch).minimal_generators("sage", timeout)
    R = gens[0].parent()
    return [[g.derivative(c) for c in R.gens()] for g in gens]


def _sylvester(p, q, mp):
    """Sylvester matrix of two coefficient lists (formal degrees ``len - 1``): singular iff
    the binary forms have a common root in ``P^1``."""
    dp, dq = len(p) - 1, len(q) - 1
    N = dp + dq
    if N == 0:
        return None
    S = mp.zeros(N, N)
    for r in range(dq):
        for j, c in enumerate(p):
            S[r, r + j] = c
    for r in range(dp):
        for j, c in enumerate(q):
            S[dq + r, r + j] = c
    return S


def _rank_deficient(mp, A, rank: int) -> bool:
    """Numerical rank of ``A`` (mp matrix) below ``rank``: singular value ``rank`` below
    ``ZERO_TOL`` relative."""
    if rank == 0:
        return False
    s = mp.svd_r(A, compute_uv=False)
    s = sorted([abs(x) for x in s], reverse=True)
    if len(s) < rank:
        return True
    return s[rank - 1] <= ZERO_TOL * max(s[0], 1)


def _real_roots_odd(mp, coeffs, tol=None) -> int:
    """Distinct real roots of odd multiplicity of the binary form ``sum c_j x^{N-j} y^j``
    (``N = len - 1``; the root ``x = 0`` included), numerically at the working precision."""
    N = len(coeffs) - 1
    scale = max(abs(c) for c in coeffs)
    # roots in t = y/x of sum c_j t^j; leading zeros are roots at infinity
    top = N
    while top > 0 and abs(coeffs[top]) <= ZERO_TOL * scale:
        top -= 1
    at_infinity = N - top
    roots = (mp.polyroots(list(reversed(coeffs[:top + 1])), maxsteps=400, extraprec=4 * mp.prec)
             if top > 0 else [])
    tol = mp.mpf(10) ** (-mp.dps // 3) if tol is None else mp.mpf(tol)
    real = sorted(mp.re(r) for r in roots if abs(mp.im(r)) <= tol * max(1, abs(r)))
    clusters, count = [], 0
    for r in real:
        if clusters and abs(r - clusters[-1][0]) <= tol * max(1, abs(r)):
            clusters[-1][1] += 1
        else:
            clusters.append([r, 1])
    count = sum(1 for _, mult in clusters if mult % 2 == 1)
    return count + (1 if at_infinity % 2 == 1 else 0)


def interior_by_roots(arch: Architecture, u, mp=None) -> bool:
    """Stride-one ``arch``, ``u`` in ``M``: is ``u`` an interior point of ``M`` in ``R^n``?

    ``M`` is the set of forms with at least ``o`` real roots with multiplicity (``o`` = the
    number of odd ``d_i``: each layer takes a conjugation-closed set of ``d_i`` roots).  Near
    ``u`` the fewest real roots is the number of distinct real roots of odd multiplicity, so
    ``u`` is interior iff that number is ``>= o``.  Numerical: roots at the working precision
    clustered within ``10^(-dps/3)``; for float input (a double root known only to ~1e-8)
    within ``1e-6``."""
    if not arch.stride_one:
        raise ValueError(f"{arch} is not stride-one")
    tol = 1e-6 if all(isinstance(x, (float, np.floating)) for x in u) else None
    mp = mp or mp_context(PREC)
    coeffs = [mp.mpf(x) for x in u]
    return _real_roots_odd(mp, coeffs, tol) >= sum(di % 2 for di in arch.d)


def _rationalize(x, q: int = 10 ** 12) -> Fraction:
    return Fraction(str(x)).limit_denominator(q) if not isinstance(x, Fraction) else x


def interior_by_sampling(arch: Architecture, filters, rng, trials: int = 8,
                         eps: float = 1e-4, seconds: float = 3.0) -> bool | None:
    """Is ``u = mu(filters)`` an interior point of ``M`` relative to ``V(R)``?  By exact
    membership (:class:`lcnalg.geometry.function_space.FunctionSpace`) of rational points
    ``mu_red(w_red + eps * r)`` near ``u``, ``w_red`` the filters of the reduced architecture
    (``V = V_red``).  Meaningful when ``u`` is a smooth point of ``V`` and ``w_red`` a regular
    point of ``mu_red`` (then these points fill a neighbourhood of ``u`` in ``V(R)``); returns
    ``None`` otherwise, when :mod:`lcnalg.geometry.function_space` is missing, or when membership
    tests run out of time (``seconds`` each) before any sample falls outside ``M``.  ``False``
    comes with an exact witness near ``u`` outside ``M``; ``True`` is probabilistic."""
    try:
        from lcnalg.geometry.function_space import FunctionSpace
    except ImportError:
        return None
    red = arch.reduced()
    filters = [[float(x) for x in w] for w in filters]
    w_red, pos = [], 0
    for block in arch.blocks():
        w_red.append(list(mu_numeric(block, filters[pos:pos + block.L])))
        pos += block.L
    J = np.column_stack([mu_numeric(red, [np.eye(len(w))[j] if l == i else np.asarray(w)
                                          for l, w in enumerate(w_red)])
                         for i, wi in enumerate(w_red) for j in range(len(wi))])
    sv = np.linalg.svd(J, compute_uv=False)
    if red.dim > len(sv) or sv[red.dim - 1] <= 1e-9 * max(sv[0], 1):
        return None
    M = FunctionSpace(arch)
    scale = max(max(abs(x) for x in w) for w in w_red)
    from lcnalg.errors import EngineTimeout
    undecided = False
    for _ in range(trials):
        w2 = [[_rationalize(x + eps * scale * float(r), 10 ** 9) for x, r in
               zip(w, rng.standard_normal(len(w)))] for w in w_red]
        try:
            member = call_with_time_limit(lambda: M.contains(mu_from_filters(red, w2)).member,
                                          seconds, "membership test")
        except EngineTimeout:
            undecided = True
            continue
        if not member:
            return False
    return None if undecided else True


def classify(arch, S, ell, point, jac_V, mp, certified, rng) -> CriticalPoint:
    """Classify the critical point with slice coordinates ``point`` (``{var: value}``) of the
    :class:`lcnalg.training.slice.SliceSystem` ``S``; ``jac_V`` from
    :func:`neurovariety_jacobian`, ``mp`` from :func:`mp_context`, ``rng`` for sampling."""
    vals = [point[x] for x in S.vars]
    ws = S.filters_at(point)
    wmp = [[_to_mpf(mp, x) for x in wi] for wi in ws]
    # end-to-end filter, loss and its gradient
    u = [_to_mpf(mp, x) for x in mu_from_filters(arch, ws)]
    n = arch.n
    Qm = mp.matrix([[mp.mpf(x.numerator) / x.denominator for x in row] for row in ell.Q])
    bm = mp.matrix([mp.mpf(x.numerator) / x.denominator for x in ell.b])
    um = mp.matrix(u)
    grad = 2 * (Qm * um - bm)
    loss = (um.T * Qm * um)[0] - 2 * (bm.T * um)[0] + mp.mpf(ell.c.numerator) / ell.c.denominator
    # Hessian of L in the slice coordinates
    H = mp.matrix([[_to_mpf(mp, S.L.derivative(x).derivative(y)(*vals, 0)) for y in S.vars]
                   for x in S.vars])
    eig = mp.eigsy(H, eigvals_only=True) if len(S.vars) > 1 else [H[0, 0]]
    eig = sorted(eig)
    hscale = max(max(abs(e) for e in eig), 1)
    if any(abs(e) <= ZERO_TOL * hscale for e in eig):
        kind = "degenerate"
    elif all(e > 0 for e in eig):
        kind = "minimum"
    elif all(e < 0 for e in eig):
        kind = "maximum"
    else:
        kind = "saddle"
    # Jacobian of mu at w
    cols = []
    for i, wi in enumerate(wmp):
        for j in range(len(wi)):
            e = [[mp.mpf(0)] * len(x) for x in wmp]
            e[i][j] = mp.mpf(1)
            cols.append(mu_from_filters(arch, [e[l] if l == i else wmp[l] for l in range(arch.L)]))
    Jmu = mp.matrix([[cols[c][r] for c in range(len(cols))] for r in range(n)])
    regular = not _rank_deficient(mp, Jmu, arch.dim)
    # the Zariski tangent space of V at u
    if jac_V is None:
        smooth, normal = True, None
    else:
        u_exact = mu_from_filters(arch, ws)
        Ju = mp.matrix([[_to_mpf(mp, g(*u_exact)) for g in row] for row in jac_V])
        smooth = not _rank_deficient(mp, Ju, arch.codim)
        normal = Ju
    # spurious: grad ell(u) not orthogonal to T_u V  <=>  not in the row space of Ju
    gscale = max(max(abs(x) for x in grad), 1)
    if normal is None:
        spurious = max(abs(x) for x in grad) > mp.mpf(1e-20) * gscale
    else:
        U, s, V = mp.svd_r(normal.T)      # columns of U span the row space of Ju
        smax = max(abs(x) for x in s) if len(s) else 0
        r = sum(1 for x in s if abs(x) > ZERO_TOL * max(smax, 1))
        proj = U[:, :r] * (U[:, :r].T * grad) if r else mp.zeros(n, 1)
        spurious = mp.norm(grad - proj) > mp.mpf(1e-20) * gscale
    # repeated filters: a common hyperroot of two layers
    polys = []
    for wi, Si in zip(wmp, arch.S):
        polys.append(upsample(wi, Si, mp.mpf(0)))
    repeated = False
    for i in range(arch.L):
        for j in range(i + 1, arch.L):
            Syl = _sylvester(polys[i], polys[j], mp)
            if Syl is not None and _rank_deficient(mp, Syl, Syl.rows):
                repeated = True
    # interior of M
    if regular and smooth:
        interior = True
    elif arch.stride_one:
        interior = interior_by_roots(arch, u, mp)
    elif smooth:
        interior = interior_by_sampling(arch, wmp, rng)
    else:
        interior = None
    # balanced representative for the report
    norms = [mp.sqrt(sum(x ** 2 for x in wi)) for wi in wmp]
    g = mp.exp(sum(mp.log(x) for x in norms) / len(norms))
    balanced = [[float(x * g / nm) for x in wi] for wi, nm in zip(wmp, norms)]
    # sign convention: first nonzero entry positive on layers 1..L-1, sign moved to layer L
    for i in range(arch.L - 1):
        lead = next((x for x in balanced[i] if abs(x) > 0), 1.0)
        if lead < 0:
            balanced[i] = [-x for x in balanced[i]]
            balanced[-1] = [-x for x in balanced[-1]]
    return CriticalPoint(filters=balanced, u=[float(x) for x in u], loss=float(loss), hessian=kind,
                         eigenvalues=[float(e) for e in eig], regular=regular, smooth=smooth,
                         interior=interior, repeated_filters=repeated, spurious=bool(spurious),
                         certified=certified)

