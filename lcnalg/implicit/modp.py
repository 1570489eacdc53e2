"""Modular building blocks of the multigraded engine: monomials by piece, random points of
``V`` modulo a prime, flint matrices, Chinese remaindering and rational reconstruction.

EXAMPLES::

    >>> T = Monomials(3, 2, [0, 1, 2])
    >>> {w: len(rows) for w, rows in T.pieces.items()}
    {0: 1, 1: 1, 2: 2, 3: 1, 4: 1}
    >>> T.exponents(T.pieces[2]).tolist()   # decreasing degrevlex
    [[0, 2, 0], [1, 0, 1]]
    >>> reconstruct(3 * pow(7, -1, 101) % 101, 101)
    (3, 7)
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from lcnalg.geometry.architecture import Architecture

__all__ = ["one_blas_thread", "Monomials", "Points", "full_column_rank", "kernel_rows",
           "nmod_matrix", "reconstruct", "crt", "SMALL_PRIME", "SMALL_PRIMES"]


class Monomials:
    """The monomials of degree ``t`` in ``m`` variables of weights ``weights``, as sorted
    index tuples ``combos`` (one row each), grouped into pieces of equal weight; in each
    piece the rows are sorted by decreasing degrevlex (first variable largest).

    ``lt`` (set by the engine) marks the rows in the leading-term ideal of ``J``."""

    def __init__(self, m: int, t: int, weights, prev: "Monomials | None" = None):
        self.m, self.t = m, t
        count = math.comb(m + t - 1, t)
        flat = itertools.chain.from_iterable(itertools.combinations_with_replacement(range(m), t))
        self.combos = np.fromiter(flat, dtype=np.int64, count=count * t).reshape(count, t)
        self._binom = np.array([[math.comb(a, b) for b in range(t + 2)] for a in range(m + t + 1)],
                               dtype=np.int64)
        self.row_of_rank = np.empty(count, dtype=np.int64)
        self.row_of_rank[self._rank(self.combos)] = np.arange(count)
        exps = self.exponents(np.arange(count))
        wts = np.asarray(weights, dtype=np.int64)[self.combos].sum(axis=1)
        order = np.lexsort([exps[:, j] for j in range(m)] + [wts])
        cuts = np.flatnonzero(np.diff(wts[order])) + 1
        self.pieces = {int(wts[rows[0]]): rows for rows in np.split(order, cuts)}
        self.lt = np.zeros(count, dtype=bool)
        self.prev = prev

    def __len__(self) -> int:
        return len(self.combos)

    def _rank(self, combos) -> np.ndarray:
        """Colex rank of sorted index tuples (combinatorial number system)."""
        r = np.zeros(len(combos), dtype=np.int64)
        for i in range(combos.shape[1]):
            r += self._binom[combos[:, i] + i, i + 1]
        return r

    def rows(self, combos) -> np.ndarray:
        """Row numbers of sorted index tuples of length ``t``."""
        return self.row_of_rank[self._rank(np.asarray(combos, dtype=np.int64).reshape(-1, self.t))]

    def exponents(self, rows) -> np.ndarray:
        """Exponent vectors of the given rows."""
        c = self.combos[rows]
        out = np.zeros((len(c), self.m), dtype=np.int64)
        for i in range(self.t):
            np.add.at(out, (np.arange(len(c)), c[:, i]), 1)
        return out

    def row_of_exponents(self, exps) -> np.ndarray:
        combos = [[j for j, a in enumerate(e) for _ in range(a)] for e in exps]
        return self.rows(combos)

    def mark_lead_ideal(self, leads) -> None:
        """Set ``lt``: multiples of the previous degree's ``lt`` and the ``leads`` (exponent
        vectors of degree ``t``)."""
        lt = np.zeros(len(self), dtype=bool)
        if self.prev is not None and self.prev.lt.any() and self.t > 1:
            for i in range(self.t):
                lt |= self.prev.lt[self.prev.rows(np.delete(self.combos, i, axis=1))]
        if len(leads):
            lt[self.row_of_exponents(leads)] = True
        self.lt = lt


class Points:
    """Random points ``mu(theta)`` of ``V`` (kept coordinates), ``theta`` seeded, reduced
    modulo any prime on demand."""

    def __init__(self, arch: Architecture, keep: list[int], seed: int):
        self.arch, self.keep = arch, keep
        self.rng = np.random.default_rng(seed)
        self.theta = np.zeros((sum(arch.k), 0), dtype=np.int64)
        self._mu: dict[int, np.ndarray] = {}

    def _grow(self, count: int) -> None:
        if count <= self.theta.shape[1]:
            return
        more = max(count - self.theta.shape[1], self.theta.shape[1], 64)
        self.theta = np.hstack([self.theta, self.rng.integers(1, 2 ** 31 - 1, size=(len(self.theta), more))])
        self._mu.clear()

    def mu(self, p: int, count: int) -> np.ndarray:
        """``mu`` at the first ``count`` points, mod ``p``: an array ``len(keep) x count``."""
        self._grow(count)
        if p not in self._mu:
            self._mu[p] = _mu_mod(self.arch, self.theta % p, p)[self.keep]
        return self._mu[p][:, :count]

    def evaluate(self, combos, count: int, p: int) -> np.ndarray:
        """The monomials (rows of sorted index tuples) at the first ``count`` points mod ``p``:
        ``len(combos) x count``."""
        t = combos.shape[1]
        if t >= 4 and len(combos) > 64:
            # split each monomial into two halves: far fewer distinct halves than monomials
            left, li = np.unique(combos[:, :t // 2], axis=0, return_inverse=True)
            right, ri = np.unique(combos[:, t // 2:], axis=0, return_inverse=True)
            vals = self.evaluate(left, count, p)[li.ravel()]
            vals *= self.evaluate(right, count, p)[ri.ravel()]
            return vals % p
        mu = self.mu(p, count)
        vals = mu[combos[:, 0]]
        for i in range(1, t):
            vals = vals * mu[combos[:, i]] % p
        return vals


def _mu_mod(arch: Architecture, theta: np.ndarray, p: int) -> np.ndarray:
    """End-to-end filters of the parameter columns of ``theta`` mod ``p`` (``n x count``)."""
    coeffs = None
    pos = 0
    for ki, Si in zip(arch.k, arch.S):
        w = theta[pos:pos + ki]
        pos += ki
        if coeffs is None:
            up = np.zeros(((ki - 1) * Si + 1, theta.shape[1]), dtype=np.int64)
            up[::Si] = w
            coeffs = up
            continue
        new = np.zeros((len(coeffs) + (ki - 1) * Si, theta.shape[1]), dtype=np.int64)
        for b in range(ki):
            new[b * Si:b * Si + len(coeffs)] = (new[b * Si:b * Si + len(coeffs)] + coeffs * w[b]) % p
        coeffs = new
    return coeffs


#: a prime below 2^21: residues are kept centred (``|x| <= p/2 + 1 < 2^20``), so sums of
#: ``2^12`` products are exact in float64 (BLAS)
SMALL_PRIME = 2097143
#: the primes below 2^21 from :data:`SMALL_PRIME` down: :func:`kernel_rows` modulo several of
#: them, combined by Chinese remaindering
SMALL_PRIMES = (2097143, 2097133, 2097131, 2097097, 2097091, 2097083, 2097047, 2097041,
                2097031, 2097023, 2097013, 2096993, 2096987, 2096971, 2096959, 2096957,
                2096947, 2096923, 2096911, 2096909, 2096893, 2096881, 2096873, 2096867)
_BLOCK = 16
#: inner dimension of one exact float64 product (``2^12`` terms below ``2^40`` each)
_CHUNK = 4096


#: :func:`full_column_rank` runs BLAS on one thread from this many columns on
BLAS_ONE_THREAD_FROM = 200


def one_blas_thread():
    """A context in which BLAS runs on one thread.  The exact LU below is many mid-sized
    products: with OpenBLAS's default of one thread per core they run 2-3x slower as soon as
    another process uses a core (``make tables --jobs 2``, a benchmark beside M2, both
    measured: 1.5 s vs 0.75 s at 2000 columns); on an idle machine two threads are up to 2x
    faster.  One thread keeps timings comparable with single-threaded M2.  The environment
    variable ``LCNALG_BLAS_THREADS`` (a number, or ``all`` for BLAS's default) overrides it."""
    import contextlib
    import os
    threads = os.environ.get("LCNALG_BLAS_THREADS", "1")
    if threads == "all":
        return contextlib.nullcontext()
    if not threads.isdigit() or int(threads) < 1:
        raise ValueError(f"LCNALG_BLAS_THREADS={threads!r}: expected a positive integer or 'all'")
    return blas_controller().limit(limits=int(threads), user_api="blas")  # applied at once


_CONTROLLER = None


def blas_controller():
    """The process's threadpoolctl controller (scanning the loaded libraries takes up to
    0.1 s: done once, before forking where possible)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER


def full_column_rank(a: np.ndarray, p: int = SMALL_PRIME) -> bool:
    """Whether ``a`` (``m x n``, ``m >= n``, residues mod ``p < 2^21``) has rank ``n`` mod
    ``p``: recursive blocked LU in float64 (BLAS) on centred residues, every product sum
    exact (inner dimension chunked at ``_CHUNK``).

    EXAMPLES::

        >>> full_column_rank(np.array([[1, 2], [2, 4], [0, 0]])), full_column_rank(np.eye(3, dtype=int))
        (False, True)
    """
    m, n = a.shape
    if m < n or p >= 2 ** 21:
        raise ValueError(f"full_column_rank: needs m >= n, p < 2^21; got {a.shape}, p={p}")
    A = np.array(a, dtype=np.float64)
    _red(A, p)
    if n < BLAS_ONE_THREAD_FROM:
        return len(_echelon(A, p)[1]) == n
    with one_blas_thread():
        return len(_echelon(A, p)[1]) == n


def _red(X: np.ndarray, p: int) -> None:
    """Centre ``X`` mod ``p`` in place: ``|X| <= p/2 + 1`` (exact: the integers stay below
    ``2^53``; a misrounded quotient only happens next to ``p/2``).  One temporary, no
    others (4-5x faster than ``X -= p * np.rint(X / p)`` on large blocks)."""
    q = X * (1.0 / p)
    np.rint(q, out=q)
    q *= p
    X -= q


def _mm(A: np.ndarray, B: np.ndarray, p: int) -> np.ndarray:
    """``A @ B`` centred mod ``p``, exact: the inner dimension in chunks of ``_CHUNK``."""
    out = A[:, :_CHUNK] @ B[:_CHUNK]
    _red(out, p)
    for i in range(_CHUNK, A.shape[1], _CHUNK):
        part = A[:, i:i + _CHUNK] @ B[i:i + _CHUNK]
        _red(part, p)
        out += part
        _red(out, p)
    return out


def _trsm(L: np.ndarray, B: np.ndarray, p: int) -> None:
    """``B := L^-1 B mod p`` in place, ``L`` unit lower triangular (recursive, BLAS-3)."""
    n = L.shape[0]
    if n <= _BLOCK:
        for j in range(1, n):
            B[j] -= L[j, :j] @ B[:j]
            _red(B[j], p)
        return
    h = n // 2
    _trsm(L[:h, :h], B[:h], p)
    B[h:] -= _mm(L[h:, :h], B[:h], p)
    _red(B[h:], p)
    _trsm(L[h:, h:], B[h:], p)


def kernel_rows(a: np.ndarray, p: int = SMALL_PRIME) -> tuple[list[int], np.ndarray]:
    """``(free, K)``: the right kernel of ``a`` (``m x n`` residues mod ``p < 2^21``) in
    reduced echelon form read from the right: ``free`` are the columns in the span of the
    columns before them, and row ``i`` of ``K`` (entries in ``[0, p)``) is the kernel vector
    with ``1`` at ``free[i]``, ``0`` at the other free columns and after ``free[i]``.  The
    same vectors as ``nullspace`` of flint followed by an echelon form with reversed columns
    (:func:`lcnalg.implicit.multigraded._kernel_rows`), from one blocked LU in float64
    (:func:`full_column_rank`'s arithmetic) that skips the columns without a pivot, and one
    triangular solve.

    EXAMPLES::

        >>> kernel_rows(np.array([[1, 2, 3], [2, 4, 5]]), 7)   # column 1 = 2 * column 0
        ([1], array([[5, 1, 0]]))
        >>> kernel_rows(np.eye(3, dtype=int))
        ([], array([], shape=(0, 3), dtype=int64))
    """
    m, n = a.shape
    if p >= 2 ** 21:
        raise ValueError(f"kernel_rows: needs p < 2^21; got p={p}")
    A = np.array(a, dtype=np.float64)
    _red(A, p)
    if n < BLAS_ONE_THREAD_FROM:
        _, piv = _echelon(A, p)
    else:
        with one_blas_thread():
            _, piv = _echelon(A, p)
    pivots = set(piv)
    free = [j for j in range(n) if j not in pivots]
    if not free:
        return [], np.zeros((0, n), dtype=np.int64)
    r = len(piv)
    K = np.zeros((len(free), n), dtype=np.float64)
    K[np.arange(len(free)), free] = 1
    if r:
        # U X = -U_free on the pivot columns (U upper triangular in A's first r rows), made
        # unit by scaling each row by its pivot's inverse, solved reversed (unit lower)
        inv = np.array([pow(int(x), -1, p) for x in np.diag(A[:r, piv])], dtype=np.float64)
        U = A[:r, piv] * inv[:, None]
        B = -(A[:r, free] * inv[:, None])
        _red(U, p)
        _red(B, p)
        L, X = np.ascontiguousarray(U[::-1, ::-1]), np.ascontiguousarray(B[::-1])
        with one_blas_thread():
            _trsm(L, X, p)
        K[:, piv] = X[::-1].T
    _red(K, p)
    return free, np.mod(K, p).astype(np.int64)


def _echelon(A: np.ndarray, p: int) -> tuple[np.ndarray, list[int]]:
    """In-place row echelon form mod ``p`` (centred residues) with row pivoting: ``(perm,
    piv)``, ``piv`` the pivot columns in order.  Row ``i < r = len(piv)`` of ``A`` holds ``U``
    from column ``piv[i]`` on; below the pivots, the pivot columns hold the multipliers
    (``A[perm]`` restricted to the pivot columns is ``L U``); a column
    without a pivot is skipped and stays zero below the rows of the pivots before it.  Recursive
    on the columns (left half, its rank ``r1 <= n1``, then the right half below row ``r1``)."""
    m, n = A.shape
    if m == 0:
        return np.arange(0), []
    if n <= _BLOCK:
        panel = np.asfortranarray(A)
        perm, piv = _panel_echelon(panel, p)
        A[...] = panel
        return perm, piv
    n1 = n // 2
    perm1, piv1 = _echelon(A[:, :n1], p)
    r1 = len(piv1)
    A[:, n1:] = A[perm1, n1:]
    if r1:
        # the pivot columns: a view when they are the first r1 columns (full rank, the usual
        # case), else a copy
        cols = slice(0, r1) if piv1[-1] == r1 - 1 else piv1
        _trsm(A[:r1, cols], A[:r1, n1:], p)  # U12 = L11^-1 A12 (strictly lower part used)
        A[r1:, n1:] -= _mm(A[r1:, cols], A[:r1, n1:], p)
        _red(A[r1:, n1:], p)
    perm2, piv2 = _echelon(A[r1:, n1:], p)
    A[r1:, :n1] = A[r1:, :n1][perm2]
    perm1[r1:] = perm1[r1:][perm2]
    return perm1, piv1 + [n1 + j for j in piv2]


def _panel_echelon(A: np.ndarray, p: int) -> tuple[np.ndarray, list[int]]:
    """The unblocked :func:`_echelon` on a narrow panel (``n <= _BLOCK`` columns)."""
    m, n = A.shape
    perm, piv, r = np.arange(m), [], 0
    for j in range(n):
        if r == m:
            break
        _red(A[r:, j], p)
        nz = np.flatnonzero(A[r:, j])  # |entries| < p: zero iff zero mod p
        if not len(nz):
            continue
        i = r + int(nz[0])
        if i != r:
            A[[r, i]] = A[[i, r]]
            perm[[r, i]] = perm[[i, r]]
        _red(A[r, j + 1:], p)
        col = A[r + 1:, j] * pow(int(A[r, j]), -1, p)
        _red(col, p)
        A[r + 1:, j] = col
        A[r + 1:, j + 1:] -= np.outer(col, A[r, j + 1:])
        piv.append(j)
        r += 1
    _red(A, p)
    return perm, piv


def nmod_matrix(a: np.ndarray, p: int):
    """A flint ``nmod_mat`` from a 2-d array of residues mod ``p``."""
    import flint
    r, c = a.shape
    return flint.nmod_mat(flint.fmpz_mat(r, c, a.ravel().tolist()), p)


def reconstruct(a: int, m: int) -> tuple[int, int] | None:
    """``(r, s)`` with ``r / s ≡ a (mod m)``, ``|r|, s <= sqrt(m / 2)``, or None."""
    a %= m
    if a == 0:
        return 0, 1
    bound = math.isqrt(m // 2)
    r0, r1, s0, s1 = m, a, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1, s0, s1 = r1, r0 - q * r1, s1, s0 - q * s1
    if s1 == 0 or abs(s1) > bound or math.gcd(r1, abs(s1)) != 1:
        return None
    return (r1, s1) if s1 > 0 else (-r1, -s1)


def crt(residues: list[np.ndarray], primes) -> np.ndarray:
    """Entries combined modulo the product of ``primes`` (object array of Python ints)."""
    x = residues[0].astype(object)
    modulus = primes[0]
    for r, p in zip(residues[1:], primes[1:]):
        inv = pow(modulus, -1, p)
        x = x + modulus * (((r.astype(object) - x) * inv) % p)
        modulus *= p
    return x
