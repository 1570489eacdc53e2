"""The ``critical_points`` table: critical points of the squared loss for several seeds."""
from __future__ import annotations

from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import EntryKey
from lcnalg.tables.formats import Column
from lcnalg.tables.runner import Task
from lcnalg.tables.spec import (BASE_COLUMNS, STATUS_COLUMN, TableSpec, _base_row, _combined_status,
                                _notes, _result, _seconds, _status, classes)

#: Seeds (random data) of the critical points table.
SEEDS = (0, 1, 2)


def critical_points_entry(arch: Architecture, seed: int = 0, timeout=None) -> dict:
    """``describe`` with ``ged_degree`` and ``critical_points`` for the data of ``seed``."""
    from lcnalg.describe import describe
    return describe(arch, fields=["ged_degree", "critical_points"], timeout=timeout, seed=seed)


def _cp_tasks(archs, timeout, seeds, backends):
    # seed by seed: an architecture that timed out with the first seed is skipped for the others
    return [Task(EntryKey(a, "critical_points", "none", {"seed": seed}), critical_points_entry,
                 {"seed": seed, "timeout": timeout}, timeout) for seed in seeds for a in archs]


_CP_KEYS = ("complex", "ged_degree", "agrees", "real", "minima", "saddles", "pure", "boundary",
            "spurious", "repeated_filters", "dense_complex")


def _cp_rows(archs, records, seeds, backends):
    rows = []
    for a in archs:
        for seed in seeds:
            rec = records.get(EntryKey(a, "critical_points", "none", {"seed": seed}))
            res = _result(rec) or {}
            cp = res.get("critical_points") or {}
            row = _base_row(a)
            row["seed"] = seed
            row.update({k: cp.get(k) for k in _CP_KEYS})
            if row["ged_degree"] is None:  # a formula: known even when the entry did not finish
                from lcnalg.training.eddegree import ged_degree
                row["ged_degree"] = ged_degree(a.k)
            row["certified_real"] = (cp.get("certified") or {}).get("real") if cp else None
            row["seconds"] = _seconds(rec)
            status = _status(rec)
            if status == "ok" and cp.get("skipped"):
                status = f"not solved: {cp['skipped']}"
            row["status"] = status
            row["notes"] = _notes({"critical points": rec})
            rows.append(row)
    return rows


CP_COLUMNS = BASE_COLUMNS + (
    Column("seed", "seed", "seed of the random training data (and of the random choices)"),
    Column("complex", "complex", "number of complex critical points modulo rescaling with "
           "mu(w) != 0, for random data, counted over a large prime field (probabilistic)"),
    Column("ged_degree", "gEDdeg", "generic ED degree of the Segre variety P^{d_1} x ... x "
           "P^{d_L} (Chern class formula, exact; given even when the entry did not finish)"),
    Column("agrees", "= gEDdeg", "whether `complex` equals `gEDdeg` (Shahverdi's theorem)"),
    Column("real", "real", "number of real critical points for the real data of this seed "
           "(msolve real root isolation, each point certified by a Krawczyk test)"),
    Column("minima", "minima", "real critical points that are local minima (Hessian, numerical)"),
    Column("saddles", "saddles", "real critical points that are saddles"),
    Column("pure", "pure", "real critical points w regular for mu with mu(w) a smooth interior "
           "point of M (MATH.md §6)"),
    Column("boundary", "boundary", "real critical points with mu(w) on the boundary of M"),
    Column("spurious", "spurious", "real critical points with mu(w) not critical for the loss "
           "restricted to M"),
    Column("repeated_filters", "repeated filters", "real critical points with a root shared "
           "between layers"),
    Column("dense_complex", "dense", "complex count for the dense linear network with the "
           "same widths, for comparison"),
    Column("certified_real", "real certified", "whether every real point passed Krawczyk and "
           "msolve's count matched Singular's"),
    Column("seconds", "s", "seconds of the entry"),
    STATUS_COLUMN,
)



SPEC = TableSpec(
        "critical_points", "Critical points of the squared loss",
        "Critical points of the squared loss for random training data, one row per "
        "architecture and seed (lcnalg.training.critical). Complex counts are modular and "
        "probabilistic; real points are certified one by one.",
        _cp_tasks, _cp_rows, lambda backends: CP_COLUMNS,
        timeout=5.0)
