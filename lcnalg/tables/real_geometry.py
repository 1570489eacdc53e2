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
            witness=z.get("witness"), certified=zd.get("certified"), method=zd.get("method"),
            theorem_agrees=(closed == a.filling) if a.stride_one and z and closed is not None else None,
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
    Column("closed", "Zariski closed", "whether M equals the real points of V: yes / no / "
           "undecided (the witness search found nothing and no theorem applies)"),
    Column("witness", "witness", "for `no`: a rational point of V outside M, coefficients "
           "c_0..c_{n-1}, verified exactly"),
    Column("certified", "certified", "whether the answer is proved (a theorem, or an exactly "
           "verified witness); the search alone never certifies `yes`"),
    Column("method", "method", "how it was decided (theorem: stride-one, non-overlapping, "
           "reduction, witness search)"),
    Column("theorem_agrees", "theorem agrees", "stride-one architectures only: whether "
           "`closed` agrees with the theorem closed <=> filling (MATH.md §4)"),
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
        "Zariski closedness of M_{k,s} (lcnalg.geometry.zariski: theorems where they apply, otherwise "
        "a search for an exactly verified witness) and the singular locus of V_{k,s} by the "
        "Jacobian criterion in Sage/Singular (certified), compared with MATH.md §5.",
        _rg_tasks, _rg_rows, lambda backends: RG_COLUMNS,
        timeout=5.0)
