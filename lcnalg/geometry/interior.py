"""Relative interior and boundary of ``M`` in ``V(R)``: is every real point of ``V`` near ``P``
in ``M``?  Decided from the real root structure of the periodic parts (MATH.md §4.1).

For a real rational ``P`` in ``M`` (:func:`is_interior`, also ``FunctionSpace.is_interior``):

* ``M`` Zariski closed (MATH.md §4.2, a theorem, hypotheses checked as in
  :mod:`lcnalg.geometry.zariski`): ``M = V(R)``, every point is interior (``certified``, the
  label :func:`~lcnalg.geometry.zariski.zariski_closed` gives "closed").
* stride-one (``V = R^n``; ``M`` = forms with at least ``m`` real roots, ``m`` = number of odd
  ``d_i``): a real root of odd multiplicity survives every small real perturbation, one of
  even multiplicity can leave the real line, so ``P`` is interior iff it has at least ``m``
  distinct real roots of odd multiplicity (KMST: the boundary is a hypersurface, codim 1).
* two layers after reduction (blocks filling, ``d_2`` odd), or more when the layers below the
  top are Zariski closed: ``P in M`` iff ``T = T_{S_L}(P)`` has a real class; classes of nearby points of ``V`` are near classes of ``T``; non-real ones
  come in pairs near each real class, so the nearby ``T'`` can avoid real classes iff
  ``deg T - r_odd >= d_2`` (``r_odd``: real classes of odd multiplicity).  Boundary points
  have ``deg T > d_2``: ``P`` on the singular locus (KMST: codim >= 2).  With more than two
  layers the lower layers' closedness is the theorem of MATH.md §4.2 (so an interior answer is
  ``certified``, as with two layers); a boundary answer there needs a nearby point outside
  ``M`` verified exactly (``checked``: points at three distances, not a proof for all).
* otherwise: interior when ``P`` is a smooth point of ``V`` (not in ``Sing(V)``, MATH.md §5)
  with a real preimage at which ``d mu`` has rank ``dim M`` (``mu`` is then open onto
  ``V(R)`` near ``P``); boundary when a perturbation of ``P`` inside ``V`` (a periodic part's
  multiple real roots turned into conjugate pairs) is outside ``M`` for ``eps = 10^-3, 10^-6,
  10^-9`` (``checked``); undecided otherwise.

A boundary answer carries ``nearby``: a rational point of ``V`` outside ``M`` within about
``eps`` of ``P`` (verified exactly), when one was built.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.function_space import FunctionSpace
    >>> M = FunctionSpace(Architecture((3, 2), (2, 1)))
    >>> M.is_interior([1, 0, -2, 0, 1]).interior        # (t^2 - 1)^2: a double real class
    False
    >>> M.is_interior([4, 0, -5, 0, 1]).interior        # (t^2 - 1)(t^2 - 4)
    True
    >>> FunctionSpace(Architecture((2, 2))).is_interior([1, -2, 1]).interior   # (t - 1)^2
    False
"""
from __future__ import annotations

from dataclasses import dataclass

from lcnalg.geometry import periodic
from lcnalg.geometry.architecture import Architecture
from lcnalg.result import CERTIFICATIONS, Result

__all__ = ["InteriorResult", "is_interior"]

EPSILONS = ("1/1000", "1/1000000", "1/1000000000")


@dataclass
class InteriorResult(Result):
    """``interior``: True / False (boundary) / None (undecided); ``certification``:
    ``certified`` / ``checked`` / ``undecided``; ``nearby``: a rational point of ``V`` near
    ``P`` outside ``M`` (boundary)."""
    interior: bool | None
    certification: str
    method: str
    reason: str
    nearby: list | None = None

    LABELS = CERTIFICATIONS + ("undecided",)

    def __post_init__(self):
        self.check_label()

    @property
    def detail(self) -> str:
        return self.reason

    def __bool__(self):
        return bool(self.interior)

    def __repr__(self):
        word = {True: "interior", False: "boundary", None: "undecided"}[self.interior]
        return f"<InteriorResult: {word} ({self.method}; {self.certification})>"

    def to_dict(self) -> dict:
        return {"interior": self.interior, "certification": self.certification, "method": self.method,
                "reason": self.reason,
                "nearby": None if self.nearby is None else [str(c) for c in self.nearby]}


# --- the rules, shared with the numerical test (lcnalg.training.classify) -------------------

#: the rules' names (the ``method`` of an answer), as both tests report them
CLOSED = "Zariski closed"
CONE = "cone"
SUBMERSION = "smooth point, submersion"
STRIDE_ONE = "stride-one: real roots"
TWO_LAYERS = "two layers: periodic part"
TOP_LAYER = "top layer: periodic part, lower layers closed"


