"""The ``real_geometry`` table: Zariski closedness with witnesses, and the singular locus from
the theorem of MATH.md §5 (components' ideals from the implicitization engines), checked
against the Jacobian criterion where that finishes."""
from __future__ import annotations

import time

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.semialgebraic import DescriptionSummary
from lcnalg.geometry.singular_locus import JacobianCheck, SingularLocus
from lcnalg.geometry.zariski import ZariskiResult
from lcnalg.tables.cache import EntryKey
from lcnalg.tables.formats import Column
from lcnalg.tables.runner import Task
from lcnalg.tables.spec import (BASE_COLUMNS, STATUS_COLUMN, TableSpec, base_row, classes,
                                combined_status, entry_notes, entry_result, entry_seconds,
                                entry_status)


def zariski_entry(arch: Architecture, timeout=None, seed: int = 0) -> dict:
    """``describe`` with ``zariski_closed`` and ``witness``."""
    from lcnalg.describe import describe
    return describe(arch, fields=["zariski_closed", "witness"], timeout=timeout, seed=seed, strict=True)


def singular_locus_entry(arch: Architecture, timeout=None) -> dict:
    """The Jacobian criterion against MATH.md §5 by the cheap check
    (:func:`lcnalg.geometry.singular_locus.jacobian_compare`: theorem components singular,
    ``dim Sing(V) = dim U``; equality when ``U = {0}``), no minimal primes."""
    from lcnalg.geometry.singular_locus import jacobian_compare
    r = jacobian_compare(arch, timeout)
    return {"singular_locus": {"agrees_with_theorem": r.agrees, "jacobian_check": r.to_dict()},
            "seconds": round(r.seconds, 4)}


#: time limit of the theorem's singular-locus entry: ``THEOREM_FACTOR`` times the table's
THEOREM_FACTOR = 12
#: time limit of the Jacobian check: ``JACOBIAN_FACTOR`` times the table's
JACOBIAN_FACTOR = 4


def singular_locus_theorem_entry(arch: Architecture, timeout=None) -> dict:
    """``Sing(V)`` as the theorem describes it (MATH.md §5), each component's ideal by the
    default engine when certified, else by Sage; the Jacobian criterion is not run here."""
    from lcnalg.geometry.singular_locus import singular_locus
    start = time.perf_counter()
    sl = singular_locus(arch, method="theorem", timeout=timeout, compare=False).to_dict()
    return {"singular_locus": sl, "seconds": round(time.perf_counter() - start, 4)}


def _sing_columns(theorem: SingularLocus | None, check: JacobianCheck | None, jac_rec) -> dict:
    """The singular-locus columns: from the theorem's entry (the Jacobian criterion's where
    the theorem does not apply); ``sing_agrees`` is the cheap Jacobian check, or why not."""
    if theorem is None:
        source = None
    else:
        source = "theorem" if theorem.method == "theorem" else "Jacobian (theorem not applicable)"
    if check is not None and check.agrees is True and check.scope == "dimension":
        agrees = "dimension: U ⊆ Sing(V), same dim"
    elif check is not None and check.agrees is None and check.detail:
        why = check.detail
        if not why.startswith("not checked"):  # "<what was shown>; <why not further>: not checked"
            why = "not checked: " + why.removesuffix(": not checked")
        agrees = why[:240]
    elif check is not None and check.agrees is not None:
        agrees = check.agrees
    elif source and source.startswith("Jacobian ("):
        agrees = "not checked: theorem not applicable"
    else:
        agrees = f"not checked: Jacobian {entry_status(jac_rec)}"
    comps = theorem.components if theorem else None
    return dict(sing_source=source, sing_dim=theorem.dim if theorem else None,
                sing_codim=theorem.codim if theorem else None,
                sing_components=len(comps) if comps is not None else None,
                sing_component_dims=[c.dim for c in comps] if comps is not None else None,
                sing_agrees=agrees)


#: points of V on which each not-closed entry's description is compared with exact membership
SEMIALGEBRAIC_POINTS = 60


