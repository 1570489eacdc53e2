"""The ``real_geometry`` table: Zariski closedness with witnesses, and the singular locus by
the Jacobian criterion compared with MATH.md §5."""
from __future__ import annotations

import time

from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import EntryKey
from lcnalg.tables.formats import Column
from lcnalg.tables.runner import Task
from lcnalg.tables.spec import (BASE_COLUMNS, STATUS_COLUMN, TableSpec, _base_row, _combined_status,
                                _notes, _result, _seconds, _status, classes)


def zariski_entry(arch: Architecture, timeout=None, seed: int = 0) -> dict:
    """``describe`` with ``zariski_closed`` and ``witness``."""
    from lcnalg.describe import describe
    return describe(arch, fields=["zariski_closed", "witness"], timeout=timeout, seed=seed)


def singular_locus_entry(arch: Architecture, timeout=None) -> dict:
    """The singular locus by the Jacobian criterion, compared with MATH.md §5."""
    from lcnalg.geometry.singular_locus import singular_locus
    start = time.perf_counter()
    sl = singular_locus(arch, method="jacobian", timeout=timeout, compare=True).to_dict()
    return {"singular_locus": sl, "seconds": round(time.perf_counter() - start, 4)}


def _check(zd: dict) -> str | None:
    """The independent outcome behind the criterion's answer."""
    if zd.get("zariski_closed") is False:
        c = zd.get("checks") or {}
        ok = c.get("complex_factorization") and c.get("in_V_by_recursion") and c.get("in_M") is False
        return "witness verified" if ok else "witness NOT verified"
    f = zd.get("falsification") or {}
    return f"{f.get('points')} points of V, {f.get('outside_M')} outside M" if f else None


def _rg_tasks(archs, timeout, seeds, backends):
    out = []
    for a in archs:
        out.append(Task(EntryKey(a, "zariski"), zariski_entry, {"timeout": timeout}, timeout))
        out.append(Task(EntryKey(a, "singular_locus", "jacobian"), singular_locus_entry,
                        {"timeout": timeout}, timeout))
    return out


def _rg_rows(archs, records, seeds, backends):
    rows = []
    for a in archs:
        recs = {"zariski": records.get(EntryKey(a, "zariski")),
                "singular locus": records.get(EntryKey(a, "singular_locus", "jacobian"))}
        z = _result(recs["zariski"]) or {}
        zd = z.get("zariski_closedness") or {}
        sl = (_result(recs["singular locus"]) or {}).get("singular_locus") or {}
        closed = z.get("zariski_closed")
        row = _base_row(a)
        row.update(
            classes=classes(a),
            closed={True: "yes", False: "no", None: "undecided"}[closed] if z else None,
            witness=zd.get("witness_factored") or z.get("witness"),
            certification=zd.get("certification"), method=zd.get("method"),
            check=_check(zd) if z else None,
            sing_dim=sl.get("dim"), sing_codim=sl.get("codim"),
            sing_components=len(sl["components"]) if "components" in sl else None,
            sing_component_dims=[c.get("dim") for c in sl["components"]] if "components" in sl else None,
            sing_agrees=sl.get("agrees_with_theorem"),
            seconds_zariski=_seconds(recs["zariski"]),
            seconds_singular=_seconds(recs["singular locus"]),
            status=_combined_status(recs), notes=_notes(recs))
        rows.append(row)
    return rows


RG_COLUMNS = BASE_COLUMNS + (
    Column("classes", "classes", "as in the neurovarieties table"),
    Column("closed", "Zariski closed", "whether M equals the real points of V, by the criterion "
           "of MATH.md §4.2 (every architecture is decided)"),
    Column("witness", "witness", "for `no`: a rational point of V outside M (a product in "
           "t = y/x, built by the proof's recipe), verified exactly"),
    Column("certification", "certification", "`certified`: a published theorem or an exactly "
           "verified witness; `checked`: the derived criterion plus a falsification run"),
    Column("method", "method", "the argument (theorem: stride-one / non-overlapping; criterion: "
           "the obstruction, or every odd layer longer than the layers below)"),
    Column("check", "independent check", "`no`: the witness is in V (explicit complex "
           "factorization, recursion) and not in M (exact membership); `yes`: random real points "
           "of V of every orbit type, decided exactly, none outside M"),
    Column("sing_dim", "dim Sing", "affine dimension of the singular locus of V (Jacobian "
           "criterion, Sage/Singular; -1: empty)"),
    Column("sing_codim", "codim Sing", "its codimension in C^n"),
    Column("sing_components", "components", "number of irreducible components"),
    Column("sing_component_dims", "component dims", "affine dimension of each component"),
    Column("sing_agrees", "Sing = theorem", "whether the computed singular locus equals "
           "{0} ∪ union of M_{d',S} over D (MATH.md §5)"),
    Column("seconds_zariski", "s (Zariski)", "seconds of the Zariski-closedness entry"),
    Column("seconds_singular", "s (Sing)", "seconds of the singular-locus entry"),
    STATUS_COLUMN,
)



SPEC = TableSpec(
        "real_geometry", "Real geometry: Zariski closedness and singular loci",
        "Zariski closedness of M_{k,s} (lcnalg.geometry.zariski: the criterion of MATH.md §4.2, "
        "with an exactly verified witness or a falsification run) and the singular locus of V_{k,s} by the "
        "Jacobian criterion in Sage/Singular (certified), compared with MATH.md §5.",
        _rg_tasks, _rg_rows, lambda backends: RG_COLUMNS,
        timeout=5.0)