def structure_rule(arch: Architecture) -> str | None:
    """The rule that decides by the real roots for ``arch`` (module docstring), after
    closedness and the cone: :data:`STRIDE_ONE`, :data:`TWO_LAYERS` (reduced ``L = 2``,
    blocks filling, ``d_2`` odd), :data:`TOP_LAYER` (the same with more layers, the layers
    below the top Zariski closed), or None.

    EXAMPLES::

        >>> structure_rule(Architecture((3, 2), (2, 1))), structure_rule(Architecture((2, 2)))
        ('two layers: periodic part', 'stride-one: real roots')
    """
    from lcnalg.geometry.zariski import criterion
    if arch.stride_one:
        return STRIDE_ONE
    red = arch.reduced()
    if red.L >= 2 and all(b.filling for b in arch.blocks()) and red.d[-1] % 2 and (
            red.L == 2 or criterion(Architecture(red.k[:-1], red.s[:-2] + (1,)))[0]):
        return TWO_LAYERS if red.L == 2 else TOP_LAYER
    return None


def stride_one_interior(arch: Architecture, odd_real_roots: int) -> bool:
    """Stride-one: interior iff the distinct real roots of odd multiplicity are at least the
    number of odd ``d_i``."""
    return odd_real_roots >= sum(di % 2 for di in arch.d)


def top_layer_interior(deg_T: int, odd_real_classes: int, d_top: int) -> bool:
    """:data:`TWO_LAYERS` / :data:`TOP_LAYER`: interior when fewer than ``d_top`` classes of
    ``T`` can turn non-real (``deg T - r_odd < d_top``)."""
    return deg_T - odd_real_classes < d_top


