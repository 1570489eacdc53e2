"""The result tables: ``lcnalg tables`` regenerates them from a catalogue of architectures.

Tables (see :data:`TABLES` and ``results/README.md``):

* ``neurovarieties``: the vanishing ideal of ``V_{k,s}`` by every backend (``sage``, ``m2``,
  ``interpolation``), its invariants, the degree check and whether the backends agree;
* ``real_geometry``: Zariski-closedness with witnesses, and the singular locus by the
  Jacobian criterion compared with MATH.md §5;
* ``critical_points``: critical points of the squared loss for several seeds.

Every entry (architecture x computation x backend x seed) runs in its own killable worker
(:mod:`lcnalg.runner`) and is cached on disk (:mod:`lcnalg.cache`), so a rerun computes
only what is missing.  An entry that times out, fails or is skipped stays in its table with
that status.  An entry is *skipped* when the same computation timed out, under at least
the same limit, on an architecture with the same strides and componentwise smaller or equal
filters (e.g. the same one with another seed); ``skip_dominated=False`` (``--no-skip``)
computes it anyway.  Each table is written
atomically as CSV, Markdown, LaTeX (booktabs) and JSON.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .architecture import Architecture
from .cache import Cache, EntryKey, atomic_write_text
from .catalogue import catalogue as get_catalogue, catalogue_names
from .runner import Task, run

#: Per-entry time limits (seconds) of each table's computations, chosen so that the
#: default catalogue finishes in about 15 minutes with ``--jobs 2`` on two idle cores
#: (timeouts cost the most: about 200 entries reach their limit).
DEFAULT_TIMEOUTS = {"neurovarieties": 6.0, "real_geometry": 5.0, "critical_points": 5.0}
#: Backends of the neurovarieties table, certified ones first.
BACKENDS = ("sage", "m2", "interpolation")
#: Seeds (random data) of the critical points table.
SEEDS = (0, 1, 2)
NEUROVARIETY_FIELDS = ("degree", "generator_degrees", "ideal", "hilbert_series", "deg_mu",
                       "degree_check")


# --- the computations of one entry (run in a worker process) -------------------------

def neurovariety_entry(arch: Architecture, backend: str, timeout=None, seed: int = 0) -> dict:
    """``describe`` with the neurovariety fields by ``backend``, plus ``groebner``: the
    SHA-256 and size of the reduced Gröbner basis (degrevlex), the ideal's canonical form,
    so that backends can be compared as ideals without keeping the bases."""
    from .describe import describe
    from .parameterization import coordinate_ring
    from .timeout import time_limit
    r = describe(arch, fields=list(NEUROVARIETY_FIELDS), backend=backend, timeout=timeout, seed=seed)
    R = coordinate_ring(arch)
    with time_limit(timeout, f"reduced Groebner basis of the {backend} ideal of {arch}"):
        gb = R.ideal([R(g) for g in r["ideal"]]).groebner_basis() if r["ideal"] else []
    text = "\n".join(sorted(str(g / g.lc()) for g in gb))
    r["groebner"] = {"sha256": hashlib.sha256(text.encode()).hexdigest(), "size": len(gb)}
    return r


def zariski_entry(arch: Architecture, timeout=None, seed: int = 0) -> dict:
    """``describe`` with ``zariski_closed`` and ``witness``."""
    from .describe import describe
    return describe(arch, fields=["zariski_closed", "witness"], timeout=timeout, seed=seed)


def singular_locus_entry(arch: Architecture, timeout=None) -> dict:
    """The singular locus by the Jacobian criterion, compared with MATH.md §5."""
    from .singular import singular_locus
    start = time.perf_counter()
    sl = singular_locus(arch, method="jacobian", timeout=timeout, compare=True).to_dict()
    return {"singular_locus": sl, "seconds": round(time.perf_counter() - start, 4)}


def critical_points_entry(arch: Architecture, seed: int = 0, timeout=None) -> dict:
    """``describe`` with ``ged_degree`` and ``critical_points`` for the data of ``seed``."""
    from .describe import describe
    return describe(arch, fields=["ged_degree", "critical_points"], timeout=timeout, seed=seed)


def preload() -> None:
    """Import Sage and the engines once in the parent, so forked workers start at once."""
    import importlib
    from . import _sage
    _sage.init()
    for name in ("describe", "neurovariety", "hyperroots", "backends.sage_backend",
                 "backends.m2", "backends.interpolation", "singular", "realgeom",
                 "function_space", "critical", "eddegree"):
        try:
            importlib.import_module(f"lcnalg.{name}")
        except ImportError:
            pass


# --- formatting ------------------------------------------------------------------------

def classes(arch: Architecture) -> str:
    """The classes of MATH.md §3 that ``arch`` belongs to, e.g. ``"thin, reduced"``."""
    words = ["thick" if arch.thick else "thin"]
    words += [w for w, flag in (("stride-one", arch.stride_one), ("filling", arch.filling),
                                ("reduced", arch.is_reduced), ("non-overlapping", arch.non_overlapping))
              if flag]
    return ", ".join(words)


def _text(value, missing: str = "") -> str:
    if value is None:
        return missing
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return ", ".join(f"{k}:{v}" for k, v in value.items()) or "none"
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(_text(v) for v in value) + ")"
    return str(value)


_TEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
        "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in text)


def _md(text: str) -> str:
    return text.replace("|", r"\|")


@dataclass(frozen=True)
class Column:
    """A table column: ``key`` (CSV/JSON), ``title`` (Markdown, LaTeX) and ``doc`` (README)."""

    key: str
    title: str
    doc: str


def to_csv(columns, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.key for c in columns])
    for row in rows:
        w.writerow([_text(row.get(c.key)) for c in columns])
    return buf.getvalue()


def to_markdown(columns, rows) -> str:
    lines = ["| " + " | ".join(_md(c.title) for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_md(_text(row.get(c.key), "–")) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def to_latex(columns, rows, caption: str = "", label: str = "") -> str:
    """A booktabs ``longtable`` (it breaks across pages; needs
    ``\\usepackage{booktabs,longtable}``), with caption and label when given."""
    head = " & ".join(_tex(c.title) for c in columns) + r" \\"
    lines = [r"\begin{longtable}{" + "l" * len(columns) + "}"]
    if caption:
        lines.append(r"\caption{" + _tex(caption) + "}" + (r"\label{" + label + "}" if label else "")
                     + r" \\")
    lines += [r"\toprule", head, r"\midrule", r"\endhead", r"\bottomrule", r"\endfoot"]
    for row in rows:
        lines.append(" & ".join(_tex(_text(row.get(c.key), "--")) for c in columns) + r" \\")
    lines.append(r"\end{longtable}")
    return "\n".join(lines) + "\n"


def write_table(out, name: str, title: str, columns, rows, meta: dict) -> dict:
    """Write ``out/name.{csv,md,tex,json}``, each atomically; return the paths."""
    out = Path(out)
    paths = {ext: out / f"{name}.{ext}" for ext in ("csv", "md", "tex", "json")}
    doc = {"table": name, "title": title, **meta,
           "columns": [{"key": c.key, "title": c.title, "doc": c.doc} for c in columns],
           "rows": rows}
    atomic_write_text(paths["csv"], to_csv(columns, rows))
    atomic_write_text(paths["md"], f"# {title}\n\n" + to_markdown(columns, rows))
    atomic_write_text(paths["tex"], "% generated by `lcnalg tables`; needs \\usepackage{booktabs,longtable}\n"
                      + to_latex(columns, rows, title, f"tab:{name}"))
    atomic_write_text(paths["json"], json.dumps(doc, indent=1, default=str) + "\n")
    return paths


# --- rows ---------------------------------------------------------------------------

def _status(rec: dict | None) -> str:
    """``ok``, ``timeout (20 s)``, ``error``, ``skipped`` or ``missing``."""
    if rec is None:
        return "missing"
    if rec["status"] == "timeout" and rec.get("timeout") is not None:
        return f"timeout ({rec['timeout']:g} s)"
    return rec["status"]


def _combined_status(recs: dict) -> str:
    """``ok`` if every part is ok, else the parts that are not, e.g. ``sage timeout (20 s)``."""
    bad = [f"{part} {_status(rec)}" for part, rec in recs.items() if _status(rec) != "ok"]
    return "; ".join(bad) if bad else "ok"


def _notes(recs: dict) -> dict:
    return {part: rec.get("error") for part, rec in recs.items()
            if rec is not None and rec.get("error")}


def _result(rec: dict | None) -> dict | None:
    return rec["result"] if rec is not None and rec["status"] == "ok" else None


def _seconds(rec: dict | None):
    return rec.get("seconds") if rec is not None and rec["status"] == "ok" else None


def _base_row(arch: Architecture) -> dict:
    return {"k": list(arch.k), "s": list(arch.s), "n": arch.n}


BASE_COLUMNS = (Column("k", "k", "filter sizes k_1..k_L"),
                Column("s", "s", "strides s_1..s_L (the last one is always 1)"),
                Column("n", "n", "size of the end-to-end filter, 1 + sum d_i S_i"))
STATUS_COLUMN = Column("status", "status",
                       "`ok`, or the computations that did not finish: `timeout (T s)` (killed "
                       "or stopped at the limit T), `error` (the reason is in the JSON `notes`), "
                       "`skipped` (the same computation timed out under at least this limit on "
                       "an architecture with the same strides and smaller or equal filters)")


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
                from .eddegree import ged_degree
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


@dataclass(frozen=True)
class TableSpec:
    """A result table: its entries (``tasks``), its ``rows`` and ``columns``."""

    name: str
    title: str
    doc: str
    tasks: Callable
    rows: Callable
    columns: Callable


TABLES = {
    "neurovarieties": TableSpec(
        "neurovarieties", "Neurovarieties: vanishing ideals and invariants",
        "The vanishing ideal of V_{k,s} from each backend: `sage` (Singular elimination "
        "through Sage, certified), `m2` (Macaulay2 `ker`, certified), `interpolation` (exact "
        "linear algebra degree by degree with a probabilistic stopping rule). Backends are "
        "compared as ideals through their reduced Gröbner bases.",
        _nv_tasks, _nv_rows, _nv_columns),
    "real_geometry": TableSpec(
        "real_geometry", "Real geometry: Zariski closedness and singular loci",
        "Zariski closedness of M_{k,s} (lcnalg.realgeom: theorems where they apply, otherwise "
        "a search for an exactly verified witness) and the singular locus of V_{k,s} by the "
        "Jacobian criterion in Sage/Singular (certified), compared with MATH.md §5.",
        _rg_tasks, _rg_rows, lambda backends: RG_COLUMNS),
    "critical_points": TableSpec(
        "critical_points", "Critical points of the squared loss",
        "Critical points of the squared loss for random training data, one row per "
        "architecture and seed (lcnalg.critical). Complex counts are modular and "
        "probabilistic; real points are certified one by one.",
        _cp_tasks, _cp_rows, lambda backends: CP_COLUMNS),
}


# --- running ------------------------------------------------------------------------

def _dominated(task: Task, done: dict) -> str | None:
    """Why ``task`` need not run: the same computation timed out, under at least the same
    limit, on an architecture with the same strides and componentwise smaller (or equal)
    filters, with the same parameters up to the seed."""
    a, key = task.key.arch, task.key
    params = {p: v for p, v in key.params if p != "seed"}
    for other, rec in done.items():
        b = other.arch
        if (rec is not None and rec["status"] == "timeout" and other != key and b.s == a.s
                and other.computation == key.computation and other.backend == key.backend
                and {p: v for p, v in other.params if p != "seed"} == params
                and all(x <= y for x, y in zip(b.k, a.k))
                and (rec.get("timeout") is None
                     or (task.timeout is not None and rec["timeout"] >= task.timeout))):
            seed = dict(other.params).get("seed")
            return (f"k={b.k} s={b.s}" + ("" if seed is None else f" seed={seed}") + " timed out"
                    + (f" at {rec['timeout']:g} s" if rec.get("timeout") is not None else ""))
    return None


def _archs(catalogue) -> tuple[str, list[Architecture]]:
    if isinstance(catalogue, str):
        return catalogue, get_catalogue(catalogue)
    archs = list(catalogue)
    if not all(isinstance(a, Architecture) for a in archs):
        raise ValueError("catalogue must be a name or a list of Architecture")
    return "custom", archs


def _timeouts(timeout) -> dict:
    if timeout is None:
        return dict(DEFAULT_TIMEOUTS)
    if isinstance(timeout, dict):
        return {**DEFAULT_TIMEOUTS, **timeout}
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout:g}")
    return {name: float(timeout) for name in TABLES}


def run_tables(catalogue="default", only=None, out="results", jobs: int = 1, timeout=None,
               force: bool = False, dask_scheduler: str | None = None, progress: bool = True,
               cache_dir=None, seeds=SEEDS, backends=BACKENDS, skip_dominated: bool = True,
               figures: bool = True) -> dict:
    """Compute (or take from the cache) every entry of the tables and write them to ``out``.

    ``catalogue``: a name (:func:`lcnalg.catalogue.catalogue`) or a list of architectures;
    ``only``: a table name or a list of them (default all); ``timeout``: seconds per entry
    (default :data:`DEFAULT_TIMEOUTS`; a dict overrides some tables); ``cache_dir``: default
    ``out/.cache``.  Returns ``{table: {"rows": [...], "paths": {...}}}``."""
    name, archs = _archs(catalogue)
    wanted = list(TABLES) if only is None else ([only] if isinstance(only, str) else list(only))
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown table {unknown[0]!r}; known: {', '.join(TABLES)}")
    limits = _timeouts(timeout)
    seeds, backends = tuple(seeds), tuple(backends)
    out = Path(out)
    cache = Cache(cache_dir if cache_dir is not None else out / ".cache")
    cache.remove_stale_temporaries()
    results = {}
    for table in wanted:
        spec = TABLES[table]
        start = time.perf_counter()
        tasks = spec.tasks(archs, limits[table], seeds, backends)
        records = run(tasks, cache, jobs=jobs, force=force, progress=progress, preload=preload,
                      dask_scheduler=dask_scheduler, desc=table,
                      skip=_dominated if skip_dominated else None)
        rows = spec.rows(archs, records, seeds, backends)
        counts: dict[str, int] = {}
        for rec in records.values():
            counts[rec["status"]] = counts.get(rec["status"], 0) + 1
        meta = {"catalogue": name, "architectures": len(archs), "lcnalg_version": __version__,
                "timeout": limits[table], "entries": counts,
                "seeds": list(seeds) if table == "critical_points" else None,
                "backends": list(backends) if table == "neurovarieties" else None,
                "doc": spec.doc}
        paths = write_table(out, table, spec.title, spec.columns(backends), rows, meta)
        results[table] = {"rows": rows, "paths": paths, "entries": counts,
                          "seconds": round(time.perf_counter() - start, 1)}
    if figures:
        from .figures import make_figures
        make_figures(out)
    write_readme(out)
    return results


# --- results/README.md ------------------------------------------------------------------

README_HEAD = """\
# Result tables

