"""The result tables: ``lcnalg tables`` regenerates them from a catalogue of architectures.

Tables (see :data:`TABLES` and ``results/README.md``):

* ``neurovarieties``: the vanishing ideal of ``V_{k,s}`` by the default engine, ``sage`` and
  ``m2``, its invariants, the degree check and whether the backends agree;
* ``real_geometry``: Zariski-closedness with witnesses, and the singular locus by the
  Jacobian criterion compared with MATH.md §5;
* ``critical_points``: critical points of the squared loss for several seeds;
* ``closedness_atlas``: Zariski-closedness over a wider catalogue;
* ``critical_points_large`` (opt-in, only with ``--only``): the critical points at gEDdeg
  4740 and 8547, by the homotopy alone.

Every entry (architecture x computation x backend x seed) runs in its own killable worker
(:mod:`lcnalg.tables.runner`) and is cached on disk (:mod:`lcnalg.tables.cache`), so a rerun computes
only what is missing.  An entry that times out, fails or is skipped stays in its table with
that status.  An entry is *skipped* when the same computation timed out, under at least
the same limit, on an architecture with the same strides and componentwise smaller or equal
filters (e.g. the same one with another seed), unless the table says its entries are not
one architecture's (:attr:`~lcnalg.tables.spec.TableSpec.skip_dominated`); ``skip_dominated=False``
(``--no-skip``) computes it anyway.  Each table is written
atomically as CSV, Markdown, LaTeX (booktabs) and JSON.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from lcnalg import __version__, options
from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import Cache, atomic_write_text
from lcnalg.tables.catalogue import catalogue as get_catalogue, catalogue_names
from lcnalg.tables.formats import md_escape, write_table
from lcnalg.tables.runner import Task, run
from lcnalg.tables import closedness_atlas, critical_points, neurovarieties, real_geometry

#: The tables, in the order they are computed.
TABLES = {spec.name: spec for spec in (neurovarieties.SPEC, real_geometry.SPEC, critical_points.SPEC,
                                       closedness_atlas.SPEC, critical_points.SPEC_LARGE)}
#: Per-entry time limits (seconds) of each table's computations.
DEFAULT_TIMEOUTS = {name: spec.timeout for name, spec in TABLES.items()}


def preload() -> None:
    """Import Sage and the engines once in the parent, so forked workers start at once."""
    import importlib
    from lcnalg import _sage
    from lcnalg.implicit import registry
    _sage.init()
    for name in registry.names():
        registry.engine(name)
    for name in ("describe", "geometry.neurovariety", "geometry.hyperroots",
                 "geometry.singular_locus", "geometry.zariski", "geometry.function_space",
                 "training.critical", "training.classify", "training.eddegree"):
        importlib.import_module(f"lcnalg.{name}")


# --- running ------------------------------------------------------------------------

def _below(b: Architecture, a: Architecture) -> bool:
    """The skip rule's order: ``b`` has the strides of ``a`` and componentwise smaller or
    equal filters."""
    return b.s == a.s and all(x <= y for x, y in zip(b.k, a.k))


def _dominated(task: Task, done: dict) -> str | None:
    """Why ``task`` need not run: the same computation timed out, under at least the same
    limit, on an architecture with the same strides and componentwise smaller (or equal)
    filters, with the same parameters up to the seed."""
    a, key = task.key.arch, task.key
    params = {p: v for p, v in key.params if p != "seed"}
    for other, rec in done.items():
        b = other.arch
        if (rec is not None and rec["status"] == "timeout" and other != key and _below(b, a)
                and other.computation == key.computation and other.backend == key.backend
                and {p: v for p, v in other.params if p != "seed"} == params
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
        return {**DEFAULT_TIMEOUTS, **{k: options.seconds(f"timeout[{k!r}]", v) for k, v in timeout.items()}}
    return {name: options.seconds("timeout", timeout) for name in TABLES}


def _check_writable(*dirs) -> None:
    """Create ``dirs`` and write a probe file in each, so that a directory that cannot be
    written (read-only, a file, a full disk) fails with OSError before any computation."""
    import tempfile
    for d in dirs:
        Path(d).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=d, prefix=".lcnalg-probe-"):
            pass


def run_tables(catalogue="default", only=None, out="results", jobs: int = 1, timeout=None,
               force: bool = False, dask_scheduler: str | None = None, progress: bool = True,
               cache_dir=None, seeds=None, backends=None, skip_dominated: bool = True,
               figures: bool = True, cached_only: bool = False, params: dict | None = None,
               keep: bool = False) -> dict:
    """Compute (or take from the cache) every entry of the tables and write them to ``out``.

    ``catalogue``: a name (:func:`lcnalg.tables.catalogue.catalogue`) or a list of architectures;
    ``only``: a table name or a list of them (default all); ``timeout``: seconds per entry
    (default :data:`DEFAULT_TIMEOUTS`; a dict overrides some tables); ``cache_dir``: default
    ``out/.cache``; ``cached_only``: compute nothing, write the tables from the cache (the
    entries not in it are ``skipped`` with the reason "not computed", e.g. after a run that
    was stopped); ``seeds``, ``backends`` and ``params`` (the other parameters, e.g.
    ``{"cross_check_max_n": 12}``): instead of the defaults of the tables that take them
    (:attr:`lcnalg.tables.spec.TableSpec.params`, replaced per named catalogue by its
    ``catalogue_params``).  ``keep``: take the rows of the table already in ``out``
    (:func:`keep_rows`) instead of recomputing the architectures it has finished, so that a
    run on a machine without the cache continues the committed table.  Returns
    ``{table: {"rows": [...], "paths": {...}}}``.

    EXAMPLES::

        >>> import tempfile
        >>> from lcnalg.geometry.architecture import Architecture
        >>> r = run_tables([Architecture((2, 2), (2, 1))], only="critical_points",
        ...                out=tempfile.mkdtemp(), progress=False, figures=False, cached_only=True)
        >>> r["critical_points"]["rows"][0]["status"]
        'skipped'
    """
    name, archs = _archs(catalogue)
    wanted = [t for t, spec in TABLES.items() if spec.default] if only is None else ([only] if isinstance(only, str) else list(only))
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown table {unknown[0]!r}; known: {', '.join(TABLES)}")
    if not wanted:
        raise ValueError(f"no table asked for: choose from {', '.join(TABLES)}")
    options.integer("jobs", jobs, 1, options.MAX_JOBS)
    if keep and force:
        raise ValueError("keep and force contradict each other: force recomputes what keep keeps")
    limits = _timeouts(timeout)
    given = {"seeds": seeds, "backends": backends, **(params or {})}
    out = Path(out)
    cache = Cache(cache_dir if cache_dir is not None else out / ".cache")
    _check_writable(out, cache.root)
    cache.remove_stale_temporaries()
    results = {}
    for table in wanted:
        spec = TABLES[table]
        start = time.perf_counter()
        tname, tarchs = ((spec.catalogue, get_catalogue(spec.catalogue))
                         if spec.catalogue and isinstance(catalogue, str) else (name, archs))
        p = {**spec.params, **spec.catalogue_params.get(tname, {})}
        p = {k: (v if given.get(k) is None else given[k]) for k, v in p.items()}
        seeds, backends = tuple(p.get("seeds", ())), tuple(p.get("backends", ()))
        extra = {k: v for k, v in p.items() if k not in ("seeds", "backends")}
        previous = (_previous_rows(out / f"{table}.json", tname, spec.columns(backends))
                    if keep else {})
        todo = [a for a in tarchs if not _finished(spec, previous.get((a.k, a.s)))]
        tasks = spec.tasks(todo, limits[table], seeds, backends, **extra)
        records = run(tasks, cache, jobs=jobs, force=force, progress=progress, preload=preload,
                      dask_scheduler=dask_scheduler, desc=table,
                      skip=_not_computed if cached_only else (
                          _dominated if skip_dominated and spec.skip_dominated else None))
        rows, kept = keep_rows(spec, tarchs, spec.rows(todo, records, seeds, backends, **extra),
                               previous)
        if cached_only and spec.skip_dominated:
            rows = explain_not_computed(rows)
        counts: dict[str, int] = {}
        for rec in records.values():
            counts[rec["status"]] = counts.get(rec["status"], 0) + 1
        meta = {"catalogue": tname, "architectures": len(tarchs), "lcnalg_version": __version__,
                "timeout": limits[table], "entries": counts,
                "seeds": list(seeds) if "seeds" in p else None,
                "backends": list(backends) if "backends" in p else None, **extra,
                "doc": spec.doc}
        if keep:
            meta["kept_rows"] = kept
        paths = write_table(out, table, spec.title, spec.columns(backends), rows, meta)
        results[table] = {"rows": rows, "paths": paths, "entries": counts,
                          "seconds": round(time.perf_counter() - start, 1)}
    if figures:
        from lcnalg.tables.figures import make_figures
        make_figures(out)
    write_readme(out)
    return results


def _by_arch(rows) -> dict:
    """``{(k, s): [rows]}``: a table's rows grouped by architecture (a table may have several
    rows per architecture, e.g. one per seed)."""
    groups: dict = {}
    for row in rows:
        groups.setdefault((tuple(row["k"]), tuple(row["s"])), []).append(row)
    return groups


def _previous_rows(path: Path, catalogue: str, columns) -> dict:
    """The rows of the table at ``path`` by architecture (:func:`_by_arch`), for ``keep``;
    ``{}`` when there is none.  A table over another catalogue, from another lcnalg version
    or with other columns is refused (ValueError): its rows would not be this run's."""
    try:
        doc = json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise ValueError(f"keep: {path} is not a readable table ({type(e).__name__}: {e})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
        raise ValueError(f"keep: {path} is not a table written by lcnalg tables (no rows)")
    why = (f"its catalogue is {doc.get('catalogue')!r}, not {catalogue!r}"
           if doc.get("catalogue") != catalogue
           else f"it was written by lcnalg {doc.get('lcnalg_version')}, this is {__version__}"
           if doc.get("lcnalg_version") != __version__
           else "its columns differ from this lcnalg's"
           if [c.get("key") for c in doc.get("columns", [])] != [c.key for c in columns] else None)
    if why:
        raise ValueError(f"keep: cannot keep the rows of {path}: {why}; rerun without keep")
    return _by_arch(doc["rows"])


def _finished(spec, group) -> bool:
    """Whether a kept table's rows of one architecture need no recomputing: all ``ok``
    (and whatever else the table asks, :attr:`~lcnalg.tables.spec.TableSpec.finished`)."""
    return bool(group) and all(row.get("status") == "ok" and (spec.finished is None or spec.finished(row))
                               for row in group)


def keep_rows(spec, archs, new_rows, previous: dict) -> tuple[list, int]:
    """The rows of ``archs`` in order, each architecture's from this run (``new_rows``) or
    kept from the ``previous`` table, and how many rows were kept.

    The previous rows of an architecture are kept when they are finished (all ``ok`` and,
    where the table says so, :attr:`~lcnalg.tables.spec.TableSpec.finished`; then it was not
    computed), when this run's rows of it are all ``skipped`` and the
    previous ones are not (they say more, e.g. the limit a timeout ran under), or when they
    are all ``ok`` and this run's are not.  A kept row is marked in its ``notes`` and its
    derived columns are recomputed from its own values (:attr:`TableSpec.recheck`).

    EXAMPLES::

        >>> from lcnalg.tables.make import TABLES, keep_rows
        >>> from lcnalg.geometry.architecture import Architecture
        >>> a = Architecture((2, 2), (2, 1))
        >>> old = {(a.k, a.s): [{"k": [2, 2], "s": [2, 1], "n": 4, "status": "timeout (80 s)"}]}
        >>> new = [{"k": [2, 2], "s": [2, 1], "n": 4, "status": "skipped"}]
        >>> rows, kept = keep_rows(TABLES["closedness_atlas"], [a], new, old)
        >>> rows[0]["status"], kept
        ('timeout (80 s)', 1)
    """
    new = _by_arch(new_rows)
    rows, kept = [], 0
    for a in archs:
        old, now = previous.get((a.k, a.s)), new.get((a.k, a.s))
        take_old = bool(old) and (
            now is None or _finished(spec, old)
            or (all(r["status"].startswith("skipped") for r in now)
                and not all(r.get("status", "").startswith("skipped") for r in old))
            or (all(r.get("status") == "ok" for r in old) and not all(r["status"] == "ok" for r in now)))
        if not take_old:
            rows += now or []
            continue
        for row in old:
            if row.get("n") != a.n:
                raise ValueError(f"keep: the kept row of {a} has n = {row.get('n')}, not {a.n}")
            row = spec.recheck(a, dict(row)) if spec.recheck is not None else dict(row)
            row["notes"] = {**(row.get("notes") or {}),
                            "kept": "row of the previous table, not recomputed in this run"}
            rows.append(row)
            kept += 1
    return rows, kept


NOT_COMPUTED = "not computed (tables written from the cache with --cached-only)"


def _not_computed(task, done):
    return NOT_COMPUTED


def explain_not_computed(rows: list) -> list:
    """``rows`` with the note of each part not computed (:data:`NOT_COMPUTED`) extended by a
    row of the table that timed out with the same strides and componentwise smaller or
    equal filters, when there is one: the rule by which a run skips an entry
    (``_dominated``), stated with its evidence.

    EXAMPLES::

        >>> rows = [{"k": [3, 3], "s": [2, 1], "status": "timeout (80 s)"},
        ...         {"k": [4, 3], "s": [2, 1], "status": "skipped", "notes": {"default": NOT_COMPUTED}}]
        >>> explain_not_computed(rows)[1]["notes"]["default"]
        'not computed (tables written from the cache with --cached-only); k=(3,3) s=(2,1), with the same strides and smaller or equal filters, has status timeout (80 s)'
    """
    arch = lambda r: Architecture(r["k"], r["s"])  # noqa: E731
    timed_out = [(arch(r), r["status"]) for r in rows
                 if str(r.get("status", "")).startswith("timeout")]
    out = []
    for row in rows:
        notes = row.get("notes") or {}
        parts = [p for p, why in notes.items() if why == NOT_COMPUTED]
        a = arch(row) if parts else None
        other = next(((b, st) for b, st in timed_out if b != a and _below(b, a)), None) if a else None
        if other is not None:
            why = (f"{NOT_COMPUTED}; {other[0]}, with the same strides and smaller or equal "
                   f"filters, has status {other[1]}")
            row = dict(row, notes={**notes, **{p: why for p in parts}})
        out.append(row)
    return out


# --- results/README.md ------------------------------------------------------------------

README_HEAD = """\
# Result tables

Generated by `lcnalg tables` (`make tables`); do not edit by hand: this file is rewritten from
the table definitions in `lcnalg/tables/` (one spec module per table) and the tables present in this directory.

Regenerate everything (the cache in `results/.cache/` makes a rerun compute only what is
missing; `--force` recomputes, a larger `--timeout` retries entries that timed out):

    lcnalg tables --catalogue default --jobs 2            # or: make tables
    lcnalg tables --only neurovarieties --timeout 120      # one table, longer limit
    lcnalg tables --dask-scheduler tcp://host:8786         # on a Dask cluster
    lcnalg tables --catalogue large --only neurovarieties --out results/large --keep
                                                           # continue a committed table without its cache

Each table comes as `NAME.csv`, `NAME.md`, `NAME.tex` (a booktabs `longtable`) and `NAME.json` (the rows
with full values, the column descriptions, and `notes` with the reason of every failure).
Every entry (architecture x computation x backend x seed) ran in its own process with a time
limit; entries that timed out, failed or were skipped stay in the tables with that `status`
(an entry is skipped when the same computation timed out, under at least the same limit, on
an architecture with the same strides and componentwise smaller or equal filters, e.g. with
another seed). Figures are in `figures/` (PNG and PDF),
drawn by `lcnalg/tables/figures.py` and by `notebooks/04_results.ipynb`.

Certified, checked, probabilistic: `sage` and `m2` ideals are exact Gröbner basis computations
over QQ (certified); the structure engines (segre, determinantal, product, pivot, subresultant,
lastlayer) are certified by their theorems when the ideals they use are; `multigraded` (alias
`interpolation`) certifies each degree and is complete only with its chart, Cohen–Macaulay
or elimination certificate, else `checked` (column `certification`, the JSON
`certification_detail`); `deg mu` is counted at a random rational point (probabilistic) and
compared with the theorem (`deg mu = theorem`); complex critical point counts are modular
(random data, large prime); Zariski-closedness witnesses and real critical points are verified
exactly or by interval arithmetic (see the columns `certified`).
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
        # the description the table was written with (a table from an older lcnalg keeps its own)
        parts.append(f"\n## `{name}`: {spec.title}\n\n{doc.get('doc') or spec.doc}\n\n"
                     f"Catalogue `{doc.get('catalogue')}` ({doc.get('architectures')} "
                     f"architectures), lcnalg {doc.get('lcnalg_version')}, time limit "
                     f"{doc.get('timeout')} s per entry in the last run (entries taken from the "
                     f"cache keep the limit they ran under, shown in `status`); entries: "
                     f"{entries}.\n\n"
                     "| column | meaning |\n|---|---|\n")
        parts.append("".join(f"| `{key}` | {md_escape(text)} |\n" for key, text in columns))
        if spec.summary is not None and doc.get("rows"):
            parts.append("\n" + spec.summary(doc["rows"]))
    figs = sorted(p.name for p in (out / "figures").glob("*.png")) if (out / "figures").is_dir() else []
    if figs:
        parts.append("\n## Figures\n\n")
        from lcnalg.tables.figures import FIGURES
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
                   help=f"comma-separated tables to compute: {', '.join(TABLES)} (default: all but the "
                   "opt-in " + ", ".join(t for t, spec in TABLES.items() if not spec.default) + ")")
    p.add_argument("--out", default="results", help="output directory (default: results)")
    p.add_argument("--jobs", type=int, default=1, help="parallel worker processes (default 1)")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds per entry (default: " + ", ".join(
                       f"{k} {v:g}" for k, v in DEFAULT_TIMEOUTS.items()) + ")")
    p.add_argument("--force", action="store_true", help="recompute entries that are cached")
    p.add_argument("--no-skip", action="store_true",
                   help="compute entries even when a smaller architecture timed out")
    p.add_argument("--cached-only", action="store_true",
                   help="compute nothing: write the tables from the cache (missing entries: skipped)")
    p.add_argument("--keep", action="store_true",
                   help="keep the finished rows of the tables already in --out (not recomputed; "
                   "for continuing a committed table without its cache)")
    p.add_argument("--dask-scheduler", default=None, metavar="ADDRESS",
                   help="run the entries on this Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def tables_command(args) -> int:
    """Run ``lcnalg tables`` with parsed ``args``; print where the tables went.  Exit code 0
    when every entry is ``ok``, timed out under its limit or was skipped; 6 (with one line on
    stderr) when entries failed (the tables are written, the failures in them)."""
    options.integer("--jobs", args.jobs, 1, options.MAX_JOBS)
    options.seconds("--timeout", args.timeout)
    only = None if args.only is None else [t.strip() for t in args.only.split(",") if t.strip()]
    if only == []:
        raise ValueError(f"--only names no table: choose from {', '.join(TABLES)}")
    start = time.perf_counter()
    results = run_tables(catalogue=args.catalogue, only=only, out=args.out, jobs=args.jobs,
                         timeout=args.timeout, force=args.force, dask_scheduler=args.dask_scheduler,
                         progress=not args.no_progress, skip_dominated=not args.no_skip,
                         cached_only=args.cached_only, keep=args.keep)
    failed = {}
    for name, r in results.items():
        entries = ", ".join(f"{v} {k}" for k, v in sorted(r["entries"].items()))
        print(f"{name}: {len(r['rows'])} rows ({entries}) -> {r['paths']['md']}")
        if r["entries"].get("error"):
            failed[name] = r["entries"]["error"]
    print(f"done in {time.perf_counter() - start:.0f} s")
    if failed:  # timeouts are results under the stated limit; skipped entries are deliberate
        print("lcnalg: entries failed: " + ", ".join(f"{v} in {k}" for k, v in failed.items())
              + " (reasons in the JSON tables' notes; the next run recomputes them)", file=sys.stderr)
        return 6
    return 0
