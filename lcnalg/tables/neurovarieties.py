"""The ``neurovarieties`` table: the vanishing ideal of ``V_{k,s}`` by every backend, its
invariants, the degree check and whether the backends agree."""
from __future__ import annotations

import hashlib

from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import EntryKey
from lcnalg.tables.formats import Column
from lcnalg.tables.runner import Task
from lcnalg.tables.spec import (BASE_COLUMNS, STATUS_COLUMN, TableSpec, _base_row, _combined_status,
                                _notes, _result, _seconds, _status, classes)

#: Backends of the neurovarieties table, certified ones first.
BACKENDS = ("sage", "m2", "interpolation")
NEUROVARIETY_FIELDS = ("degree", "generator_degrees", "ideal", "hilbert_series", "deg_mu",
                       "degree_check")


def neurovariety_entry(arch: Architecture, backend: str, timeout=None, seed: int = 0) -> dict:
    """``describe`` with the neurovariety fields by ``backend``, plus ``groebner``: the
    SHA-256 and size of the reduced Gröbner basis (degrevlex), the ideal's canonical form,
    so that backends can be compared as ideals without keeping the bases."""
    from lcnalg.describe import describe
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.procs import time_limit
    r = describe(arch, fields=list(NEUROVARIETY_FIELDS), backend=backend, timeout=timeout, seed=seed)
    R = coordinate_ring(arch)
    with time_limit(timeout, f"reduced Groebner basis of the {backend} ideal of {arch}"):
        gb = R.ideal([R(g) for g in r["ideal"]]).groebner_basis() if r["ideal"] else []
    text = "\n".join(sorted(str(g / g.lc()) for g in gb))
    r["groebner"] = {"sha256": hashlib.sha256(text.encode()).hexdigest(), "size": len(gb)}
    return r


def _nv_tasks(archs, timeout, seeds, backends):
    return [Task(EntryKey(a, "neurovarieties", b), neurovariety_entry,
                 {"backend": b, "timeout": timeout}, timeout) for a in archs for b in backends]


def _nv_rows(archs, records, seeds, backends):
    rows = []
    for a in archs:
        recs = {b: records.get(EntryKey(a, "neurovarieties", b)) for b in backends}
        ok = {b: _result(r) for b, r in recs.items() if _result(r) is not None}
        source = next(iter(ok), None)
        res = ok.get(source, {})
        shas = {r.get("groebner", {}).get("sha256") for r in ok.values()}
        check = res.get("degree_check") or {}
        row = _base_row(a)
        row.update(dim=a.dim, codim=a.codim, classes=classes(a), degree=res.get("degree"),
                   generator_degrees=res.get("generator_degrees"), deg_mu=res.get("deg_mu"),
                   multinomial=a.multinomial, degree_check=check.get("agrees"),
                   dim_check=res.get("ideal_dim_agrees_with_theorem"),
                   backends_agree=(len(shas) == 1) if len(ok) >= 2 else None,
                   compared=",".join(ok) if len(ok) >= 2 else None,
                   source=source, certified=res.get("certified"))
        for b in backends:
            row[f"seconds_{b}"] = _seconds(recs[b])
        row["timed_out"] = {b: r.get("timeout") for b, r in recs.items()
                            if r is not None and r["status"] == "timeout"}
        row["status"] = _combined_status(recs)
        row["notes"] = _notes(recs)
        rows.append(row)
    return rows


def _nv_columns(backends):
    cols = BASE_COLUMNS + (
        Column("dim", "dim", "dimension of the function space, sum k_i - L + 1 [theorem]"),
        Column("codim", "codim", "n - dim"),
        Column("classes", "classes", "MATH.md §3: thick/thin, stride-one, filling, reduced, "
               "non-overlapping (k_i <= s_i for i < L)"),
        Column("degree", "deg V", "degree of the neurovariety (from the Hilbert series of the "
               "ideal of the first backend that finished, see `source`)"),
        Column("generator_degrees", "generators (degree:number)",
               "number of minimal generators of the ideal in each degree (`none`: V = C^n)"),
        Column("deg_mu", "deg mu", "points of a generic fibre of mu modulo rescaling (random "
               "rational point: probabilistic)"),
        Column("multinomial", "multinomial", "(sum d_i)! / prod d_i!, the degree of the Segre variety"),
        Column("degree_check", "deg V deg mu = multinomial",
               "whether deg V * deg mu equals the multinomial coefficient (MATH.md §2)"),
        Column("dim_check", "dim ok", "whether the ideal's dimension equals dim [theorem]"),
        Column("backends_agree", "backends agree",
               "whether all backends that finished give the same ideal (equal reduced Gröbner "
               "bases in degrevlex); empty when fewer than two finished"),
        Column("compared", "compared", "the backends that finished and were compared"),
        Column("source", "source", "backend whose ideal gives degree, generators and deg mu "
               "(the first that finished of " + ", ".join(backends) + ")"),
        Column("certified", "certified", "whether the source backend proves its ideal is the "
               "whole vanishing ideal (sage, m2: yes; interpolation: probabilistic)"),
    )
    cols += tuple(Column(f"seconds_{b}", f"s ({b})", f"seconds of the {b} entry (ideal, invariants, "
                         "deg mu, Gröbner basis), empty unless it finished") for b in backends)
    return cols + (STATUS_COLUMN,)



SPEC = TableSpec(
        "neurovarieties", "Neurovarieties: vanishing ideals and invariants",
        "The vanishing ideal of V_{k,s} from each backend: `sage` (Singular elimination "
        "through Sage, certified), `m2` (Macaulay2 `ker`, certified), `interpolation` (exact "
        "linear algebra degree by degree with a probabilistic stopping rule). Backends are "
        "compared as ideals through their reduced Gröbner bases.",
        _nv_tasks, _nv_rows, _nv_columns,
        timeout=6.0)
