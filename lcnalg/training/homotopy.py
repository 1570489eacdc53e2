"""All critical points of ``ell o mu`` by homotopy continuation, certified complete
(MATH.md §6, "Completeness of numerically found critical points").

The critical equations on a gauge slice (:mod:`lcnalg.training.slice`) are linear in the
data ``p = (Q, b)``::

    F_t   = 2 lam m_t^T Q m - 2 b^T m_t,      F_lam = lam m^T Q m - b^T m,

with ``m = mu(v(t))`` multilinear in the layers and each ``v_i`` affine in its ``t_i``.  So
for a fixed gauge they form a parameter family, whose generic number of (nonsingular)
solutions with ``lam != 0`` is ``gEDdeg`` (Shahverdi; :func:`lcnalg.training.eddegree.ged_degree`).

1. **Start system, by monodromy** (:func:`monodromy_solve`).  For a random complex point
   ``x0`` the data making ``x0`` critical form an affine space (``b = lam Q m`` plus the null
   space of ``[m_t; m]``), so ``(x0, p0)`` is a solved instance.  Loops ``p0 -> p1 -> p2 ->
   p0`` through random complex data permute the solutions; pushing every known solution
   through every loop (breadth first) collects the orbit, stopping at ``gEDdeg`` (known in
   advance, so no trace test is needed).
   Done once per filter sizes ``k`` in the tensor family (:class:`TensorFamily`: the
   Segre cone itself, whose incidence variety is irreducible) and kept on disk
   (:func:`start_system`).
2. **Parameter homotopy** (:func:`track`) from ``p0`` to the user's data: ``gEDdeg`` paths,
   batched in numpy (RK4 predictor, Newton corrector, adaptive steps), endpoints refined by
   Newton; for real data the conjugate of every endpoint is a solution too.
3. **Certification** (:func:`certify`): for every endpoint a box (complex rectangles, ball
   arithmetic of Arb via python-flint) on which Krawczyk's operator maps into the interior:
   exactly one solution, nonsingular, ``lam != 0`` on the box.  A box symmetric under
   conjugation holds a *real* solution (its conjugate is a solution in the same box); a box
   whose imaginary part excludes 0 in some coordinate holds a non-real one.  Overlapping boxes
   are counted once.

**Theorem** (MATH.md §6; Sommese–Wampler, Thm 7.1.1): for any data the number of isolated
nonsingular solutions is at most the generic number ``gEDdeg``.  Hence ``gEDdeg`` certified
pairwise disjoint boxes hold *all* isolated critical points on the slice, and the symmetric
ones are *all* the real ones: ``complete = True`` is a proof (given the slice: orbits with
``l_i(w_i) = 0`` are not on it).  Fewer certified boxes are a lower bound, never a count.
The bound is on *isolated* solutions: a positive-dimensional set of critical points for the
particular data (it does not occur for generic data) is not excluded by this argument.
The tracker is heuristic; only the certificate is trusted.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.training.loss import loss_from_data, random_training_data
    >>> A = Architecture((3, 2), (2, 1))
    >>> ell = loss_from_data(A, *random_training_data(A, 0))
    >>> r = solve_critical(A, ell, seed=0)
    >>> r.complete, r.certified_count, r.ged_degree, len(r.real) == r.real_count
    (True, 10, 10, True)
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from lcnalg.geometry.architecture import Architecture
from lcnalg.training.eddegree import ged_degree

__all__ = ["SliceFamily", "track", "monodromy_solve", "certify", "solve_critical",
           "HomotopyResult", "start_system"]


class DataLine:
    """The data ``(Q0 + w dQ, b0 + w db)`` of each row at its own ``w`` (shape ``(B,)``),
    with shared ends: products with it are two matrix products for the whole batch
    (a copy of ``Q`` per row would cost ``B n^2`` memory traffic per evaluation)."""

    def __init__(self, Q0, dQ, b0, db, w):
        self.Q0, self.dQ, self.b0, self.db, self.w = Q0, dQ, b0, db, w


def _times_Q(A, Q):
    """``A[z] @ Q_z`` for ``A`` of shape ``(B, r, n)`` and data ``Q`` shared, per row or a
    :class:`DataLine` (then ``Q`` is the pair)."""
    B, r, n = A.shape
    if isinstance(Q, DataLine):
        A2 = A.reshape(B * r, n)
        return (A2 @ Q.Q0).reshape(B, r, n) + Q.w[:, None, None] * (A2 @ Q.dQ).reshape(B, r, n)
    if getattr(Q, "ndim", 2) == 3:
        return A @ Q
    return (A.reshape(B * r, n) @ Q).reshape(B, r, n)


def _times_b(A, b):
    """``A[z] @ b_z`` (shape ``(B, r)``), ``b`` as ``Q`` in :func:`_times_Q`."""
    if isinstance(b, DataLine):
        return A @ b.b0 + b.w[:, None] * (A @ b.db)
    if getattr(b, "ndim", 1) == 2:
        return (A @ b[:, :, None])[..., 0]
    return A @ b


class SliceFamily:
    """The critical equations of the slice with ``gauge`` (per layer ``a_i``, ``a_i[0] = 1``)
    as a family in the data ``(Q, b)``, evaluated for a batch of points ``X`` (rows
    ``(t, lam)``).  Written with ``+ - *``, slicing and ``@`` only, so the same code runs on
    complex128 arrays (tracking) and on object arrays of Arb balls (certification)."""

    def __init__(self, arch: Architecture, gauge):
        self.arch = arch
        self.gauge = [[Fraction(x) for x in a] for a in gauge]
        self.d = [k - 1 for k in arch.k]
        self.offsets = list(np.cumsum([0] + self.d))
        self.nt = int(self.offsets[-1])
        self.N = self.nt + 1
        self.n = arch.n
        self.index = [(i, j) for i in range(arch.L) for j in range(1, arch.k[i])]

    # -- geometry: m, m_t, m_tt (independent of the data) ----------------------------
    @staticmethod
    def _mul(p, v, S):
        """``p * v(t^S)`` for batches (``v`` the raw filter coefficients)."""
        B, lp = p.shape
        k = v.shape[1]
        out = np.zeros((B, lp + (k - 1) * S), dtype=p.dtype)
        for j in range(k):
            out[:, j * S:j * S + lp] = out[:, j * S:j * S + lp] + v[:, j:j + 1] * p
        return out

    def _Dmat(self, i, lp, length):
        """The matrix ``(lp, d_i * length)``: a row vector ``P`` times it gives
        ``P * (t^{j S_i} - a_ij)`` (padded to ``length``) for ``j = 1..d_i``, side by side."""
        S = self.arch.S[i]
        D = np.zeros((lp, self.d[i], length))
        for j in range(1, self.arch.k[i]):
            for r in range(lp):
                D[r, j - 1, r + j * S] += 1
                D[r, j - 1, r] -= float(self.gauge[i][j])
        return D

    def _mats(self, obj: bool):
        """The constant matrices of :meth:`geometry` (exact rationals as balls when ``obj``)."""
        key = "_mats_obj" if obj else "_mats_float"
        if not hasattr(self, key):
            arch, n = self.arch, self.n
            single, pairs = {}, {}
            for i in range(arch.L):
                D = self._Dmat(i, n - self.d[i] * arch.S[i], n)
                single[i] = D.reshape(D.shape[0], -1)
                for i2 in range(i + 1, arch.L):
                    mid = n - self.d[i] * arch.S[i]
                    lp = mid - self.d[i2] * arch.S[i2]
                    D2 = self._Dmat(i2, lp, mid)                      # (lp, d2, mid)
                    D1 = self._Dmat(i, mid, n)                        # (mid, d1, n)
                    C = np.einsum("rbm,man->rabn", D2, D1)            # (lp, d1, d2, n)
                    pairs[i, i2] = C.reshape(lp, -1)
            if obj:
                conv = np.vectorize(lambda x: _ball_const(Fraction(x).limit_denominator(10 ** 12), None),
                                    otypes=[object])
                single = {i: conv(D) for i, D in single.items()}
                pairs = {ij: conv(C) for ij, C in pairs.items()}
            setattr(self, key, (single, pairs))
        return getattr(self, key)

    @staticmethod
    def _const(x, like):
        if like.dtype == object:
            return _ball_const(x, like)
        return float(x)

    def filters(self, X):
        """The slice filters ``v_i`` (batches ``(B, k_i)``) at the rows of ``X``."""
        vs = []
        for i, k in enumerate(self.arch.k):
            T = X[:, self.offsets[i]:self.offsets[i + 1]]
            a = self.gauge[i]
            acc = 0 * X[:, -1]
            for j in range(1, k):
                acc = acc + self._const(a[j], X) * T[:, j - 1]
            v0 = 1 - acc
            v = np.empty((X.shape[0], k), dtype=X.dtype)
            v[:, 0] = v0
            v[:, 1:] = T
            vs.append(v)
        return vs

    def geometry(self, X):
        """``(m, m_t, m_tt)`` of shapes ``(B, n)``, ``(B, nt, n)``, ``(B, nt, nt, n)``."""
        arch, L, n = self.arch, self.arch.L, self.n
        vs = self.filters(X)
        B = X.shape[0]
        single, pairs = self._mats(X.dtype == object)
        one = np.ones((B, 1), dtype=X.dtype) if X.dtype != object else np.array([[1]] * B, dtype=object)

        def prod(skip):
            p = one
            for l in range(L):
                if l not in skip:
                    p = self._mul(p, vs[l], arch.S[l])
            return p
        m = prod(())
        mt = np.zeros((B, self.nt, n), dtype=X.dtype)
        mtt = np.zeros((B, self.nt, self.nt, n), dtype=X.dtype)
        for i in range(L):
            o = self.offsets
            mt[:, o[i]:o[i + 1], :] = (prod((i,)) @ single[i]).reshape(B, self.d[i], n)
            for i2 in range(i + 1, L):
                blk = (prod((i, i2)) @ pairs[i, i2]).reshape(B, self.d[i], self.d[i2], n)
                mtt[:, o[i]:o[i + 1], o[i2]:o[i2 + 1], :] = blk
                mtt[:, o[i2]:o[i2 + 1], o[i]:o[i + 1], :] = blk.transpose(0, 2, 1, 3)
        return m, mt, mtt

    # -- the equations ------------------------------------------------------------------
    def FJ(self, X, geom, Q, b):
        """``F`` (``(B, N)``) and its Jacobian (``(B, N, N)``) at data ``(Q, b)``: shared
        (``Q`` of shape ``(n, n)``), per row (``(B, n, n)``) or a :class:`DataLine`."""
        m, mt, mtt = geom
        lam = X[:, -1]
        B, nt, n = X.shape[0], self.nt, self.n
        A = np.concatenate([m[:, None, :], mt], axis=1)                     # (m; m_t)
        AQ = _times_Q(A, Q)
        Qm, mtQ = AQ[:, 0], AQ[:, 1:]
        Ab = _times_b(A, b)
        bm, bmt = Ab[:, 0], Ab[:, 1:]
        mQm = (m * Qm).sum(axis=1)
        mtQm = (mtQ * m[:, None, :]).sum(axis=2)                             # Q symmetric
        mttb = _times_b(mtt.reshape(B, nt * nt, n), b).reshape(B, nt, nt)
        F = np.empty((B, nt + 1), dtype=X.dtype)
        F[:, :nt] = 2 * lam[:, None] * mtQm - 2 * bmt
        F[:, nt] = lam * mQm - bm
        J = np.empty((B, nt + 1, nt + 1), dtype=X.dtype)
        mttQm = (mtt @ Qm[:, None, :, None])[..., 0]
        Jtt = 2 * lam[:, None, None] * (mtQ @ mt.transpose(0, 2, 1) + mttQm) - 2 * mttb
        J[:, :nt, :nt] = Jtt
        J[:, :nt, nt] = 2 * mtQm
        J[:, nt, :nt] = 2 * lam[:, None] * mtQm - bmt
        J[:, nt, nt] = mQm
        return F, J

    def F(self, X, geom, Q, b):
        """``F`` alone (``(B, N)``), data as in :meth:`FJ`."""
        m, mt, _ = geom
        lam = X[:, -1]
        A = np.concatenate([m[:, None, :], mt], axis=1)
        Qm = _times_Q(m[:, None, :], Q)[:, 0]
        Au = (A * Qm[:, None, :]).sum(axis=2)
        Ab = _times_b(A, b)
        F = np.empty((X.shape[0], self.nt + 1), dtype=X.dtype)
        F[:, :self.nt] = 2 * lam[:, None] * Au[:, 1:] - 2 * Ab[:, 1:]
        F[:, self.nt] = lam * Au[:, 0] - Ab[:, 0]
        return F

    def start_data(self, xs, rng):
        """Random complex data ``(Q, b)`` for which every row of ``xs`` is a solution: the
        equations are linear in the data, so this is a random point of a linear space
        (generic as long as there are fewer conditions than data: :meth:`max_start_points`)."""
        xs = np.atleast_2d(xs)
        n = self.n
        iu = np.triu_indices(n)
        rows = []
        m, mt, _ = self.geometry(xs)
        for x, mi, mti in zip(xs, m, mt):
            lam = x[-1]
            for a in range(self.nt + 1):
                g = mti[a] if a < self.nt else mi
                S = np.outer(g, mi)
                S = S + S.T
                S[np.diag_indices(n)] /= 2
                if a < self.nt:
                    rows.append(np.concatenate([2 * lam * S[iu], -2 * g]))
                else:
                    rows.append(np.concatenate([lam * S[iu], -g]))
        A = np.array(rows)
        _, sv, Vh = np.linalg.svd(A)
        rank = int((sv > 1e-12 * sv[0]).sum())
        null = Vh[rank:].conj().T
        p = null @ (rng.normal(size=null.shape[1]) + 1j * rng.normal(size=null.shape[1]))
        Q = np.zeros((n, n), dtype=complex)
        Q[iu] = p[:len(iu[0])]
        Q = Q + Q.T - np.diag(np.diag(Q))
        return _normalized((Q, p[len(iu[0]):]))

    def max_start_points(self) -> int:
        """How many random points :meth:`start_data` makes solutions at once: their
        conditions take at most half the data space (near the limit the solutions become
        singular: measured, (3,3) with 45 conditions on 54 data)."""
        dim = self.n * (self.n + 1) // 2 + self.n
        return max(1, dim // (2 * self.N))


class TensorFamily(SliceFamily):
    """The same slice, with ``m`` replaced by the rank-one tensor ``v_1 (x) ... (x) v_L``
    (dimension ``K = prod k_i``): the critical points of a quadratic on the Segre cone.  The
    architecture's system is the member with data ``(C^T Q C, C^T b)``, ``C`` the linear map
    ``e_{j_1..j_L} -> e_{sum j_i S_i}`` (:meth:`embed`); a generic member has ``gEDdeg``
    solutions, and the incidence variety is irreducible (the Segre map is an immersion off
    0, so the data making ``x`` critical form a space of constant dimension), so one
    monodromy run per filter-size tuple ``k`` serves every stride."""

    def __init__(self, k, gauge):
        arch = Architecture(tuple(k), tuple([max(k)] * (len(k) - 1) + [1]))  # non-overlapping
        super().__init__(arch, gauge)
        self.k = tuple(k)
        self.n = int(np.prod(k))

    def default_charts(self, B):
        """The gauge's chart of every layer, for ``B`` rows: ``(base, E)`` with
        ``v_i = base_i + t_i E_i`` (``base_i = e_0``, ``E_i[j-1] = e_j - a_ij e_0``)."""
        charts = []
        for i, k in enumerate(self.k):
            base = np.zeros(k, dtype=complex)
            base[0] = 1
            charts.append((np.tile(base, (B, 1)), np.tile(self._gauge_E(i).astype(complex), (B, 1, 1))))
        return charts

    def _gauge_E(self, i):
        """``E_i`` of the gauge's chart: ``E_i[j-1] = e_j - a_ij e_0``."""
        k = self.k[i]
        E = np.zeros((k - 1, k))
        for j in range(1, k):
            E[j - 1, j] = 1
            E[j - 1, 0] = -float(self.gauge[i][j])
        return E

    def chart_filters(self, X, charts):
        """The filters ``v_i = base_i + t_i E_i`` of the rows of ``X`` in per-row ``charts``."""
        o = self.offsets
        return [base + np.einsum("zd,zdk->zk", X[:, o[i]:o[i + 1]], E)
                for i, (base, E) in enumerate(charts)]

    def recentred(self, X, charts, rows):
        """``X`` and ``charts`` with the ``rows`` moved to the charts centred at their own
        filters (``base_i = v_i / |v_i|``, ``E_i`` an orthonormal basis of ``v_i``'s
        Hermitian complement, ``t_i = 0``; ``lam`` absorbs the norms, so ``u = lam m`` is
        unchanged).  Keeps the coordinates of size 1 where the gauge's own chart would send
        a layer towards infinity (a complex path passing near its hyperplane)."""
        if not len(rows):
            return X, charts
        x = X[rows]
        vs = self.chart_filters(x, [(b[rows], E[rows]) for b, E in charts])
        X = X.copy()
        lam = x[:, -1].copy()
        o = self.offsets
        new = []
        for i, ((base, E), v) in enumerate(zip(charts, vs)):
            nv = np.linalg.norm(v, axis=1)
            w = v / nv[:, None]
            _, _, Vh = np.linalg.svd(w.conj()[:, None, :])
            base, E = base.copy(), E.copy()
            base[rows] = w
            E[rows] = Vh[:, 1:, :]
            X[rows, o[i]:o[i + 1]] = 0
            lam = lam * nv
            new.append((base, E))
        X[rows, -1] = lam
        return X, new

    def to_gauge(self, X, charts):
        """Rows of ``X`` (in ``charts``) in the gauge's chart; rows whose filter lies on a
        gauge hyperplane (``alpha_i . v_i = 0``) come back as ``nan``."""
        vs = self.chart_filters(X, charts)
        Y = np.empty_like(X)
        lam = X[:, -1].copy()
        o = self.offsets
        for i, v in enumerate(vs):
            alpha = np.array([float(a) for a in self.gauge[i]])
            c = v @ alpha
            c = np.where(np.abs(c) > 1e-300, c, np.nan)
            Y[:, o[i]:o[i + 1]] = v[:, 1:] / c[:, None]
            lam = lam * c
        Y[:, -1] = lam
        return Y

    def geometry(self, X, charts=None):
        """As :meth:`SliceFamily.geometry`, in the gauge's chart or in per-row ``charts``."""
        B, L = X.shape[0], len(self.k)
        letters = "abcdefgh"[:L]
        if charts is None:
            vs = self.filters(X)
            E = [self._gauge_E(i) for i in range(L)]
            epre = ""
        else:
            vs = self.chart_filters(X, charts)
            E = [Ei for _, Ei in charts]
            epre = "z"

        def outer(parts):
            ops, specs = [], []
            extra = []
            for i, (kind, arr) in enumerate(parts):
                ops.append(arr)
                if kind == "v":
                    specs.append("z" + letters[i])
                else:
                    specs.append(epre + letters[i].upper() + letters[i])
                    extra.append(letters[i].upper())
            if epre or any(kind == "v" for kind, _ in parts):
                r = np.einsum(",".join(specs) + "->z" + "".join(extra) + letters, *ops)
            else:
                r = np.einsum(",".join(specs) + "->" + "".join(extra) + letters, *ops)
                r = np.broadcast_to(r.astype(X.dtype), (B,) + r.shape)
            return r.reshape(B, *[self.d[i] for i in range(L) if parts[i][0] == "E"], self.n)
        m = outer([("v", v) for v in vs])
        mt = np.zeros((B, self.nt, self.n), dtype=X.dtype)
        mtt = np.zeros((B, self.nt, self.nt, self.n), dtype=X.dtype)
        o = self.offsets
        for i in range(L):
            mt[:, o[i]:o[i + 1], :] = outer([("E", E[l]) if l == i else ("v", vs[l]) for l in range(L)])
            for i2 in range(i + 1, L):
                blk = outer([("E", E[l]) if l in (i, i2) else ("v", vs[l]) for l in range(L)])
                mtt[:, o[i]:o[i + 1], o[i2]:o[i2 + 1], :] = blk
                mtt[:, o[i2]:o[i2 + 1], o[i]:o[i + 1], :] = blk.transpose(0, 2, 1, 3)
        return m, mt, mtt

    # -- the same equations from the rank-one structure (tracking and Newton) ----------
    def _rank_one(self, parts):
        """``(B, D, K)``: the tensor products of ``parts`` (per layer ``(B, k_i)`` filters
        or ``(B, d_i, k_i)`` directions), the directions' indices flattened into ``D``."""
        L = len(parts)
        dirs = [i for i, p in enumerate(parts) if p.ndim == 3]
        out = None
        for i, p in enumerate(parts):
            shape = [p.shape[0]] + [1] * len(dirs) + [1] * L
            if p.ndim == 3:
                shape[1 + dirs.index(i)] = p.shape[1]
            shape[1 + len(dirs) + i] = p.shape[-1]
            v = p.reshape(shape)
            out = v if out is None else out * v
        B = out.shape[0]
        return out.reshape(B, -1, self.n)

    @staticmethod
    def _contract(u, vs, keep):
        """``u`` (``(B, k_1, ..., k_L)``) contracted with the filters ``vs`` of every layer
        not in ``keep``; the kept axes stay, in order."""
        axes = "abcdefghij"[:len(vs)]
        for l in reversed(range(len(vs))):
            if l not in keep:
                rest = axes.replace(axes[l], "")
                u = np.einsum(f"z{axes},z{axes[l]}->z{rest}", u, vs[l])
                axes = rest
        return u

    def system(self, X, charts, data, with_t: bool = False):
        """``(F, J, F_s)`` at the rows of ``X`` (in per-row ``charts``, or the gauge's when
        None) for ``data`` a :class:`DataLine` (``F_s`` = derivative along the line, when
        ``with_t``) or shared ``(Q, b)``.  Uses that ``m`` is a rank-one tensor: ``m_t``
        is built once per layer and ``m_tt . u`` is a contraction of ``u`` with the filters,
        so the ``(B, N, N, K)`` array of :meth:`geometry` is never formed."""
        B, L, nt = X.shape[0], len(self.k), self.nt
        if charts is None:
            vs = self.filters(X)
            Es = [np.broadcast_to(self._gauge_E(i), (B,) + self._gauge_E(i).shape) for i in range(L)]
        else:
            vs = self.chart_filters(X, charts)
            Es = [E for _, E in charts]
        A = np.concatenate([self._rank_one(vs)] +
                           [self._rank_one([Es[l] if l == i else vs[l] for l in range(L)])
                            for i in range(L)], axis=1)                      # (B, 1 + nt, K)
        A2 = A.reshape(-1, self.n)
        line = isinstance(data, DataLine)
        Q0, b0 = (data.Q0, data.b0) if line else data
        AQ = (A2 @ Q0).reshape(A.shape)
        Ab = A @ b0
        if line:
            AdQ = (A2 @ data.dQ).reshape(A.shape)
            Adb = A @ data.db
            w = data.w
            AQ = AQ + w[:, None, None] * AdQ
            Ab = Ab + w[:, None] * Adb
        lam = X[:, -1]
        m, mt = A[:, 0], A[:, 1:]
        Au = (AQ * m[:, None, :]).sum(axis=2)                                # (m; m_t) . Q m
        F = np.empty((B, nt + 1), dtype=complex)
        F[:, :nt] = 2 * lam[:, None] * Au[:, 1:] - 2 * Ab[:, 1:]
        F[:, nt] = lam * Au[:, 0] - Ab[:, 0]
        J = np.empty((B, nt + 1, nt + 1), dtype=complex)
        u = (lam[:, None] * AQ[:, 0] - (b0 + w[:, None] * data.db if line else b0)).reshape((B,) + self.k)
        H = np.zeros((B, nt, nt), dtype=complex)                             # m_tt . u
        o = self.offsets
        for i in range(L):
            for i2 in range(i + 1, L):
                c = self._contract(u, vs, (i, i2))                           # (B, k_i, k_i2)
                blk = Es[i] @ c @ Es[i2].transpose(0, 2, 1)
                H[:, o[i]:o[i + 1], o[i2]:o[i2 + 1]] = blk
                H[:, o[i2]:o[i2 + 1], o[i]:o[i + 1]] = blk.transpose(0, 2, 1)
        J[:, :nt, :nt] = 2 * lam[:, None, None] * (AQ[:, 1:] @ mt.transpose(0, 2, 1)) + 2 * H
        J[:, :nt, nt] = 2 * Au[:, 1:]
        J[:, nt, :nt] = 2 * lam[:, None] * Au[:, 1:] - Ab[:, 1:]
        J[:, nt, nt] = Au[:, 0]
        Ft = None
        if with_t and line:
            Adu = (AdQ * m[:, None, :]).sum(axis=2)
            Ft = np.empty((B, nt + 1), dtype=complex)
            Ft[:, :nt] = 2 * lam[:, None] * Adu[:, 1:] - 2 * Adb[:, 1:]
            Ft[:, nt] = lam * Adu[:, 0] - Adb[:, 0]
        return F, J, Ft

    def embed(self, arch: Architecture):
        """The ``n x K`` matrix ``C`` of ``arch`` (same ``k``): ``m_arch = C m_tensor``."""
        if tuple(arch.k) != self.k:
            raise ValueError(f"{arch} does not have the filter sizes {self.k}")
        C = np.zeros((arch.n, self.n))
        for flat, idx in enumerate(np.ndindex(*self.k)):
            C[sum(j * S for j, S in zip(idx, arch.S)), flat] = 1
        return C


