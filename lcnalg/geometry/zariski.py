"""Zariski-closedness of the function space (MATH.md §4): is ``M_{k,s} = V_{k,s}(R)``?

:func:`zariski_closed` answers ``True`` / ``False`` / ``None`` (undecided):

* stride-one architectures: the theorem (closed iff filling); when not filling, the witness
  ``t^e * prod_j (t^2 + j^2)`` (no real root where two odd-degree layers need one each);
* non-overlapping (``k_i <= s_i`` for ``i < L``): closed.  ``mu`` is an injective linear image
  of the Segre map, and a real point of the complex Segre cone is a real rank-one tensor;
* non-reduced: ``M`` lies in ``M_red`` with the same closure, so a witness for the reduced
  architecture is one for ``M``; if ``M_red`` is closed and every stride-one block is
  filling, ``M = M_red`` is closed [theorem];
* otherwise a search over candidate real points of ``V``: products of *atoms*
  ``(t^e - rho)^p`` (``rho`` real) and ``((t^e - tau)(t^e - conj tau))^p`` (``tau`` a Gaussian
  integer) and powers of ``x``, ``y``, with exponents ``e`` in ``{S_i, 2 S_i}``, fewest atoms
  first.  These are exactly the conjugation-invariant configurations in which a non-real
  hyperroot orbit of one layer can be matched by its conjugate split over other layers.
  A float pre-test discards candidates outside ``V`` or inside ``M``; the rest are decided
  exactly by :meth:`FunctionSpace.contains`.

A witness (``closed=False``) is a rational point of ``V`` outside ``M``, verified exactly: an
exact complex factorization exists (so ``P`` is in ``V``), every generator of the ideal of
``V`` vanishes at it (when the ideal is computed within the time limit), and ``contains``
says no.  ``closed=False`` with a witness is certified; ``closed=True`` is certified only by
the theorems above; the search alone never answers ``True``.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.zariski import zariski_closed
    >>> r = zariski_closed(Architecture((3, 2), (2, 1)))
    >>> r.closed, r.witness, r.certified
    (False, [1, 0, 0, 0, 1], True)
    >>> zariski_closed(Architecture((2, 2), (2, 1))).closed
    True
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.function_space import FunctionSpace

#: |rho| of the real atoms (pairwise multiplicatively independent, so no shared roots)
_REAL_PARAMS = [1, 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]
#: tau of the conjugate-pair atoms: Gaussian primes of prime norm, no two associate, so no
#: power of one is real or equals a power of another
_PAIR_PARAMS = [(1, 2), (2, 3), (1, 4), (2, 5), (1, 6), (4, 5), (2, 7), (5, 6), (1, 10), (3, 10)]


@dataclass
class ZariskiResult:
    """``closed``: True / False / None (undecided); ``witness``: rational ``c_0..c_{n-1}`` of a
    point of ``V`` outside ``M`` (when ``closed`` is False)."""
    arch: Architecture
    closed: bool | None
    witness: list | None
    method: str
    certified: bool
    reason: str
    candidates: int = 0
    checks: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"zariski_closed": self.closed,
                "witness": None if self.witness is None else [str(c) for c in self.witness],
                "method": self.method, "certified": self.certified, "reason": self.reason,
                "candidates": self.candidates}


def zariski_closed(arch: Architecture, seed: int = 0, max_candidates: int = 400,
                   timeout: float | None = 60, verify_ideal: bool = True) -> ZariskiResult:
    """Decide whether ``M_{k,s}`` is Zariski closed (see the module docstring).

    ``seed`` rotates the atom parameters of the search; ``max_candidates`` bounds the number of
    candidate points built; ``timeout`` bounds the ideal computation used to verify a witness
    (``verify_ideal=False`` skips it: the exact complex factorization alone proves ``P in V``)."""
    if not isinstance(arch, Architecture):
        raise ValueError(f"expected an Architecture, got {arch!r}")
    if arch.stride_one:
        if arch.filling:
            return ZariskiResult(arch, True, None, "theorem: stride-one", True,
                                 "stride-one and filling: M = R^n [theorem]")
        w = _stride_one_witness(arch)
        res = ZariskiResult(arch, False, w, "theorem: stride-one", True,
                            "stride-one, not filling (>= 2 odd d_i) [theorem]; witness has too "
                            "few real roots for the odd-degree layers")
        return _verified(res, timeout, verify_ideal)
    if not arch.is_reduced:
        red = arch.reduced()
        rr = zariski_closed(red, seed, max_candidates, timeout, verify_ideal=False)
        if rr.closed is False:
            res = ZariskiResult(arch, False, rr.witness, f"reduced architecture {red}", True,
                                f"M is inside M_red, same closure [theorem]; witness of {red}: "
                                + rr.reason, rr.candidates)
            return _verified(res, timeout, verify_ideal)
        blocks_filling = all(b.filling for b in arch.blocks())
        if rr.closed and blocks_filling:
            return ZariskiResult(arch, True, None, f"reduced architecture {red}", rr.certified,
                                 f"every stride-one block is filling, so M = M_red [theorem], "
                                 f"and M_red is closed: {rr.reason}", rr.candidates)
        res = _search(arch, seed, max_candidates)
        res.reason += f"; reduced architecture {red}: " + ("closed" if rr.closed else "undecided")
        return _verified(res, timeout, verify_ideal)
    if arch.non_overlapping:
        return ZariskiResult(arch, True, None, "theorem: non-overlapping", True,
                             "k_i <= s_i for i < L: mu is an injective linear image of the Segre "
                             "map and real points of the Segre cone are real rank-one tensors")
    return _verified(_search(arch, seed, max_candidates), timeout, verify_ideal)


def _stride_one_witness(arch: Architecture) -> list:
    """``t^e prod_{j=1}^m (t^2 + j^2)`` with ``n - 1 = 2m + e``: ``e <= 1`` real roots, fewer
    than the number (>= 2, same parity) of odd ``d_i``."""
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    t = PolynomialRing(QQ, "t").gen()
    m, e = divmod(arch.n - 1, 2)
    P = t ** e
    for j in range(1, m + 1):
        P *= t ** 2 + j ** 2
    return list(P.list())


# --- the search -------------------------------------------------------------------

def _atoms(arch: Architecture) -> list[tuple]:
    """Atoms ``(kind, e, p, degree)``: kind ``n`` (rho < 0), ``c`` (pair), ``r`` (rho > 0),
    ``0`` / ``oo`` (a root 0 / oo of multiplicity ``e``)."""
    top = arch.n - 1
    E = sorted({m * S for S, d in zip(arch.S, arch.d) if d > 0 for m in (1, 2)}, reverse=True)
    out = []
    for kind in ("n", "c", "r"):
        for e in E:
            if kind == "n" and e % 2:
                continue  # t^e + rho, e odd: same configuration as t^e - rho
            for p in (1, 2):
                deg = (2 if kind == "c" else 1) * e * p
                if deg <= top:
                    out.append((kind, e, p, deg))
    for kind in ("0", "oo"):
        for e in sorted(set(E) | {1}, reverse=True):
            if e <= top:
                out.append((kind, e, 1, e))
    return out


def _types(atoms, total):
    """Multisets of atoms (index lists, non-decreasing) of total degree ``total``, fewest
    atoms first; at most one ``0`` and one ``oo`` atom."""
    def rec(start, remaining, count, chosen):
        if count == 0:
            if remaining == 0:
                yield list(chosen)
            return
        for j in range(start, len(atoms)):
            kind, e, p, deg = atoms[j]
            if deg > remaining:
                continue
            if kind in ("0", "oo") and any(atoms[c][0] == kind for c in chosen):
                continue
            chosen.append(j)
            yield from rec(j, remaining - deg, count - 1, chosen)
            chosen.pop()
    for count in range(1, total + 1):
        yield from rec(0, total, count, [])


def _all_real(atoms, idxs) -> bool:
    """Every root is real (then every tau is real and the point is in M when in V)."""
    return all(atoms[j][0] in ("0", "oo") or (atoms[j][0] == "r" and atoms[j][1] <= 2)
               for j in idxs)


def _build(arch, atoms, idxs, seed):
    """The candidate ``c_0..c_{n-1}`` (integers) of a type."""
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    from sage.rings.integer_ring import ZZ
    R = PolynomialRing(ZZ, "t")
    t = R.gen()
    P, infinity = R.one(), 0
    real = _REAL_PARAMS[seed % 3:] + _REAL_PARAMS[:seed % 3]
    pairs = _PAIR_PARAMS[seed % 3:] + _PAIR_PARAMS[:seed % 3]
    r_i = c_i = 0
    for j in idxs:
        kind, e, p, deg = atoms[j]
        if kind == "0":
            P *= t ** e
        elif kind == "oo":
            infinity += e
        elif kind == "c":
            a, b = pairs[c_i % len(pairs)]
            c_i += 1
            P *= (t ** (2 * e) - 2 * a * t ** e + a * a + b * b) ** p
        else:
            rho = real[r_i % len(real)]
            r_i += 1
            P *= (t ** e - (rho if kind == "r" else -rho)) ** p
    coeffs = [QQ(c) for c in P.list()]
    return coeffs + [QQ(0)] * (arch.n - len(coeffs))


def _search(arch: Architecture, seed: int, max_candidates: int) -> ZariskiResult:
    _sage.init()
    atoms = _atoms(arch)
    M = FunctionSpace(arch)
    built = 0
    exhausted = True
    for idxs in _types(atoms, arch.n - 1):
        if _all_real(atoms, idxs):
            continue
        if built >= max_candidates:
            exhausted = False
            break
        built += 1
        P = _build(arch, atoms, idxs, seed)
        floats = [float(c) for c in P]
        try:  # cheap float pre-test; the exact test below decides
            if not M.in_variety(floats) or M.contains(floats).member:
                continue
        except (ValueError, ArithmeticError):
            pass
        r = M.contains(P)
        if r.in_variety and not r.member:
            desc = " * ".join(_describe(atoms[j]) for j in idxs)
            return ZariskiResult(arch, False, P, "search", True,
                                 f"witness of type {desc} (candidate {built}): in V by an exact "
                                 "complex factorization, no real one", built)
    scope = "all candidate types" if exhausted else f"the first {built} candidate types"
    return ZariskiResult(arch, None, None, "search", False,
                         f"undecided: no point of V outside M among {scope} ({built} built; "
                         f"atoms with e in S_i, 2 S_i); closedness not proved", built)


def _describe(atom) -> str:
    kind, e, p, _ = atom
    base = {"n": f"(t^{e}+rho)", "r": f"(t^{e}-rho)", "c": f"|t^{e}-tau|^2",
            "0": f"y^{e}", "oo": f"x^{e}"}[kind]
    return base + (f"^{p}" if p > 1 else "")


# --- verification ---------------------------------------------------------------------

def ideal_generators(arch: Architecture, timeout: float | None = None) -> list:
    """Generators of ``I(V)`` (the lead's :class:`Neurovariety`, Sage backend)."""
    from lcnalg.geometry.neurovariety import Neurovariety
    return list(Neurovariety(arch).ideal("sage", timeout=timeout).gens())


def _verified(res: ZariskiResult, timeout, verify_ideal) -> ZariskiResult:
    """Check a witness exactly; raises ``ArithmeticError`` if it is not one."""
    if res.witness is None:
        return res
    arch, P = res.arch, res.witness
    M = FunctionSpace(arch)
    r = M.contains(P)
    if r.member or not r.in_variety or not r.exact:
        raise ArithmeticError(f"internal error: {P} is not a witness for {arch}: {r}")
    res.checks = {"complex_factorization": True, "contains": False}
    if verify_ideal and not arch.thick:
        from lcnalg.errors import EngineError
        try:
            gens = ideal_generators(arch, timeout)
        except EngineError as e:
            res.checks["generators_vanish"] = None
            res.reason += f"; ideal not computed ({e})"
            return res
        if not all(g(P) == 0 for g in gens):
            raise ArithmeticError(f"internal error: witness {P} of {arch} is not on V")
        res.checks["generators_vanish"] = True
        res.reason += f"; all {len(gens)} generators of I(V) vanish"
    return res