Generated by `lcnalg tables` (`make tables`); do not edit by hand: this file is rewritten from
the table definitions in `lcnalg/tables.py` and the tables present in this directory.

Regenerate everything (the cache in `results/.cache/` makes a rerun compute only what is
missing; `--force` recomputes, a larger `--timeout` retries entries that timed out):

    lcnalg tables --catalogue default --jobs 2            # or: make tables
    lcnalg tables --only neurovarieties --timeout 120      # one table, longer limit
    lcnalg tables --dask-scheduler tcp://host:8786         # on a Dask cluster

Each table comes as `NAME.csv`, `NAME.md`, `NAME.tex` (a booktabs `longtable`) and `NAME.json` (the rows
with full values, the column descriptions, and `notes` with the reason of every failure).
Every entry (architecture x computation x backend x seed) ran in its own process with a time
limit; entries that timed out, failed or were skipped stay in the tables with that `status`
(an entry is skipped when the same computation timed out, under at least the same limit, on
an architecture with the same strides and componentwise smaller or equal filters, e.g. with
another seed). Figures are in `figures/` (PNG and PDF),
drawn by `lcnalg/figures.py` and by `notebooks/04_results.ipynb`.

Certified vs probabilistic: `sage` and `m2` ideals are exact Gröbner basis computations over
QQ (certified); `interpolation` is exact linear algebra with a probabilistic stopping rule;
`deg mu` uses a random rational point; complex critical point counts are modular (random data,
large prime); Zariski-closedness witnesses and real critical points are verified exactly or
by interval arithmetic (see the columns `certified`).
"""


def write_readme(out) -> Path:
    """(Re)write ``out/README.md`` from :data:`TABLES` and the JSON tables in ``out``."""
    out = Path(out)
    parts = [README_HEAD]
    for name, spec in TABLES.items():
        path = out / f"{name}.json"
        try:
            doc = json.loads(path.read_text())
            columns = [(c["key"], c["doc"]) for c in doc["columns"]]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a table written by write_table
        entries = ", ".join(f"{v} {k}" for k, v in sorted(doc.get("entries", {}).items()))
        parts.append(f"\n## `{name}`: {spec.title}\n\n{spec.doc}\n\n"
                     f"Catalogue `{doc.get('catalogue')}` ({doc.get('architectures')} "
                     f"architectures), lcnalg {doc.get('lcnalg_version')}, time limit "
                     f"{doc.get('timeout')} s per entry in the last run (entries taken from the "
                     f"cache keep the limit they ran under, shown in `status`); entries: "
                     f"{entries}.\n\n"
                     "| column | meaning |\n|---|---|\n")
        parts.append("".join(f"| `{key}` | {_md(text)} |\n" for key, text in columns))
    figs = sorted(p.name for p in (out / "figures").glob("*.png")) if (out / "figures").is_dir() else []
    if figs:
        parts.append("\n## Figures\n\n")
        from .figures import FIGURES
        for f in figs:
            stem = f[:-4]
            parts.append(f"- `figures/{stem}.png` / `.pdf`: {FIGURES.get(stem, ('', ''))[1]}\n")
    path = out / "README.md"
    atomic_write_text(path, "".join(parts))
    return path


# --- command line ------------------------------------------------------------------------

def add_tables_arguments(p) -> None:
    """The options of ``lcnalg tables`` on the argparse (sub)parser ``p``."""
    p.add_argument("--catalogue", default="default",
                   help=f"architectures to tabulate: {', '.join(catalogue_names())} (default: default)")
    p.add_argument("--only", default=None,
                   help=f"comma-separated tables to compute: {', '.join(TABLES)} (default: all)")
    p.add_argument("--out", default="results", help="output directory (default: results)")
    p.add_argument("--jobs", type=int, default=1, help="parallel worker processes (default 1)")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds per entry (default: " + ", ".join(
                       f"{k} {v:g}" for k, v in DEFAULT_TIMEOUTS.items()) + ")")
    p.add_argument("--force", action="store_true", help="recompute entries that are cached")
    p.add_argument("--no-skip", action="store_true",
                   help="compute entries even when a smaller architecture timed out")
    p.add_argument("--dask-scheduler", default=None, metavar="ADDRESS",
                   help="run the entries on this Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def tables_command(args) -> int:
    """Run ``lcnalg tables`` with parsed ``args``; print where the tables went."""
    if args.jobs < 1:
        raise ValueError(f"--jobs must be at least 1, got {args.jobs}")
    if args.timeout is not None and args.timeout <= 0:
        raise ValueError(f"--timeout must be positive, got {args.timeout:g}")
    only = None if args.only is None else [t.strip() for t in args.only.split(",") if t.strip()]
    start = time.perf_counter()
    results = run_tables(catalogue=args.catalogue, only=only, out=args.out, jobs=args.jobs,
                         timeout=args.timeout, force=args.force, dask_scheduler=args.dask_scheduler,
                         progress=not args.no_progress, skip_dominated=not args.no_skip)
    for name, r in results.items():
        entries = ", ".join(f"{v} {k}" for k, v in sorted(r["entries"].items()))
        print(f"{name}: {len(r['rows'])} rows ({entries}) -> {r['paths']['md']}")
    print(f"done in {time.perf_counter() - start:.0f} s")
    return 0