def semialgebraic_entry(arch: Architecture, timeout=None) -> dict:
    """The structure route's description of M (MATH.md §4.3), compared with exact membership
    on ``SEMIALGEBRAIC_POINTS`` points of V (not-closed architectures only)."""
    from lcnalg.geometry.semialgebraic import semialgebraic
    start = time.perf_counter()
    d = semialgebraic(arch, points=SEMIALGEBRAIC_POINTS).to_dict()
    return {"semialgebraic": d, "seconds": round(time.perf_counter() - start, 4)}


def _sa_columns(rec) -> dict:
    r = entry_result(rec)
    d = DescriptionSummary.from_dict(r["semialgebraic"]) if r else None
    if d is None:
        return dict.fromkeys(("sa_polynomials", "sa_atoms", "sa_max_degree", "sa_disjuncts",
                              "sa_method", "sa_certification", "sa_check"))
    return dict(sa_polynomials=d.polynomial_count, sa_atoms=d.atoms, sa_max_degree=d.max_degree,
                sa_disjuncts=d.disjuncts, sa_method=d.method, sa_certification=d.certification,
                sa_check=d.membership_check)


def _closed(a) -> bool:
    from lcnalg.geometry.zariski import criterion
    return criterion(a)[0]


def _rg_tasks(archs, timeout, seeds, backends):
    out = []
    for a in archs:
        out.append(Task(EntryKey(a, "zariski"), zariski_entry, {"timeout": timeout}, timeout))
        if not _closed(a):
            long = None if timeout is None else THEOREM_FACTOR * timeout
            out.append(Task(EntryKey(a, "semialgebraic"), semialgebraic_entry, {"timeout": long},
                            long))
        jt = None if timeout is None else JACOBIAN_FACTOR * timeout
        out.append(Task(EntryKey(a, "singular_locus", "jacobian"), singular_locus_entry,
                        {"timeout": jt}, jt))
        slow = None if timeout is None else THEOREM_FACTOR * timeout
        out.append(Task(EntryKey(a, "singular_locus", "theorem"), singular_locus_theorem_entry,
                        {"timeout": slow}, slow))
    return out


def _rg_rows(archs, records, seeds, backends):
    rows = []
    for a in archs:
        recs = {"zariski": records.get(EntryKey(a, "zariski")),
                "singular locus": records.get(EntryKey(a, "singular_locus", "theorem"))}
        jac = records.get(EntryKey(a, "singular_locus", "jacobian"))
        z = entry_result(recs["zariski"])
        zr = ZariskiResult.from_dict(a, z["zariski_closedness"]) if z else None
        sl = entry_result(recs["singular locus"])
        theorem = SingularLocus.from_dict(a, sl["singular_locus"]) if sl else None
        sj = entry_result(jac)
        check = JacobianCheck.from_dict(sj["singular_locus"]["jacobian_check"]) if sj else None
        row = base_row(a)
        row.update(
            classes=classes(a),
            closed=None if zr is None else "yes" if zr.closed else "no",
            witness=(zr.checks.get("factored") or zr.witness) if zr else None,
            certification=zr.certification if zr else None, method=zr.method if zr else None,
            check=zr.check if zr else None,
            **_sing_columns(theorem, check, jac),
            **_sa_columns(records.get(EntryKey(a, "semialgebraic"))),
            seconds_zariski=entry_seconds(recs["zariski"]),
            seconds_singular=entry_seconds(recs["singular locus"]),
            seconds_jacobian=entry_seconds(jac),
            status=combined_status(recs), notes={**entry_notes(recs), **entry_notes({"Jacobian check": jac})})
        rows.append(row)
    return rows