def _pairify(F: "periodic.Form", eps) -> "periodic.Form":
    """Each factor ``g^m`` of the squarefree decomposition (and ``x^m``) becomes
    ``g^(m mod 2) (g^2 + eps)^(m div 2)``: multiple real roots leave the real line."""
    R = F.p.parent()
    u = R.gen()
    p = R(F.p.lc())
    for g, m in F.p.squarefree_decomposition():
        p *= g ** (m % 2) * (g ** 2 + eps) ** (m // 2)
    p *= (1 + eps * u ** 2) ** (F.inf // 2)
    return periodic.Form(p, F.N)


def _odd_real_classes(F: "periodic.Form") -> int:
    """Distinct real roots (in ``P^1``) of odd multiplicity."""
    count = F.inf % 2
    for g, m in F.p.squarefree_decomposition():
        if m % 2:
            count += g.number_of_real_roots()
    return count


def _stride_one(M, F):
    r, m = _odd_real_classes(F), sum(di % 2 for di in M.arch.d)
    if stride_one_interior(M.arch, r):
        return InteriorResult(True, "certified", STRIDE_ONE, f"{r} real roots of odd "
                              f"multiplicity >= {m} odd layers: they persist under perturbation")
    nearby = _nearby(M, [(_pairify(F, e)) for e in _eps()])
    return InteriorResult(False, "certified", STRIDE_ONE,
                          f"only {r} real roots of odd multiplicity < {m} odd layers: a perturbation "
                          "leaves M", nearby)


def _top_layer(M, F, red):
    """The top layer's periodic part when the layers below are Zariski closed (two layers:
    always); ``None`` when undecided."""
    S, d2 = red.S[-1], red.d[-1]
    two = red.L == 2
    what = TWO_LAYERS if two else TOP_LAYER
    T = periodic.periodic_part(F, S)
    r = _odd_real_classes(T)
    if top_layer_interior(T.N, r, d2):
        return InteriorResult(True, "certified", what,
                              f"T_{S}(P) has degree {T.N} with {r} real classes of odd multiplicity: "
                              f"every nearby point of V keeps a real class for the odd top layer "
                              f"d = {d2}, and the layers below are closed (MATH.md §4.2 [theorem])")
    cands = []
    for e in _eps():
        Tp = _pairify(T, e)
        odd = periodic.Form(T.p.parent().one(), 0)
        for g, m in T.p.squarefree_decomposition():
            if m % 2:
                odd = odd.times(periodic.Form(g, g.degree()))
        if T.inf % 2:
            odd = periodic.Form(odd.p, odd.N + 1)
        keep = Tp.divide(odd)  # the pairs; the odd part is dissolved into the layers below
        if keep.N < d2:
            break
        rest = F.divide(T.expand(S))
        dis = odd.expand(S)
        if dis.N:  # e * t breaks the periodicity of the odd part: it dissolves into layer 1
            dis = periodic.Form(dis.p + e * dis.p.parent().gen(), dis.N)
        cands.append(rest.times(keep.expand(S)).times(dis))
    why = (f"T_{S}(P) has degree {T.N} with only {r} real classes of odd multiplicity: "
           f"{T.N} - {r} >= d = {d2} classes can turn non-real")
    nearby = _nearby(M, cands)
    if two:
        return InteriorResult(False, "certified", what, why, nearby)
    if nearby is not None:
        return InteriorResult(False, "checked", what, why + "; a nearby point of V outside M "
                              "verified exactly", nearby)
    return None


def _eps():
    from sage.rings.rational_field import QQ
    return [QQ(e) for e in EPSILONS]


def _nearby(M, forms):
    """The first of ``forms`` (as coefficients) in ``V`` and not in ``M``, checked exactly."""
    for G in forms:
        c = G.coeffs()
        if M.in_variety(c, method="periodic") and not M.contains(c, method="periodic", filters=False).member:
            return c
    return None


def _smooth_and_submersive(M, coeffs, filters) -> bool:
    from lcnalg.geometry.singular_locus import theorem_D
    from lcnalg.geometry.parameterization import mu_from_filters
    from sage.matrix.constructor import matrix
    arch = M.arch
    red = arch.reduced()
    F = periodic.Form.from_coeffs(coeffs)
    if not all(di > 0 for di in red.d):
        return False
    for dp in theorem_D(arch):
        if periodic.in_variety(Architecture([x + 1 for x in dp], red.s), F):
            return False
    cols = []
    for i, ki in enumerate(arch.k):
        for j in range(ki):
            e = [0] * ki
            e[j] = 1
            cols.append(mu_from_filters(arch, filters[:i] + [e] + filters[i + 1:]))
    return matrix(cols).rank() == arch.dim


def _perturbations(M, coeffs, filters):
    """Pairify ``T_{S_l}`` of the layers ``<= l`` of a real factorization, keep the rest."""
    from lcnalg.geometry.parameterization import mu_from_filters
    arch = M.arch
    out = []
    for l in range(arch.L - 1, 0, -1):
        if arch.d[l] % 2 == 0:
            continue
        low = Architecture(arch.k[:l + 1], arch.s[:l] + (1,))
        Pl = periodic.Form.from_coeffs(mu_from_filters(low, filters[:l + 1]))
        T = periodic.periodic_part(Pl, arch.S[l])
        high = periodic.Form.from_coeffs(coeffs).divide(Pl) if l < arch.L - 1 else None
        for e in _eps():
            G = Pl.divide(T.expand(arch.S[l])).times(_pairify(T, e).expand(arch.S[l]))
            out.append(G if high is None else G.times(high))
    return out


def is_interior(M, P) -> InteriorResult:
    """Is the real rational point ``P`` of ``M`` (``M`` a :class:`FunctionSpace`) in the
    relative interior of ``M`` in ``V(R)``?  See the module docstring."""
    from lcnalg.geometry.hyperroots import normalize_form
    from lcnalg.geometry.zariski import criterion
    arch = M.arch
    coeffs, exact = normalize_form(arch, P)
    if not exact or not M._rational(coeffs):
        raise ValueError("is_interior needs rational coefficients (exact input)")
    closed, how, _ = criterion(arch)
    if closed:  # MATH.md §4.2, a theorem: the label zariski_closed gives (hypotheses = criterion)
        return InteriorResult(True, "certified", CLOSED,
                              f"M = V(R) ({how}; MATH.md §4.2 [theorem])")
    res = M.contains(coeffs)
    if not res.member:
        raise ValueError(f"{[str(c) for c in coeffs]} is not in M for {arch}")
    if all(c == 0 for c in coeffs):
        from lcnalg.geometry.zariski import witness
        w, _ = witness(arch)
        return InteriorResult(False, "certified", CONE, "M is a cone and not closed: eps * witness "
                              "is a point of V outside M near 0", [c / 10 ** 9 for c in w])
    F = periodic.Form.from_coeffs(coeffs)
    rule = structure_rule(arch)
    if rule == STRIDE_ONE:
        return _stride_one(M, F)
    if rule is not None:
        top = _top_layer(M, F, arch.reduced())
        if top is not None:
            return top
    if res.filters is not None and _smooth_and_submersive(M, coeffs, res.filters):
        return InteriorResult(True, "certified", SUBMERSION,
                              "P is not in Sing(V) (MATH.md §5) and d mu has rank dim M at a real "
                              "preimage: mu is open onto V(R) near P")
    if res.filters is not None:
        nearby = _nearby(M, _perturbations(M, coeffs, res.filters))
        if nearby is not None:
            return InteriorResult(False, "checked", "perturbation", "a perturbation inside V "
                                  "(multiple real roots of a periodic part made non-real) leaves M",
                                  nearby)
    return InteriorResult(None, "undecided", "none", "singular point or critical preimage, and no "
                          "perturbation tried leaves M")
