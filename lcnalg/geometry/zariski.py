"""Zariski-closedness of the function space (MATH.md §4.2): is ``M_{k,s} = V_{k,s}(R)``?

:func:`zariski_closed` decides every architecture by the criterion of MATH.md §4.2: a reduced
``(d, S)`` is closed iff every layer ``l >= 2`` with ``d_l`` odd has ``sum_{i<l} d_i S_i < S_l``;
a non-reduced one iff every stride-one block is filling and its reduced architecture is closed.

* Every "not closed" answer carries a rational witness built by the proof's recipe and
  verified exactly: in ``V`` by an explicit complex factorization (over a cyclotomic field)
  and by the recursion of :mod:`lcnalg.geometry.periodic`, optionally by the ideal's
  generators vanishing; not in ``M`` by the exact membership test.  ``certified``.
* Every "closed" answer is ``certified`` by the theorem of MATH.md §4.2 (proved there: the
  swap lemma's laminar-family argument, then induction on ``L``), with its hypotheses checked
  here and listed in ``checks["hypotheses"]`` (:func:`closed_hypotheses`): every stride-one
  block filling (so ``M = M_red``), the reduced architecture computed, and for every layer
  ``l >= 2`` of it with ``d_l`` odd the inequality ``sum_{i<l} d_i S_i < S_l``.  The
  published special cases are named in ``method`` (stride-one: closed iff filling;
  non-overlapping: a Segre variety).
* Independently of the proof, every "closed" answer gets a falsification run
  (:func:`falsify`): random real points of ``V`` from every conjugation type of hyperroot
  orbits (:func:`random_point_of_V`), each decided exactly by the complete (branching)
  recursion, which assumes no closedness.  A point outside ``M`` would contradict the
  theorem (a bug in the code or the proof): :class:`CriterionCounterexample`.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.zariski import zariski_closed
    >>> r = zariski_closed(Architecture((3, 2), (2, 1)), verify_ideal=False)
    >>> r.closed, r.method, r.certified
    (False, 'criterion: layer 2 (d=1 odd, lower layers reach 2 >= S=2)', True)
    >>> r = zariski_closed(Architecture((2, 4, 3), (2, 2, 1)), points=20)
    >>> r.closed, r.certification, r.falsification["outside_M"]
    (True, 'certified', 0)
    >>> r.checks["hypotheses"]["odd_layers"]
    [{'layer': 2, 'd': 3, 'lower_length': 1, 'S': 2, 'holds': True}]
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.result import Result

__all__ = ["ZariskiResult", "CriterionCounterexample", "criterion", "closed_hypotheses",
           "zariski_closed", "witness", "witness_verified", "layer_cut",
           "random_point_of_V", "falsify", "DEFAULT_POINTS"]

#: falsification points per "closed" architecture (the atlas uses fewer)
DEFAULT_POINTS = 60
#: Gaussian primes a + bi of distinct prime norms 5, 13, 17, 29, 37, 41: no power is real
_GAUSS = [(1, 2), (2, 3), (1, 4), (2, 5), (1, 6), (4, 5), (2, 7), (5, 6)]
#: real primes = 2 or 3 mod 4 (never a norm of a Gaussian prime above)
_PRIMES = [2, 3, 7, 11, 19, 23, 31, 43, 47, 59, 67, 71, 79, 83, 103, 107, 127, 131, 139, 151]


class CriterionCounterexample(ArithmeticError):
    """A real point of ``V`` outside ``M`` for an architecture the criterion calls closed."""


@dataclass
class ZariskiResult(Result):
    """``closed``; ``witness``: rational ``c_0..c_{n-1}`` of a point of ``V`` outside ``M``
    (when not closed); ``falsification``: ``{"points", "outside_M", "seed"}`` (when closed)."""
    arch: Architecture
    closed: bool
    witness: list | None
    method: str
    reason: str
    certification: str = "certified"
    falsification: dict | None = None
    checks: dict = field(default_factory=dict)

    def __post_init__(self):
        self.check_label()

    @property
    def detail(self) -> str:
        return self.reason

    def __repr__(self):
        word = "closed" if self.closed else "not closed"
        extra = (f", {self.falsification['points']} falsification points" if self.falsification
                 else ", witness" if self.witness else "")
        return f"<Zariski: M of {self.arch} {word} ({self.method}; {self.certification}{extra})>"

    @property
    def witness_verified(self) -> bool | None:
        """Every check of :func:`witness` passed (None: no witness)."""
        return witness_verified(self.checks) if self.witness is not None else None

    @property
    def check(self) -> str:
        """The independent outcome behind the answer, in words."""
        if not self.closed:
            return "witness verified" if self.witness_verified else "witness NOT verified"
        f = self.falsification
        return f"{f['points']} points of V, {f['outside_M']} outside M" if f else "not run"

    @classmethod
    def from_dict(cls, arch: Architecture, d: dict) -> ZariskiResult:
        """The inverse of :meth:`to_dict` (a table row from a cached entry); the witness's
        coordinates stay text."""
        return cls(arch, d["zariski_closed"], d.get("witness"), d["method"], d["reason"],
                   d["certification"], d.get("falsification"), dict(d.get("checks") or {}))

    def to_dict(self) -> dict:
        return {"zariski_closed": self.closed,
                "witness": None if self.witness is None else [str(c) for c in self.witness],
                "method": self.method, "certified": self.certified,
                "certification": self.certification, "reason": self.reason,
                "witness_factored": self.checks.get("factored"),
                "falsification": self.falsification,
                "checks": {k: v for k, v in self.checks.items()}}


def witness_verified(checks: dict | None) -> bool | None:
    """In ``V`` (explicit complex factorization, recursion, the real factors multiply out)
    and not in ``M``: every check of :func:`witness` passed (None: no checks)."""
    if not checks:
        return None
    return bool(checks.get("complex_factorization") and checks.get("in_V_by_recursion")
                and checks.get("real_factors_multiply_out") and checks.get("in_M") is False)


# --- the criterion -----------------------------------------------------------------

def criterion(arch: Architecture) -> tuple[bool, str, dict]:
    """``(closed, method, detail)`` by MATH.md §4.2; ``detail`` names the obstruction:
    ``{"block": b}`` (a stride-one block that is not filling) or ``{"layer": l}`` (a layer of
    the reduced architecture, 0-based) or ``{}``."""
    for b, B in enumerate(arch.blocks()):
        if not B.filling:
            if arch.stride_one:
                return False, "theorem: stride-one, not filling", {"block": b}
            return False, f"criterion: stride-one block {b + 1} {B} not filling", {"block": b}
    red = arch.reduced()
    d, S = red.d, red.S
    for l in range(1, red.L):
        low = sum(d[i] * S[i] for i in range(l))
        if d[l] % 2 and low >= S[l]:
            return False, (f"criterion: layer {l + 1} (d={d[l]} odd, lower layers reach "
                           f"{low} >= S={S[l]})"), {"layer": l}
    if red.L == 1:
        return True, "theorem: stride-one, filling", {}
    if red.non_overlapping:
        return True, "theorem: non-overlapping (Segre)", {}
    return True, "criterion: every odd layer longer than the layers below", {}


def closed_hypotheses(arch: Architecture) -> dict:
    """The hypotheses of the closedness theorem (MATH.md §4.2), each checked on ``arch``:
    ``{"blocks_filling": [...], "reduced": (k, s), "odd_layers": [{layer, d, lower_length, S,
    holds}], "all_hold": bool}`` (layers 1-based, of the reduced architecture).

    EXAMPLES::

        >>> h = closed_hypotheses(Architecture((3, 2), (2, 1)))
        >>> h["odd_layers"], h["all_hold"]
        ([{'layer': 2, 'd': 1, 'lower_length': 2, 'S': 2, 'holds': False}], False)
    """
    blocks = [{"block": str(B), "filling": B.filling} for B in arch.blocks()]
    red = arch.reduced()
    d, S = red.d, red.S
    odd = [{"layer": l + 1, "d": d[l], "lower_length": sum(d[i] * S[i] for i in range(l)),
            "S": S[l], "holds": sum(d[i] * S[i] for i in range(l)) < S[l]}
           for l in range(1, red.L) if d[l] % 2]
    return {"blocks_filling": blocks, "reduced": (red.k, red.s), "odd_layers": odd,
            "all_hold": all(b["filling"] for b in blocks) and all(o["holds"] for o in odd)}


# --- witnesses ----------------------------------------------------------------------

def layer_cut(d, S, l) -> list[int]:
    """Counts ``c_i <= d_i`` (``i < l``) with ``sum c_i S_i = S_l``, largest ``S_i`` first."""
    c, rest = [0] * l, S[l]
    for i in range(l - 1, -1, -1):
        c[i] = min(d[i], rest // S[i])
        rest -= c[i] * S[i]
    assert rest == 0
    return c


def _cosets(S, l, c) -> dict:
    """Exponents ``a`` (mod ``S_l/S_i``) of disjoint cosets ``zeta^a mu_{S_i}`` covering
    ``mu_{S_l}``: ``{i: [a, ...]}``, ``c_i`` of them for layer ``i``."""
    used, out = set(), {}
    for i in range(l - 1, -1, -1):
        M = S[l] // S[i]
        out[i] = []
        for a in range(M):
            if len(out[i]) == c[i]:
                break
            members = {a + k * M for k in range(S[i])}
            if not members & used:
                used |= members
                out[i].append(a)
    assert len(used) == S[l]
    return out


#: real quadratics u^2 + b u + c without real roots, pairwise coprime (the first one's roots
#: are the primitive cube roots of 1): (u - j)^2 + (j + 1)^2 for j = 1, 2, ...
_PAIRS = [(1, 1)] + [(-2 * j, j * j + (j + 1) ** 2) for j in range(1, 40)]
#: the value of the real roots of each layer's free part (one per layer)
_VALUES = [2, 3, 7, 11, 13, 17, 19, 23]


def _witness_plan(arch: Architecture, detail: dict):
    """The witness for the reduced architecture: ``(K, complex layer filters over K, real
    factors [(polynomial in u, S)], coefficients)``; the real factors multiply to ``P``."""
    from sage.rings.number_field.number_field import CyclotomicField
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    from lcnalg.geometry.parameterization import mu_from_filters
    red = arch.reduced()
    d, S = red.d, red.S
    special = detail.get("layer", detail.get("block"))
    K = CyclotomicField(3 * S[special])
    Rq, R = PolynomialRing(QQ, "u"), PolynomialRing(K, "u")
    u = Rq.gen()
    npairs = (d[special] + 1) // 2 if "layer" in detail else d[special] // 2
    T = Rq.prod(u ** 2 + b * u + c for b, c in _PAIRS[:npairs])
    if "block" in detail and d[special] % 2:
        T *= u - _VALUES[special]
    layers, real = [], [(T, S[special])]
    if "layer" in detail:
        l = special
        zeta = K.gen()                      # t^{S_l} = zeta^{S_l} (a primitive cube root of 1)
        cos = _cosets(S, l, layer_cut(d, S, l))  # ... cut into cosets of the lower layers
        for i in range(red.L):
            w = R.one()
            if i == l:
                w = R(T) // (R.gen() - zeta ** S[l])
            elif i < l:
                for a in cos[i]:
                    w *= R.gen() - (zeta ** (1 + 3 * a)) ** S[i]
            layers.append(w)
    else:
        layers = [R(T) if i == special else R.one() for i in range(red.L)]
    for i in range(red.L):
        free = d[i] - layers[i].degree()
        if free:
            layers[i] *= R(u - _VALUES[i]) ** free
            real.append(((u - _VALUES[i]) ** free, S[i]))
    filters = [list(w.list()) for w in layers]
    coeffs = [QQ(c) for c in mu_from_filters(red, filters)]
    return K, filters, real, coeffs


def _expand(real, n) -> list:
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    t = PolynomialRing(QQ, "t").gen()
    p = t.parent().prod(f(t ** Si) for f, Si in real)
    c = list(p.list())
    return c + [QQ(0)] * (n - len(c))


def witness_text(real) -> str:
    """The witness as a product in ``t = y/x``, e.g. ``(t^4 + t^2 + 1)*(t - 2)``."""
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    t = PolynomialRing(QQ, "t").gen()
    parts = []
    for f, Si in real:
        for g, m in f.factor():
            parts.append(f"({g(t ** Si)})" + (f"^{m}" if m > 1 else ""))
    return "*".join(parts)


def witness(arch: Architecture, detail: dict | None = None) -> tuple[list, dict]:
    """A rational point of ``V`` outside ``M`` for a not-closed architecture, by the recipe of
    MATH.md §4.2, and the checks done: ``(coefficients, checks)``.  Raises ``ValueError``
    when the criterion says closed, ``ArithmeticError`` if a check fails."""
    if detail is None:
        closed, _, detail = criterion(arch)
        if closed:
            raise ValueError(f"{arch} is Zariski closed by the criterion: no witness")
    _sage.init()
    from lcnalg.geometry.membership import Membership
    from lcnalg.geometry.parameterization import mu_from_filters
    K, filters, real, P = _witness_plan(arch, detail)
    checks = {"factored": witness_text(real)}
    red = arch.reduced()
    checks["complex_factorization"] = mu_from_filters(red, filters) == [K(c) for c in P]
    M = Membership(arch)
    checks["in_V_by_recursion"] = M.in_variety(P, method="periodic")
    checks["in_M"] = M.contains(P, method="periodic", filters=False).member
    checks["real_factors_multiply_out"] = _expand(real, arch.n) == P
    if not (checks["complex_factorization"] and checks["in_V_by_recursion"]
            and checks["real_factors_multiply_out"]) or checks["in_M"]:
        raise ArithmeticError(f"internal error: the witness {P} of {arch} fails: {checks}")
    return P, checks


# --- random real points of V -------------------------------------------------------------

def random_point_of_V(arch: Architecture, rng: np.random.Generator, height: int = 6,
                      repeat: float = 0.2) -> tuple[list, list]:
    """A random real rational point of ``V`` and its plan (a list of ``(level S, kind)``).

    The roots are built class by class: a class ``{t^S = tau}`` (``S`` an accumulated stride)
    is a real ``tau`` of either sign, a conjugate pair ``tau, conj(tau)`` (two classes), ``0``
    or ``oo``; each class is cut at random into cosets of layers with ``S_i <= S`` (a pair's
    two classes independently, which is how real points of ``V`` outside ``M`` arise), until
    every layer ``i`` has its ``d_i`` cosets.  With probability ``repeat`` a class repeats an
    earlier ``tau`` (repeated roots, boundary-like points).  The point lies in ``V`` by
    construction (an explicit complex factorization)."""
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    R = PolynomialRing(QQ, "t")
    t = R.gen()
    d, S = list(arch.d), list(arch.S)
    left = list(d)
    p, inf, plan, seen = R.one(), 0, [], []

    def cut(level, strict=False):
        """Consume cosets summing to ``level`` (``strict``: of layers with ``S_i < level``
        first, so the class is split); False if impossible."""
        for attempt in range(20):
            rest, use = level, [0] * len(d)
            while rest:
                cands = [i for i in range(len(d))
                         if S[i] <= rest and level % S[i] == 0 and left[i] - use[i] > 0
                         and not (strict and attempt < 10 and S[i] >= level)]
                if not cands:
                    break
                i = cands[rng.integers(len(cands))]
                use[i] += 1
                rest -= S[i]
            if rest == 0:
                for i, x in enumerate(use):
                    left[i] -= x
                return True
        return False

    def rand_q():
        return QQ(int(rng.integers(1, height + 1))) / int(rng.integers(1, 4))

    # mostly real, or mostly conjugate pairs (points far from M): drawn per point
    kinds = ["pos", "neg", "pair", "pair", "zero", "inf"] + ["pair"] * int(rng.choice([0, 8]))
    while any(left):
        j = [i for i in range(len(d)) if left[i]][rng.integers(sum(1 for x in left if x))]
        level = S[j] * int(rng.choice([m for m in (1, 2, 3, 4) if S[j] * m <= max(S)] or [1]))
        kind = str(rng.choice(kinds))
        if not cut(level):
            level = S[j]
            left[j] -= 1
        if kind == "pair":
            saved = list(left)
            if not cut(level, strict=rng.random() < 0.6):
                left[:] = saved
                kind = "pos"
        if kind in ("pos", "neg", "pair") and seen and rng.random() < repeat:
            same = [x for x in seen if x[0] == kind and x[1] == level]
            if same:
                f = same[rng.integers(len(same))][2]
                p *= f
                plan.append((level, kind + " (repeated)"))
                continue
        if kind == "zero":
            f = t ** level
        elif kind == "inf":
            inf += level
            plan.append((level, kind))
            continue
        elif kind == "pair":
            a, b = rand_q() * int(rng.choice([-1, 1])), rand_q()
            f = t ** (2 * level) - 2 * a * t ** level + a * a + b * b
        else:
            f = t ** level - rand_q() * (1 if kind == "pos" else -1)
        seen.append((kind, level, f))
        p *= f
        plan.append((level, kind))
    coeffs = list(p.list())
    coeffs = coeffs + [QQ(0)] * (arch.n - len(coeffs))
    assert len(coeffs) == arch.n and inf == arch.n - 1 - p.degree()
    return coeffs, plan


def falsify(arch: Architecture, points: int = DEFAULT_POINTS, seed: int = 0) -> dict:
    """Decide ``points`` random real points of ``V`` (:func:`random_point_of_V`) exactly;
    raise :class:`CriterionCounterexample` at the first one outside ``M``."""
    from lcnalg.geometry.membership import Membership
    M = Membership(arch)
    rng = np.random.default_rng(seed)
    kinds = set()
    for _ in range(points):
        P, plan = random_point_of_V(arch, rng)
        kinds.update(k.split()[0] for _, k in plan)
        if not M.in_variety(P, method="periodic"):
            raise ArithmeticError(f"internal error: {P} (plan {plan}) built in V of {arch} "
                                  "is not in V by the recursion")
        if not M.contains(P, method="periodic", filters=False).member:
            raise CriterionCounterexample(f"{arch}: the criterion says closed, but the real "
                                          f"point {[str(c) for c in P]} of V (plan {plan}) is "
                                          "not in M")
    return {"points": points, "outside_M": 0, "seed": seed, "kinds": sorted(kinds)}


# --- public ---------------------------------------------------------------------------

def ideal_generators(arch: Architecture, timeout: float | None = None) -> list:
    """Generators of ``I(V)`` (Sage backend; ``timeout`` via a forked time limit)."""
    from lcnalg.geometry.neurovariety import Neurovariety
    return list(Neurovariety(arch).ideal("sage", timeout=timeout).gens())


def zariski_closed(arch: Architecture, seed: int = 0, points: int = DEFAULT_POINTS,
                   timeout: float | None = 60, verify_ideal: bool = False) -> ZariskiResult:
    """Decide whether ``M_{k,s}`` is Zariski closed (see the module docstring).

    ``points``: falsification points for a closed answer (``seed`` seeds them);
    ``verify_ideal``: also check that the generators of ``I(V)`` vanish at a witness
    (``timeout`` bounds that ideal computation; a timeout is recorded, not raised)."""
    if not isinstance(arch, Architecture):
        raise TypeError(f"expected an Architecture, got {arch!r}")
    _sage.init()
    closed, method, detail = criterion(arch)
    if closed:
        hyp = closed_hypotheses(arch)
        if not hyp["all_hold"]:  # the criterion and the hypotheses are the same statement
            raise AssertionError(f"internal error: {arch} closed by the criterion, but {hyp}")
        fals = falsify(arch, points, seed) if points else None
        red = arch.reduced()
        odd = ", ".join(f"layer {o['layer']}: {o['lower_length']} < S={o['S']}"
                        for o in hyp["odd_layers"]) or "no odd layer above the first"
        why = (f"MATH.md §4.2 [theorem, proved there], hypotheses checked: every stride-one "
               f"block filling, so M = M_red; reduced k={red.k} s={red.s}; odd layers: {odd}")
        published = {"theorem: stride-one, filling": "; also KMST: stride-one, closed iff filling",
                     "theorem: non-overlapping (Segre)": "; also the Segre theorem: V is a Segre "
                     "variety, its real points are real rank-one tensors"}.get(method, "")
        reason = why + published + (f"; independent check: {points} random real points of V "
                                     f"decided exactly, all in M" if points else "")
        return ZariskiResult(arch, True, None, method, reason, "certified", fals,
                             {"hypotheses": hyp})
    P, checks = witness(arch, detail)
    reason = ("witness by the recipe of MATH.md §4.2: in V by an explicit complex factorization "
              "(cyclotomic field) and by the periodic-part recursion; not in M by the exact test")
    res = ZariskiResult(arch, False, P, method, reason, "certified", None, checks)
    if verify_ideal and not arch.thick:
        from lcnalg.errors import EngineError
        try:
            gens = ideal_generators(arch, timeout)
        except EngineError as e:
            res.checks["generators_vanish"] = f"not checked: {e}"
            return res
        if not all(g(P) == 0 for g in gens):
            raise ArithmeticError(f"internal error: witness {P} of {arch} is not on V")
        res.checks["generators_vanish"] = True
        res.reason += f"; all {len(gens)} generators of I(V) vanish"
    return res
