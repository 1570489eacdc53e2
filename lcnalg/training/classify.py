"""Classification of a real critical point of ``L = ell o mu`` (MATH.md §6).

Numerical, at the working precision :data:`PREC` (quantities below :data:`ZERO_TOL` relative
are taken as zero), on a point given by its slice coordinates (:mod:`lcnalg.training.slice`):

- ``hessian``: minimum / maximum / saddle / degenerate, from the eigenvalues of the Hessian
  of ``L`` in the slice coordinates ``(t, lam)``;
- ``regular``: the Jacobian of ``mu`` at ``w`` has rank ``dim M``;
- ``smooth``: ``mu(w)`` is a smooth point of ``V`` (Jacobian criterion on the generators of
  ``I(V)``; always when ``V = C^n``);
- ``interior``: ``mu(w)`` is an interior point of ``M`` relative to ``V(R)``, by the rules of
  the exact test :func:`lcnalg.geometry.interior.is_interior` applied numerically
  (:func:`interior_by_structure`; the rule in ``interior_method``): ``M`` Zariski closed;
  ``w`` regular and ``mu(w)`` smooth (a submersion); stride-one real roots
  (:func:`interior_by_roots`); the top layer's periodic part (:func:`periodic_part_numeric`);
  ``None`` (undecided) otherwise;
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

import numpy as np

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import mu_from_filters, upsample

__all__ = ["CriticalPoint", "classify", "interior_by_roots", "interior_by_structure",
           "periodic_part_numeric", "neurovariety_jacobian", "mp_context", "ZERO_TOL", "PREC"]

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
    interior_method: str = "undecided"   # the rule that decided ``interior`` (interior_by_structure)
    #: the classes proved by interval arithmetic on the box (training.certify.proved_classes):
    #: True/False when proved, None when only the numerical value above speaks
    proved: dict = field(default_factory=dict)

    @property
    def pure_certified(self) -> bool:
        """Pure, with regularity, smoothness and interior all proved."""
        return all(self.proved.get(k) is True for k in ("regular", "smooth", "interior"))

    def certification(self, key: str) -> str:
        """``certified`` when the class ``key`` is proved on the box, else ``numerical``."""
        if key == "pure":
            return "certified" if self.pure_certified else "numerical"
        if key == "hessian":
            return "certified" if self.hessian_certified else "numerical"
        return "certified" if self.proved.get(key) is not None else "numerical"

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
                                           "spurious", "certified", "hessian_certified",
                                           "interior_method")}
        d["pure"], d["boundary"], d["singular"] = self.pure, self.boundary, not self.smooth
        d["certification"] = {k: self.certification(k) for k in (
            "hessian", "regular", "smooth", "interior", "spurious", "repeated_filters", "pure")}
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
    gens = Neurovariety.of(arch).minimal_generators(None, timeout)   # the default engine: J ⊆ I(V) is all the rank test needs
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


def _polyroots(mp, c):
    """The complex roots of ``sum c_j t^j`` (Durand-Kerner at ``5 * prec`` bits; multiple
    roots converge linearly, hence the many steps)."""
    return mp.polyroots(list(reversed(c)), maxsteps=4000, extraprec=4 * mp.prec)


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
    roots = _polyroots(mp, coeffs[:top + 1]) if top > 0 else []
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
    from lcnalg.geometry.interior import stride_one_interior
    return stride_one_interior(arch, _real_roots_odd(mp, coeffs, tol))


def _number(mp, x):
    """``x`` (mpf, float, int, Fraction, Sage rational) as an mpf of ``mp``."""
    if hasattr(x, "numerator") and not isinstance(x, float):
        return mp.mpf(int(x.numerator)) / int(x.denominator)
    return mp.mpf(x)


def _root_clusters(mp, coeffs, tol):
    """``(zero, inf, clusters)`` for the binary form ``sum c_j x^{N-j} y^j``: the
    multiplicities of ``t = y/x = 0`` and ``t = oo`` and the other roots, clustered within
    ``tol`` (relative), as ``[[centre, multiplicity], ...]``."""
    N = len(coeffs) - 1
    scale = max(abs(c) for c in coeffs)
    if scale == 0:
        raise ValueError("the zero form has no roots")
    top, low = N, 0
    while top > 0 and abs(coeffs[top]) <= ZERO_TOL * scale:
        top -= 1
    while low < top and abs(coeffs[low]) <= ZERO_TOL * scale:
        low += 1
    roots = _polyroots(mp, coeffs[low:top + 1]) if top > low else []
    zero, clusters = low, []
    for r in roots:
        if abs(r) <= tol:
            zero += 1
            continue
        for c in clusters:
            if abs(r - c[0]) <= tol * max(1, abs(r)):
                c[1] += 1
                break
        else:
            clusters.append([r, 1])
    return zero, N - top, clusters


def periodic_part_numeric(mp, coeffs, S: int, tol=None) -> list:
    """The classes of ``T_S(P)`` (MATH.md §4.1) of the real form ``P = sum c_j x^{N-j} y^j``
    (mpf coefficients), numerically: ``[(tau, multiplicity), ...]`` with ``tau = z^S`` for
    each complete orbit ``z * mu_S`` of roots of ``P`` in ``t = y/x`` (multiplicity: the least
    over the orbit), ``tau = 0`` / ``None`` (``oo``) with multiplicity ``floor(m / S)`` for a
    root ``0`` / ``oo`` of multiplicity ``m``.  Roots clustered within ``tol`` (relative;
    default ``10^(-dps/3)``).  ``deg T`` is the sum of the multiplicities.

    EXAMPLES::

        >>> mp = mp_context(PREC)
        >>> [(float(t), m) for t, m in periodic_part_numeric(mp, [mp.mpf(c) for c in (1, 0, -2, 0, 1)], 2)]
        [(1.0, 2)]
    """
    tol = mp.mpf(10) ** (-mp.dps // 3) if tol is None else mp.mpf(tol)
    zero, inf, clusters = _root_clusters(mp, coeffs, tol)
    zetas = mp.unitroots(S)
    used = [False] * len(clusters)
    classes = []
    for i, (c, _) in enumerate(clusters):
        if used[i]:
            continue
        orbit = []
        for z in zetas:
            j = next((j for j, (c2, _) in enumerate(clusters) if not used[j] and j not in orbit
                      and abs(c2 - z * c) <= tol * max(1, abs(c))), None)
            if j is not None:
                orbit.append(j)
        for j in orbit:
            used[j] = True
        if len(orbit) == S:
            classes.append((c ** S, min(clusters[j][1] for j in orbit)))
    classes += [(0, zero // S)] * (zero >= S) + [(None, inf // S)] * (inf >= S)
    return classes


def _odd_real_classes(mp, classes, S: int, tol) -> int:
    """Real classes (``0``, ``oo`` included) of odd multiplicity."""
    return sum(1 for tau, m in classes if m % 2 and (
        tau is None or abs(mp.im(tau)) <= S * tol * max(1, abs(tau))))


def interior_by_structure(arch: Architecture, u, mp=None, regular: bool = False,
                          smooth: bool = False):
    """``(interior, method)``: is ``u`` (a real point of ``M``, known numerically) in the
    relative interior of ``M`` in ``V(R)``?  The numerical counterpart of the exact test
    :func:`lcnalg.geometry.interior.is_interior` (same rules, same method names):

    * ``M`` Zariski closed (:func:`lcnalg.geometry.zariski.criterion`): ``True``;
    * ``u = 0`` and ``M`` not closed (a cone): ``False``;
    * ``regular`` (``d mu`` of rank ``dim M`` at the preimage) and ``smooth`` (``u`` a smooth
      point of ``V``): ``True`` (``mu`` is open onto ``V(R)`` near ``u``);
    * stride-one: :func:`interior_by_roots`;
    * reduced ``L >= 2``, blocks filling, ``d_L`` odd, two layers or the layers below the top
      Zariski closed: ``T = T_{S_L}(u)`` (:func:`periodic_part_numeric`) with ``r`` real classes
      of odd multiplicity: ``True`` when ``deg T - r < d_L``; otherwise ``False`` for two layers
      and ``None`` for more (the exact test needs an exact nearby point outside ``M`` there);
    * otherwise ``(None, "undecided")``.

    The answer is numerical: roots at the working precision of ``mp`` (default :data:`PREC`
    bits) clustered within ``10^(-dps/3)`` (``1e-6`` for float input), so a multiple root is
    recognised as such only when ``u`` is accurate well beyond that.

    EXAMPLES::

        >>> A = Architecture((3, 2), (2, 1))
        >>> interior_by_structure(A, [1, 0, -2, 0, 1])        # (t^2 - 1)^2: a double real class
        (False, 'two layers: periodic part')
        >>> interior_by_structure(A, [4, 0, -5, 0, 1])        # (t^2 - 1)(t^2 - 4)
        (True, 'two layers: periodic part')
        >>> interior_by_structure(Architecture((2, 2)), [1, -2, 1])
        (False, 'stride-one: real roots')
    """
    from lcnalg.geometry import interior as rules
    from lcnalg.geometry.zariski import criterion
    mp = mp or mp_context(PREC)
    if len(u) != arch.n:
        raise ValueError(f"u has {len(u)} coefficients, {arch} needs {arch.n}")
    if criterion(arch)[0]:
        return True, rules.CLOSED
    floats = all(isinstance(x, (float, np.floating)) for x in u)
    coeffs = [_number(mp, x) for x in u]
    if all(c == 0 for c in coeffs):
        return False, rules.CONE
    if regular and smooth:
        return True, rules.SUBMERSION
    rule = rules.structure_rule(arch)
    try:
        if rule == rules.STRIDE_ONE:
            return interior_by_roots(arch, u if floats else coeffs, mp), rule
        if rule is not None:
            red = arch.reduced()
            S, d2 = red.S[-1], red.d[-1]
            tol = mp.mpf("1e-6") if floats else mp.mpf(10) ** (-mp.dps // 3)
            classes = periodic_part_numeric(mp, coeffs, S, tol)
            r = _odd_real_classes(mp, classes, S, tol)
            if rules.top_layer_interior(sum(m for _, m in classes), r, d2):
                return True, rule
            if rule == rules.TWO_LAYERS:
                return False, rule
    except mp.NoConvergence:
        return None, "undecided: root finding did not converge"
    return None, "undecided"


def classify(arch, S, ell, point, jac_V, mp, certified, proved=None) -> CriticalPoint:
    """Classify the critical point with slice coordinates ``point`` (``{var: value}``) of the
    :class:`lcnalg.training.slice.SliceSystem` ``S``; ``jac_V`` from
    :func:`neurovariety_jacobian`, ``mp`` from :func:`mp_context` (deterministic: no random
    choices).  ``proved`` (:func:`lcnalg.training.certify.proved_classes`): classes proved on
    the point's box are taken as they are, without the numerical rank tests."""
    proved = proved or {}
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
    regular = proved.get("regular") or not _rank_deficient(mp, Jmu, arch.dim)
    # the Zariski tangent space of V at u
    if jac_V is None:
        smooth, normal = True, None
    else:
        u_exact = mu_from_filters(arch, ws)
        Ju = mp.matrix([[_to_mpf(mp, g(*u_exact)) for g in row] for row in jac_V])
        smooth = proved.get("smooth") or not _rank_deficient(mp, Ju, arch.codim)
        normal = Ju
    # spurious: grad ell(u) not orthogonal to T_u V  <=>  not in the row space of Ju
    gscale = max(max(abs(x) for x in grad), 1)
    if proved.get("spurious") is not None:
        spurious = proved["spurious"]
    elif normal is None:
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
    for i in range(arch.L if proved.get("repeated_filters") is None else 0):
        for j in range(i + 1, arch.L):
            Syl = _sylvester(polys[i], polys[j], mp)
            if Syl is not None and _rank_deficient(mp, Syl, Syl.rows):
                repeated = True
    # interior of M
    interior, interior_method = interior_by_structure(arch, u, mp, regular, smooth)
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
                         certified=certified, interior_method=interior_method)