def _ball_const(x, like):
    from flint import acb, arb
    x = Fraction(x)
    return acb(arb(x.numerator) / x.denominator)


# --- tracking ----------------------------------------------------------------------------

def _solve(J, F):
    try:
        return np.linalg.solve(J, F[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(F.shape, np.nan, dtype=complex)
        for i in range(len(F)):
            try:
                out[i] = np.linalg.solve(J[i], F[i])
            except np.linalg.LinAlgError:
                pass
        return out


#: Newton steps per corrector and the relative size of the last one for a step to count; the
#: largest relative first Newton step (a predictor further off is a possible path jump); the
#: step's growth after a success and its largest size.  Measured on (3,3,3),(2,2,1) and
#: (2,4,4),(2,3,1) against (2, 1e-5, 1e-2, 1.25, 0.25): 30 % fewer steps, every solution still
#: found (a jump would show as a missing certified solution and a retry, never as a wrong count).
NEWTON_STEPS, TRACK_TOL, JUMP, GROW, HMAX = 2, 1e-3, 1e-2, 1.6, 0.4


def track(fam: SliceFamily, X0, pa, pb, max_steps: int = 600, h0: float = 0.05):
    """Track the solutions ``X0`` (rows) of the system at data ``pa`` to data ``pb`` along
    ``(1 - s) pa + s pb``, ``s`` from 0 to 1 (complex data: the path avoids the
    discriminant with probability one).  Returns ``(X1, ok)``; ``ok[i]`` False for a path
    that failed (step too small, diverged, too many steps).  In the tensor family every path
    moves to the chart centred at its own filters whenever a coordinate leaves the unit
    box (:meth:`TensorFamily.recentred`), and comes back to the gauge's chart at the end.
    Heuristic: an endpoint is trusted only after :func:`certify`."""
    (Qa, ba), (Qb, bb) = pa, pb
    B = len(X0)
    shared = np.ndim(Qa) == 2 and np.ndim(Qb) == 2
    if not shared:
        Qa, Qb = (np.broadcast_to(q, (B,) + np.shape(q)[-2:]) for q in (Qa, Qb))
        ba, bb = (np.broadcast_to(v, (B, np.shape(v)[-1])) for v in (ba, bb))
    dQ, db = Qb - Qa, bb - ba
    X = np.array(X0, dtype=complex)
    charts = fam.default_charts(B) if isinstance(fam, TensorFamily) else None
    s = np.zeros(B)
    h = np.full(B, h0)
    ok = np.ones(B, dtype=bool)
    done = np.zeros(B, dtype=bool)
    sel = slice(None)

    def fj(x, t, with_t=False):
        ch = None if charts is None else [(c[sel], E[sel]) for c, E in charts]
        if shared and isinstance(fam, TensorFamily):
            return fam.system(x, ch, DataLine(Qa, dQ, ba, db, t), with_t)
        g = fam.geometry(x) if ch is None else fam.geometry(x, ch)
        if shared:
            line = DataLine(Qa, dQ, ba, db, t)
            F, J = fam.FJ(x, g, line, line)
            return F, J, (fam.F(x, g, dQ, db) if with_t else None)
        w = t[:, None]
        F, J = fam.FJ(x, g, Qa[sel] + w[:, :, None] * dQ[sel], ba[sel] + w * db[sel])
        return F, J, (fam.F(x, g, dQ[sel], db[sel]) if with_t else None)

    def vel(x, t):
        _, J, Ft = fj(x, t, True)
        return -_solve(J, Ft)

    for _ in range(max_steps):
        act = np.flatnonzero(ok & ~done)
        if not len(act):
            break
        x, t = X[act], s[act]
        sel = act
        hh = np.minimum(h[act], 1 - t)
        k1 = vel(x, t)
        k2 = vel(x + hh[:, None] / 2 * k1, t + hh / 2)
        k3 = vel(x + hh[:, None] / 2 * k2, t + hh / 2)
        k4 = vel(x + hh[:, None] * k3, t + hh)
        y = x + hh[:, None] / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t1 = t + hh
        scale = 1 + np.abs(y).max(axis=1)
        nds = []
        for it in range(NEWTON_STEPS):
            F, J, _ = fj(y, t1)
            dx = _solve(J, F)
            y = y - dx
            nds.append(np.abs(dx).max(axis=1))
        good = ((nds[-1] < TRACK_TOL * scale) & (nds[0] < JUMP * scale)
                & np.isfinite(y).all(axis=1))
        ga, ba_ = act[good], act[~good]
        X[ga] = y[good]
        s[ga] = t1[good]
        h[ga] = np.minimum(h[ga] * GROW, HMAX)
        h[ba_] = h[ba_] * 0.5
        done[ga] = s[ga] >= 1 - 1e-14
        ok[ba_] = h[ba_] > 1e-9
        if charts is not None:
            far = ga[np.abs(X[ga, :-1]).max(axis=1) > 1] if len(ga) else ga
            X, charts = fam.recentred(X, charts, far)
        ok &= np.abs(X).max(axis=1) < 1e8
    ok &= done
    if charts is not None:
        X = fam.to_gauge(X, charts)
        ok &= np.isfinite(X).all(axis=1)
    return X, ok


def newton(fam: SliceFamily, X, p, steps: int = 6):
    """Newton's method at data ``p`` (rows of ``X``); returns the points and the last step
    sizes.  In the tensor family the steps are taken in the charts centred at the rows' own
    filters (step sizes relative to filters of norm 1), and the points returned in the
    gauge's chart."""
    Q, b = p
    X = np.array(X, dtype=complex)
    nd = np.full(len(X), np.inf)
    charts = None
    if isinstance(fam, TensorFamily) and len(X):
        X, charts = fam.recentred(X, fam.default_charts(len(X)), np.arange(len(X)))
    for _ in range(steps):
        if charts is not None and np.ndim(Q) == 2:
            F, J, _ = fam.system(X, charts, (Q, b))
        else:
            F, J = fam.FJ(X, fam.geometry(X) if charts is None else fam.geometry(X, charts), Q, b)
        dx = _solve(J, F)
        X = X - dx
        nd = np.abs(dx).max(axis=1)
    if charts is not None:
        X = fam.to_gauge(X, charts)
        nd = np.where(np.isfinite(X).all(axis=1), nd, np.inf)
    return X, nd


def _new_rows(known, cand, tol=1e-6):
    """Rows of ``cand`` (finite) not within ``tol`` (relative) of a row of ``known`` or of
    an earlier row of ``cand``."""
    out = []
    cand = [c for c in cand if np.isfinite(c).all()]
    allk = list(known)
    K = np.array(allk) if allk else np.zeros((0, cand[0].shape[0] if cand else 0), dtype=complex)
    for c in cand:
        sc = tol * (1 + np.abs(c).max())
        if len(K) and (np.abs(K - c).max(axis=1) < sc).any():
            continue
        out.append(c)
        K = np.vstack([K, c[None, :]]) if len(K) else c[None, :]
    return out


# --- start systems by monodromy --------------------------------------------------------

def _random_point(fam: SliceFamily, rng):
    """A random complex slice point."""
    x = (rng.normal(size=fam.N) + 1j * rng.normal(size=fam.N)) / np.sqrt(2)
    return _balanced(fam, x)


def _balanced(fam: SliceFamily, x):
    """``x`` with ``lam`` rescaled so that ``u = lam * m`` has norm 1 (start data of the
    same size as the normalised targets keep the paths slow)."""
    m = fam.geometry(x[None, :])[0][0]
    x = x.copy()
    x[-1] = x[-1] / (np.abs(x[-1]) * np.linalg.norm(m))
    return x


def monodromy_solve(fam: SliceFamily, target: int, seed: int = 0, loops: int = 2,
                    max_loops: int = 8, timeout: float | None = None, start=None, save=None):
    """Solutions of the family at random complex data ``p0``: ``(p0, X)`` with ``X`` the
    rows found (at most ``target``).  Starts from :meth:`SliceFamily.max_start_points`
    random solutions; every solution is pushed through every loop ``p0 -> p1 -> p2 -> p0``
    once (all loops in one batch, breadth first); a new loop is added when a round finds
    nothing.  ``start = (p0, X)`` resumes an earlier run (new loops); ``save(p0, X)`` is
    called after every round.  Heuristic: the count is what :func:`certify` proves later."""
    t0 = time.perf_counter()
    if start is None:
        rng = np.random.default_rng(seed)
        r = min(target, fam.max_start_points())
        xs = [_random_point(fam, rng) for _ in range(r)]
        p0 = fam.start_data(np.array(xs), rng)
        sols = _new_rows([], xs)
    else:
        rng = np.random.default_rng([seed, len(start[1])])
        p0, sols = start[0], [x for x in start[1]]
    loop_data, pushed = [], []
    for _ in range(loops):
        loop_data.append((_random_data(fam.n, rng), _random_data(fam.n, rng)))
        pushed.append(0)
    idle = 0
    while len(sols) < target:
        if timeout is not None and time.perf_counter() - t0 > timeout:
            break
        rows, which = [], []
        for k in range(len(loop_data)):
            rows.extend(sols[pushed[k]:])
            which.extend([k] * (len(sols) - pushed[k]))
            pushed[k] = len(sols)
        if not rows:
            idle += 1
            if len(loop_data) >= max_loops or idle > 2:
                break
            loop_data.append((_random_data(fam.n, rng), _random_data(fam.n, rng)))
            pushed.append(0)
            continue
        which, rows = np.array(which), np.array(rows)
        back = []
        for k in np.unique(which):      # one batch per loop: its data are shared
            p1, p2 = loop_data[k]
            X, ok = track(fam, rows[which == k], p0, p1)
            X, ok = track(fam, X[ok], p1, p2)
            X, ok = track(fam, X[ok], p2, p0)
            back.append(X[ok])
        X, nd = newton(fam, np.concatenate(back), p0)
        good = X[nd < 1e-10 * (1 + np.abs(X).max(axis=1))] if len(X) else X
        new = _new_rows(sols, list(good))
        sols.extend(new[:target - len(sols)])
        idle = 0 if new else idle
        if save is not None and new:
            save(p0, np.array(sols))
    return p0, np.array(sols)


def _random_data(n, rng):
    A = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    return _normalized(((A + A.T) / 2, rng.normal(size=n) + 1j * rng.normal(size=n)))


def _normalized(p):
    """Data scaled to norm 1 (the equations are linear in the data: same solutions)."""
    Q, b = p
    s = np.sqrt(np.abs(Q).max() ** 2 + np.abs(b).max() ** 2)
    return Q / s, b / s


_START_CACHE: dict = {}
#: Bump when the start systems' meaning changes (invalidates the disk cache).
START_VERSION = 1


def start_cache_dir():
    """Where start systems are kept between processes: ``$LCNALG_START_CACHE``, else
    ``$XDG_CACHE_HOME/lcnalg/starts`` (``~/.cache/lcnalg/starts``).  A stale or corrupt file
    only costs time: every solution is certified against the user's own data."""
    import os
    from pathlib import Path
    env = os.environ.get("LCNALG_START_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lcnalg" / "starts"


def _start_path(fam, seed):
    import hashlib
    key = repr((START_VERSION, fam.k, [[str(x) for x in a] for a in fam.gauge], seed))
    h = hashlib.sha256(key.encode()).hexdigest()[:16]
    return start_cache_dir() / f"k{'-'.join(map(str, fam.k))}_{h}.npz"


def _save_start(path, p0, X):
    """Write a start system to ``path`` atomically (a temporary file in the same folder,
    renamed over the old one); an unwritable cache only costs time."""
    import io
    import os
    import tempfile
    buf = io.BytesIO()
    np.savez(buf, Q=p0[0], b=p0[1], X=X)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(buf.getvalue())
        os.replace(tmp, path)
    except OSError:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _completed_start(fam: TensorFamily, p0, S0, solved, data, seed: int = 0):
    """A partial start system completed from a solved instance: the ``solved`` solutions at
    ``data`` tracked back to ``p0``; new ones are added and stored (in the canonical
    order of the factors, like :func:`start_system`).  Returns the start solutions."""
    X, ok = track(fam, np.asarray(solved), data, p0)
    X, nd = newton(fam, X[ok], p0)
    new = _new_rows(list(S0), list(X[nd < 1e-10 * (1 + np.abs(X).max(axis=1))]) if len(X) else [])
    if not new:
        return S0
    S1 = np.vstack([S0, np.array(new)])[:ged_degree(fam.k)]
    order = sorted(range(len(fam.k)), key=lambda i: (-fam.k[i], i))
    inv = [order.index(i) for i in range(len(fam.k))]
    canon = TensorFamily(tuple(fam.k[i] for i in order), [fam.gauge[i] for i in order])
    q0, Y = _permuted(fam, canon, inv, p0, S1)
    _save_start(_start_path(canon, seed), q0, Y)
    _START_CACHE[(canon.k, tuple(tuple(a) for a in canon.gauge), seed)] = (q0, Y)
    return S1


def start_system(fam: TensorFamily, seed: int = 0, timeout: float | None = None,
                 resume: bool = True):
    """``(p0, X, seconds)``: :func:`monodromy_solve` for the tensor family ``fam`` (one per
    filter sizes and gauge), kept in this process and on disk (:func:`start_cache_dir`;
    solutions re-checked by Newton when read).  A partial run is saved after every round
    and resumed by the next call, so a run cut by a time limit is not lost; with
    ``resume=False`` a partial start system on disk is returned as it is."""
    order = sorted(range(len(fam.k)), key=lambda i: (-fam.k[i], i))
    if order != list(range(len(fam.k))):   # solve the factors in canonical order, permute back
        canon = TensorFamily(tuple(fam.k[i] for i in order), [fam.gauge[i] for i in order])
        p0, X, seconds = start_system(canon, seed=seed, timeout=timeout, resume=resume)
        return _permuted(canon, fam, order, p0, X) + (seconds,)
    key = (fam.k, tuple(tuple(a) for a in fam.gauge), seed)
    target = ged_degree(fam.k)
    hit = _START_CACHE.get(key)
    if hit is not None and len(hit[1]) >= target:
        return hit[0], hit[1], 0.0
    path = _start_path(fam, seed)
    known = None
    try:
        with np.load(path) as z:
            p0, X = (z["Q"], z["b"]), z["X"]
        X, nd = newton(fam, X, p0, steps=2)
        X = X[nd < 1e-8 * (1 + np.abs(X).max(axis=1))]
        if len(X) >= target:
            _START_CACHE[key] = (p0, X)
            return p0, X, 0.0
        known = (p0, X) if len(X) else None
        if known is not None and not resume:
            return p0, X, 0.0
    except (OSError, KeyError, ValueError):
        pass

    def save(p0, X):
        _save_start(path, p0, X)
    t = time.perf_counter()
    p0, X = monodromy_solve(fam, target, seed=seed, timeout=timeout, start=known, save=save)
    _START_CACHE[key] = (p0, X)
    return p0, X, time.perf_counter() - t


def _permuted(canon, fam, order, p0, X):
    """Data and solutions of ``canon`` (layers ``order`` of ``fam``) as those of ``fam``."""
    L = len(order)
    inv = [order.index(i) for i in range(L)]
    Q, b = p0
    Q = Q.reshape(canon.k + canon.k).transpose(inv + [L + c for c in inv]).reshape(fam.n, fam.n)
    b = b.reshape(canon.k).transpose(inv).reshape(fam.n)
    o = canon.offsets
    cols = [c for i in range(L) for c in range(o[inv[i]], o[inv[i] + 1])] + [canon.N - 1]
    return (Q, b), np.asarray(X)[:, cols]


# --- certification ---------------------------------------------------------------------

def _exact_data(ell, scale):
    from flint import acb, arb, fmpq
    Q = np.array([[acb(arb(fmpq(int(x.numerator), int(x.denominator))) / scale) for x in row]
                  for row in ell.Q], dtype=object)
    b = np.array([acb(arb(fmpq(int(x.numerator), int(x.denominator))) / scale) for x in ell.b],
                 dtype=object)
    return Q, b


def _krawczyk(fam, Qe, be, c, rad, real):
    """Krawczyk's test on the box of half-width ``rad`` around the centre ``c`` (acb values
    without radius; imaginary parts 0 when ``real``): True when the operator maps the box
    into its interior and ``lam != 0`` on it."""
    from flint import acb, arb
    X = np.array([acb(arb(z.real.mid(), rad), arb(0 if real else z.imag.mid(), rad)) for z in c],
                 dtype=object)[None, :]
    c = np.array([acb(z.real.mid(), 0 if real else z.imag.mid()) for z in c], dtype=object)[None, :]
    Fc, Jc = fam.FJ(c, fam.geometry(c), Qe, be)
    _, JX = fam.FJ(X, fam.geometry(X), Qe, be)
    Jm = np.array([[complex(float(z.real.mid()), float(z.imag.mid())) for z in row] for row in Jc[0]])
    try:
        Y = np.linalg.inv(Jm)
    except np.linalg.LinAlgError:
        return False
    Yb = np.array([[acb(float(z.real), float(z.imag)) for z in row] for row in Y], dtype=object)
    N = fam.N
    Id = np.array([[acb(int(i == j)) for j in range(N)] for i in range(N)], dtype=object)
    K = c[0] - Yb @ Fc[0] + (Id - Yb @ JX[0]) @ (X[0] - c[0])
    for Ki, Xi in zip(K, X[0]):
        for a, b_ in ((Ki.real, Xi.real), (Ki.imag, Xi.imag)):
            if not (a.upper() < b_.upper() and a.lower() > b_.lower()):
                return False
    lam = X[0][-1]
    return not (lam.real.contains(0) and lam.imag.contains(0))


def _refined(fam, Qe, be, x, steps: int = 4):
    """Newton's method at the working precision of flint on ``x`` (complex floats): the
    midpoints as acb values (for ill-conditioned solutions, where a double-precision centre
    is not accurate enough for Krawczyk)."""
    from flint import acb, acb_mat
    c = np.array([acb(complex(z)) for z in x], dtype=object)
    for _ in range(steps):
        F, J = fam.FJ(c[None, :], fam.geometry(c[None, :]), Qe, be)
        try:
            d = acb_mat([[z.mid() for z in row] for row in J[0]]).solve(
                acb_mat([[z.mid()] for z in F[0]]))
        except (ZeroDivisionError, ValueError):
            return c
        c = np.array([(c[i] - d[i, 0]).mid() for i in range(len(c))], dtype=object)
    return c


def _first_box(fam, Qe, be, c, x, size, rels, near):
    """The first ``(centre, real, rad)`` among the half-widths ``rel * size`` that passes
    :func:`_krawczyk` around the centre ``c`` (the symmetric box first when ``x`` is within
    ``near(rad)`` of the reals), or None."""
    for rel in rels:
        rad = rel * size
        for real in ((True, False) if np.abs(x.imag).max() <= near(rad) else (False,)):
            if _krawczyk(fam, Qe, be, c, rad, real):
                xc = np.array([complex(float(z.real.mid()), 0.0 if real else float(z.imag.mid()))
                               for z in c])
                return xc, real, rad
    return None


def certify(fam: SliceFamily, ell, X, scale: float = 1.0):
    """Certify the approximate solutions ``X`` (rows) of the system at the exact data of
    ``ell`` (divided by ``scale``): a list of ``(x, real, rad)`` for the certified ones
    (Krawczyk on a box of half-width ``rad`` around ``x``; ``real``: the box is
    conjugation-symmetric), boxes that overlap an earlier certified box dropped (counted
    once).  Double precision first; a failure is refined and retried at 128 bits."""
    import flint
    from flint import acb
    Qe, be = _exact_data(ell, scale)
    high = None                       # the data at 128 bits, made at the first failure
    out = []
    for x in X:
        size = 1 + np.abs(x).max()
        c = np.array([acb(complex(z)) for z in x], dtype=object)
        box = _first_box(fam, Qe, be, c, x, size, (1e-9, 1e-7, 1e-11, 1e-5),
                         lambda rad: max(100 * rad, 1e-7 * size))
        if box is None:
            old = flint.ctx.prec
            flint.ctx.prec = 128
            try:
                high = high or _exact_data(ell, scale)
                c = _refined(fam, *high, x)
                box = _first_box(fam, *high, c, x, size, (1e-24, 1e-20, 1e-16, 1e-28),
                                 lambda rad: 1e-7 * size)
            finally:
                flint.ctx.prec = old
        if box is not None:
            out.append(box)
    # distinct: drop a box that overlaps an earlier kept one.  Sorted by the real part of the
    # first coordinate, an overlapping box lies within the largest radius (plus the rounding
    # of the centres to floats) of it, so the scan back stops there.
    keep, rmax = [], 0.0
    for x, real, r in sorted(out, key=lambda t: t[0][0].real):
        slack = 1e-15 * (1 + np.abs(x).max())
        overlap = False
        for y, _, ry in reversed(keep):
            if x[0].real - y[0].real > r + rmax + slack:
                break
            if (np.all(np.abs(x.real - y.real) <= r + ry + slack)
                    and np.all(np.abs(x.imag - y.imag) <= r + ry + slack)):
                overlap = True
                break
        if not overlap:
            keep.append((x, real, r))
            rmax = max(rmax, r)
    return keep


# --- the whole solve -------------------------------------------------------------------

@dataclass
class HomotopyResult:
    """Critical points of ``ell o mu`` on the slice by homotopy continuation."""

    arch: Architecture
    ged_degree: int
    certified_count: int            # pairwise disjoint certified boxes
    complete: bool                  # certified_count == ged_degree (the theorem: all of them)
    real: list = field(default_factory=list)      # real solutions (rows (t, lam), floats)
    nonreal: list = field(default_factory=list, repr=False)
    gauge: list = field(default_factory=list, repr=False)
    reason: str | None = None
    seconds_tracking: float = 0.0
    seconds_certifying: float = 0.0
    start_seconds: float = 0.0      # monodromy (0 when the start system was cached)
    real_radii: list = field(default_factory=list, repr=False)   # half-widths of the real boxes

    @property
    def real_count(self) -> int:
        return len(self.real)


def default_gauge(k):
    """The gauge slice of the homotopy solver: per layer random small integers seeded by the
    layer's size only, so one start system serves every stride, data set and order of the
    layers (:func:`start_system` permutes the factors)."""
    out = []
    for ki in k:
        rng = np.random.default_rng([104729, ki])
        out.append([Fraction(1)] + [Fraction(int(x)) for x in rng.integers(-3, 4, ki - 1)])
    return out


def solve_critical(arch: Architecture, ell, seed: int = 0, gauge=None,
                   timeout: float | None = None) -> HomotopyResult:
    """All critical points of ``ell o mu`` on the slice of ``gauge`` (default:
    :func:`default_gauge`), by monodromy in the tensor family + parameter homotopy +
    Krawczyk (module docstring).  ``complete`` is a proof that the list holds every isolated
    critical point on the slice; ``seed`` seeds the random choices of the tracker only."""
    if ell.n != arch.n:
        raise ValueError(f"the loss is on R^{ell.n}, the architecture's end-to-end filter has size {arch.n}")
    gauge = default_gauge(arch.k) if gauge is None else gauge
    fam = SliceFamily(arch, gauge)
    ten = TensorFamily(arch.k, gauge)
    G = ged_degree(arch.k)
    p0, S0, start_seconds = start_system(ten, timeout=timeout, resume=False)
    t1 = time.perf_counter()
    scale = max(max(abs(float(x)) for row in ell.Q for x in row), max(abs(float(x)) for x in ell.b), 1e-300)
    Qt = np.array([[float(x) / scale for x in row] for row in ell.Q])
    bt = np.array([float(x) / scale for x in ell.b])
    C = ten.embed(arch)
    target = ((C.T @ Qt @ C).astype(complex), (C.T @ bt).astype(complex))
    pt = (Qt.astype(complex), bt.astype(complex))

    def endpoints(X, ok):
        Y, nd = newton(ten, X[ok], target)
        found = [x for x, e in zip(Y, nd) if e < 1e-8 * (1 + np.abs(x).max())]
        return found + [x.conj() for x in found]
    X, ok = track(ten, S0, p0, target)
    good = _new_rows([], endpoints(X, ok), tol=1e-8)
    rng = np.random.default_rng(seed + 1)
    for attempt in range(4):  # lost paths: again, with more steps or through a random point
        if len(good) >= G:
            break
        # the paths that failed (ill-conditioned ends need many steps), then, as path
        # jumping leaves no trace, all of them through an intermediate random point
        if attempt == 0 and (~ok).any():
            Y, ok2 = track(ten, S0[~ok], p0, target, max_steps=6000)
        else:
            q = _random_data(ten.n, rng)
            redo = S0[~ok] if attempt == 2 and (~ok).any() else S0
            Y, ok1 = track(ten, redo, p0, q)
            Y, ok2 = track(ten, Y[ok1], q, target, max_steps=6000)
        good = good + _new_rows(good, endpoints(Y, ok2), tol=1e-8)
    if len(good) < G and len(S0) < G:  # a partial start system: resume the monodromy
        t = time.perf_counter()
        _, S1, more_seconds = start_system(ten, timeout=timeout)
        start_seconds += more_seconds
        new = _new_rows(list(S0), list(S1))
        if new:
            Y, ok2 = track(ten, np.array(new), p0, target, max_steps=6000)
            good = good + _new_rows(good, endpoints(Y, ok2), tol=1e-8)
        S0 = S1
        t1 += time.perf_counter() - t      # the monodromy is not tracking time
    if len(S0) < G <= len(good):   # the data homotopy found more: complete the start system
        t = time.perf_counter()
        S0 = _completed_start(ten, p0, S0, good, target)
        t1 += time.perf_counter() - t
    t2 = time.perf_counter()
    certified = certify(fam, ell, np.array(good), scale) if good else []
    t3 = time.perf_counter()
    real = [x.real for x, r, _ in certified if r]
    nonreal = [x for x, r, _ in certified if not r]
    count = len(certified)
    reason = None
    if count < G:
        reason = (f"{count} of gEDdeg = {G} solutions certified (start system {len(S0)}, "
                  f"tracked {len(good)}): a lower bound")
    elif count > G:
        reason = f"{count} certified solutions exceed gEDdeg = {G}: the data are not in the family?"
    return HomotopyResult(arch, G, count, count == G, real, nonreal, gauge, reason,
                          round(t2 - t1, 3), round(t3 - t2, 3), round(start_seconds, 3),
                          [r for _, real_, r in certified if real_])