RG_COLUMNS = BASE_COLUMNS + (
    Column("classes", "classes", "as in the neurovarieties table"),
    Column("closed", "Zariski closed", "whether M equals the real points of V, by the criterion "
           "of MATH.md §4.2 (every architecture is decided)"),
    Column("witness", "witness", "for `no`: a rational point of V outside M (a product in "
           "t = y/x, built by the proof's recipe), verified exactly"),
    Column("certification", "certification", "`certified`: closed by the theorem of MATH.md §4.2 "
           "(proved there, hypotheses checked; the falsification count is the independent check) "
           "or not closed with an exactly verified witness"),
    Column("method", "method", "the argument (theorem: stride-one / non-overlapping; criterion: "
           "the obstruction, or every odd layer longer than the layers below)"),
    Column("check", "independent check", "`no`: the witness is in V (explicit complex "
           "factorization, recursion) and not in M (exact membership); `yes`: random real points "
           "of V of every orbit type, decided exactly, none outside M"),
    Column("sa_polynomials", "M: polys", "not-closed entries: the quantifier-free description "
           "M = V(R) ∩ {formula} (lcnalg.geometry.semialgebraic, MATH.md §4.3): number of distinct "
           "polynomials of its sign conditions after expanding the root counts of P by Sturm–Habicht "
           "coefficients (0: only root-count atoms #class(T_S(P)) >= k)"),
    Column("sa_atoms", "M: atoms", "number of distinct atoms (polynomial sign conditions and "
           "root counts of periodic parts)"),
    Column("sa_max_degree", "M: max deg", "maximal degree of its explicit polynomials"),
    Column("sa_disjuncts", "M: disjuncts", "number of top-level disjuncts"),
    Column("sa_method", "M: method", "stride-one real roots / top layer's periodic part has a real "
           "root / periodic-part root counts (plans of real types, swap lemma)"),
    Column("sa_certification", "M: certification", "`certified`: a theorem whose hypotheses were "
           "checked (KMST stride-one; swap lemma with the layers below closed); `checked`: see the "
           "next column"),
    Column("sa_check", "M: check", "the description against exact membership (FunctionSpace."
           "contains) on random points of V from zariski.random_point_of_V and mu of random filters"),
    Column("sing_source", "Sing from", "`theorem`: Sing(V) = {0} ∪ union of V_{d',S} over D "
           "(MATH.md §5, hypotheses checked; each component's ideal certified: Segre, "
           "Eagon–Northcott or Gröbner elimination); `Jacobian`: the Jacobian criterion in "
           "Sage/Singular (certified), where the theorem does not apply"),
    Column("sing_dim", "dim Sing", "affine dimension of the singular locus of V (-1: empty)"),
    Column("sing_codim", "codim Sing", "its codimension in C^n"),
    Column("sing_components", "components", "number of irreducible components"),
    Column("sing_component_dims", "component dims", "affine dimension of each component"),
    Column("sing_agrees", "Jacobian = theorem", "the independent check by the Jacobian criterion "
           "without minimal primes (singular_locus.jacobian_compare): `yes`: Sing(V) = U exactly "
           "(U = {0}: the theorem's components singular, dim Sing(V) = 0); `dimension: ...`: every "
           "theorem component lies in Sing(V) (rank of the Jacobian at two random points of each, "
           "Schwartz–Zippel error <= 1e-8) and dim Sing(V) = dim U (an exact bound mod p on a "
           "linear section), lower-dimensional extra components not excluded; `no`: a smooth "
           "point found on a theorem component; `not checked: ...` says why not"),
    Column("seconds_zariski", "s (Zariski)", "seconds of the Zariski-closedness entry"),
    Column("seconds_singular", "s (Sing)", "seconds of the theorem's singular-locus entry"),
    Column("seconds_jacobian", "s (Jacobian)", "seconds of the Jacobian check"),
    STATUS_COLUMN,
)



SPEC = TableSpec(
        "real_geometry", "Real geometry: Zariski closedness and singular loci",
        "Zariski closedness of M_{k,s} (lcnalg.geometry.zariski: the criterion of MATH.md §4.2, "
        "with an exactly verified witness or a falsification run) and the singular locus of V_{k,s} from "
        "the theorem of MATH.md §5 (components' ideals from the implicitization engines), checked "
        "against the Jacobian criterion (components singular, dimension; equality when Sing = {0}) "
        "where that finishes within its limit.",
        _rg_tasks, _rg_rows, lambda backends: RG_COLUMNS,
        timeout=5.0)
