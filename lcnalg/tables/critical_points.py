"""The ``critical_points`` table: critical points of the squared loss for several seeds."""
from __future__ import annotations

from lcnalg.geometry.architecture import Architecture
from lcnalg.training.critical import CriticalPointsSummary
from lcnalg.training.eddegree import ged_degree
from lcnalg.tables.cache import EntryKey
from lcnalg.tables.formats import Column
from lcnalg.tables.runner import Task
from lcnalg.tables.spec import (BASE_COLUMNS, STATUS_COLUMN, TableSpec, base_row, classes,
                                entry_notes, entry_result, entry_seconds, entry_status)

#: Seeds (random data) of the critical points table.
SEEDS = (0, 1, 2)
#: Largest gEDdeg solved (msolve over GF(p)); beyond it rows say why.
MAX_GED = 3000
#: Above these gEDdeg only the first two seeds / the first seed run (the homotopy's real
#: points and their classification take minutes at 1226 and 2385).
FEW_SEEDS_ABOVE, ONE_SEED_ABOVE = 400, 1000
#: Real points (homotopy continuation, certified complete by the count of certified
#: solutions) for gEDdeg <= MAX_REAL; the exact count over QQ as an independent check for
#: gEDdeg <= CERTIFY_MAX (Singular std over QQ: 18 s at 39, over 90 s at 83).
MAX_REAL, CERTIFY_MAX = MAX_GED, 39
#: KMMT's prediction, measured on the stride-one rows (L >= 2) with gEDdeg <= LANDING_MAX: where
#: LANDING_RUNS gradient-descent runs (seeded initializations) end, against the real critical
#: points (training.dynamics.landing_shares).
LANDING_MAX, LANDING_RUNS = 100, 30
#: The opt-in table ``critical_points_large`` (not in ``make tables``): the rows with
#: ``MAX_GED < gEDdeg <= LARGE_MAX`` (the filter sizes (2,4,4) and (3,3,4), gEDdeg 4740 and
#: 8547), seed 0 only, by the homotopy alone (msolve's modular count is skipped: minutes to
#: hours at these sizes, and the certified count is the stronger result).
LARGE_MAX, LARGE_SEEDS = 8547, (0,)


def entry_limit(ged: int, timeout: float | None) -> float | None:
    """The time limit of one entry: ``timeout``, raised with the size of the system (msolve
    on the gEDdeg-solution system: ~8 s at 1226, ~65 s at 2385 on an idle core, twice that
    on a loaded one) and for the real and exact parts of small systems."""
    if timeout is None:
        return None
    need = 120 if ged <= CERTIFY_MAX else 60 + 1.0 * ged  # homotopy + classification
    return float(max(timeout, need if ged <= MAX_GED else 0))


def seeds_for(ged: int, seeds) -> tuple:
    if ged > ONE_SEED_ABOVE:
        return tuple(seeds)[:1]
    return tuple(seeds)[:2] if ged > FEW_SEEDS_ABOVE else tuple(seeds)


def critical_points_entry(arch: Architecture, seed: int = 0, timeout=None,
                          max_ged: int = MAX_GED) -> dict:
    """``ged_degree`` and ``critical_points`` (as in ``lcnalg describe``) for the data of
    ``seed``, with this table's size policy (``max_ged`` above ``MAX_GED``: the large table's,
    real points by the homotopy alone)."""
    from lcnalg.training.critical import critical_points_summary
    out = {"ged_degree": ged_degree(arch.k),
           "critical_points": critical_points_summary(
               arch, seed=seed, timeout=timeout, max_ged=max_ged, max_real=max(MAX_REAL, max_ged),
               certify_max=CERTIFY_MAX, modular_max=MAX_GED).to_dict()}
    if arch.stride_one and arch.L >= 2 and out["ged_degree"] <= LANDING_MAX:
        from lcnalg.training.dynamics import landing_shares
        out["landing"] = landing_shares(arch, seed=seed, runs=LANDING_RUNS)
    return out


def _cp_tasks(archs, timeout, seeds, backends):
    # seed by seed: an architecture that timed out with the first seed is skipped for the others
    tasks = []
    for seed in seeds:
        for a in archs:
            ged = ged_degree(a.k)
            if seed in seeds_for(ged, seeds):
                limit = entry_limit(ged, timeout)
                tasks.append(Task(EntryKey(a, "critical_points", "none", {"seed": seed}),
                                  critical_points_entry, {"seed": seed, "timeout": limit}, limit))
    return tasks


_CP_KEYS = ("complex", "ged_degree", "agrees", "distinct", "complex_certified", "real", "minima",
            "saddles", "pure", "pure_certified", "boundary", "undecided", "singular", "spurious",
            "repeated_filters", "numerical", "hessian_certified", "exact_real", "dense_widths",
            "dense_complex", "dense_eckart_young")


def _cp_rows(archs, records, seeds, backends, computation="critical_points"):
    rows = []
    for a in archs:
        if computation != "critical_points" and not _large(a):
            continue
        for seed in seeds_for(ged_degree(a.k), seeds):
            rec = records.get(EntryKey(a, computation, "none", {"seed": seed}))
            res = entry_result(rec) or {}
            cp = (CriticalPointsSummary.from_dict(res["critical_points"])
                  if res.get("critical_points") else None)
            row = base_row(a)
            row["seed"] = seed
            row.update({k: getattr(cp, k, None) for k in _CP_KEYS})
            if row["ged_degree"] is None:  # a formula: known even when the entry did not finish
                row["ged_degree"] = ged_degree(a.k)
            row["certified_real"] = cp.certified_real if cp else None
            row["certified_reason"] = cp.certified_reason if cp else None
            land = (res.get("landing") or {}) if a.L >= 2 else {}   # one layer: nothing to compare
            row["gd_runs"] = land.get("converged")
            for k in ("repeated_filters", "boundary", "pure"):
                row[f"gd_{k}"] = (land.get("landed") or {}).get(k)
            row["seconds"] = entry_seconds(rec)
            status = entry_status(rec)
            if status == "ok" and cp and cp.skipped:
                status = f"not solved: gEDdeg {row['ged_degree']} beyond the solver range ({MAX_GED})"
                if row["ged_degree"] <= LARGE_MAX:
                    status += "; solved in the opt-in table critical_points_large"
            row["status"] = status
            row["notes"] = entry_notes({"critical points": rec})
            rows.append(row)
    return rows


CP_COLUMNS = BASE_COLUMNS + (
    Column("seed", "seed", "seed of the random training data (and of the random choices)"),
    Column("complex", "complex", "number of complex critical points modulo rescaling with "
           "mu(w) != 0, with multiplicity, for a random quadratic loss and gauge slice over "
           "GF(1073741827), by msolve (probabilistic)"),
    Column("ged_degree", "gEDdeg", "generic ED degree of the Segre variety P^{d_1} x ... x "
           "P^{d_L} (Chern class formula, exact; given even when the entry did not finish)"),
    Column("agrees", "= gEDdeg", "whether `complex` equals `gEDdeg` (Shahverdi's theorem)"),
    Column("distinct", "distinct", "distinct points among them (degree of the squarefree part of "
           "msolve's eliminating polynomial; computed for gEDdeg <= 1000)"),
    Column("complex_certified", "complex certified", "complex critical points for the integer "
           "training data of this seed, each in a box proved by Krawczyk (ball arithmetic) to hold "
           "exactly one nonsingular solution, boxes disjoint (training.homotopy: monodromy + "
           "parameter homotopy); equal to gEDdeg means all of them (MATH.md §6), a proof"),
    Column("real", "real", "number of real critical points for integer training data of this "
           "seed: the certified boxes that are conjugation-symmetric (each holds a real "
           f"solution; gEDdeg <= {MAX_REAL} in critical_points, <= {LARGE_MAX} in "
           "critical_points_large); all of them when `real certified`, a lower bound otherwise"),
    Column("minima", "minima", "real critical points that are local minima (Hessian in the "
           "slice coordinates)"),
    Column("saddles", "saddles", "real critical points that are saddles"),
    Column("pure", "pure", "real critical points w regular for mu with mu(w) a smooth interior "
           "point of M (MATH.md §6), proved or numerical"),
    Column("pure_certified", "pure (proved)", "of them, pure proved on the box: a nonzero "
           "dim M minor of d mu and codim minor of the Jacobian of I(V) in interval arithmetic "
           "(training.certify.proved_classes)"),
    Column("boundary", "boundary", "real critical points with mu(w) on the boundary of M "
           "(training.classify.interior_by_structure: the rules of the exact interior test)"),
    Column("undecided", "undecided", "real critical points whose interior/boundary no rule "
           "decides (counted, not guessed)"),
    Column("singular", "singular", "real critical points with mu(w) a singular point of V"),
    Column("spurious", "spurious", "real critical points with mu(w) not critical for the loss "
           "restricted to M"),
    Column("repeated_filters", "repeated filters", "real critical points with a root shared "
           "between layers"),
    Column("numerical", "numerical", "real critical points with a class decided only "
           "numerically (a double root, a rank drop, a shared root: equalities that intervals "
           "cannot prove; tolerance 1e-30 relative at 256 bits)"),
    Column("exact_real", "exact real", "the number of real solutions of the slice system by a "
           f"Groebner basis over QQ and a Sturm count (gEDdeg <= {CERTIFY_MAX}): an independent "
           "check of `real`"),
    Column("hessian_certified", "Hessian proved", "real critical points whose Hessian kind is "
           "proved on the Krawczyk box (interval arithmetic, Gershgorin discs after congruence)"),
    Column("dense_widths", "dense widths", "the dense linear network (a_0, r, a_L) with "
           "r(a_0 + a_L) = sum k_i parameters and the most critical points (MATH.md §6)"),
    Column("dense_complex", "dense", "its complex critical points of rank r modulo GL_r, "
           "computed by solving (msolve over GF(p), random data)"),
    Column("dense_eckart_young", "C(min(a_0,a_L), r)", "the Eckart-Young count for it"),
    Column("certified_real", "real certified", "whether all real critical points were found: "
           "gEDdeg disjoint certified boxes (no other isolated solution exists: parameter "
           "continuation bounds the count by the generic one); orbits off the gauge slice are "
           "excluded with probability one, not by proof"),
    Column("certified_reason", "why not certified", "why `real certified` is not true"),
    Column("gd_runs", "GD runs", f"stride one, L >= 2, gEDdeg <= {LANDING_MAX}: gradient-descent runs "
           f"(of {LANDING_RUNS} seeded initializations, step 1e-2, 4000 steps) that converged; "
           "each is matched to the real critical point with the nearest end-to-end filter "
           "(training.dynamics.landing_shares: a numerical experiment)"),
    Column("gd_repeated_filters", "GD at repeated filters", "of them, runs ending at a critical "
           "point with repeated filters"),
    Column("gd_boundary", "GD at boundary", "runs ending at a critical point on the boundary of M"),
    Column("gd_pure", "GD at pure", "runs ending at a pure critical point"),
    Column("seconds", "s", "seconds of the entry"),
    STATUS_COLUMN,
)



SPEC = TableSpec(
        "critical_points", "Critical points of the squared loss",
        "Critical points of the squared loss for random training data, one row per "
        "architecture and seed (lcnalg.training.critical). Complex counts are modular and "
        "probabilistic, and certified for the row's data by homotopy continuation with a "
        "Krawczyk box per solution; real points are the symmetric boxes, complete when gEDdeg "
        f"boxes are certified. Seeds {SEEDS} (the first two above gEDdeg {FEW_SEEDS_ABOVE}, the "
        f"first above {ONE_SEED_ABOVE}); per-entry "
        "limits grow with gEDdeg (entry_limit).",
        _cp_tasks, _cp_rows, lambda backends: CP_COLUMNS,
        timeout=5.0, summary=lambda rows: contrast_markdown(contrast(rows)) + landing_markdown(rows),
        params={"seeds": SEEDS})


def _large(arch: Architecture) -> bool:
    return MAX_GED < ged_degree(arch.k) <= LARGE_MAX


def _large_tasks(archs, timeout, seeds, backends):
    # one entry per architecture: no time limit of its own beyond the given one (start
    # systems by monodromy take 20-60 min the first time, tracking minutes per row)
    return [Task(EntryKey(a, "critical_points_large", "none", {"seed": seed}),
                 critical_points_entry, {"seed": seed, "timeout": timeout, "max_ged": LARGE_MAX},
                 timeout)
            for seed in seeds for a in archs if _large(a)]


SPEC_LARGE = TableSpec(
        "critical_points_large", "Critical points of the squared loss, gEDdeg 4740 and 8547",
        f"The rows of the critical_points table with {MAX_GED} < gEDdeg <= {LARGE_MAX} "
        "(filter sizes (2,4,4) and (3,3,4) in every order and stride), seed 0: all complex "
        "critical points by monodromy + parameter homotopy, each in a Krawczyk box, certified "
        "complete when gEDdeg disjoint boxes are proved (MATH.md §6); the real ones classified "
        "as in critical_points. msolve's modular count is not run (`complex` empty): "
        "`complex certified` is the count. Opt-in (hours on 2 cores): lcnalg tables --only "
        "critical_points_large.",
        _large_tasks, lambda archs, records, seeds, backends: _cp_rows(
            archs, records, seeds, backends, computation="critical_points_large"),
        lambda backends: CP_COLUMNS, timeout=7200.0,
        summary=lambda rows: contrast_markdown(contrast(rows)),
        params={"seeds": LARGE_SEEDS}, default=False)


def _group(row) -> str:
    if all(x == 1 for x in row["s"]):
        return "stride one"
    cls = ", " + classes(Architecture(tuple(row["k"]), tuple(row["s"])))
    if all(x > 1 for x in row["s"][:-1]) and ", reduced" in cls:
        return "reduced, strides > 1"
    return "other"


def contrast(rows) -> list[dict]:
    """The theorem's contrast (MATH.md §6) over the rows with real points: per group
    (reduced with strides ``s_1..s_{L-1} > 1``; stride one; other), the rows and the real
    critical points, how many are pure / boundary / singular / spurious / with repeated
    filters, and the rows whose real list is certified complete.

    EXAMPLES::

        >>> rows = [{"k": [2, 2], "s": [2, 1], "real": 2, "pure": 2, "boundary": 0,
        ...          "singular": 0, "spurious": 0, "repeated_filters": 0, "certified_real": True}]
        >>> contrast(rows)[0]["group"], contrast(rows)[0]["pure"]
        ('reduced, strides > 1', 2)
    """
    keys = [k for k in ("real", "pure", "pure_certified", "boundary", "undecided", "singular",
                        "spurious", "repeated_filters", "numerical")
            if any(k in r for r in rows)]   # a table from an older lcnalg lacks some columns
    out = {}
    for r in rows:
        if r.get("real") is None:
            continue
        g = out.setdefault(_group(r), {"group": _group(r), "rows": 0, "certified_rows": 0,
                                       **{k: 0 for k in keys}})
        g["rows"] += 1
        g["certified_rows"] += bool(r.get("certified_real"))
        for k in keys:
            g[k] += r.get(k) or 0
    order = ["reduced, strides > 1", "stride one", "other"]
    return [out[g] for g in order if g in out]


def contrast_markdown(groups) -> str:
    """:func:`contrast` as a Markdown table (the summary in ``results/README.md``).

    EXAMPLES::

        >>> rows = [{"k": [2, 2], "s": [1, 1], "real": 3, "pure": 1, "pure_certified": 1,
        ...          "boundary": 2, "undecided": 0, "singular": 0, "spurious": 1,
        ...          "repeated_filters": 0, "numerical": 2, "certified_real": True}]
        >>> print(contrast_markdown(contrast(rows)).splitlines()[-1])
        | stride one | 1 | 1 | 3 | 1 | 1 | 2 | 0 | 0 | 1 | 0 | 2 |
    """
    keys = [k for k in ("rows", "certified_rows", "real", "pure", "pure_certified", "boundary",
                        "undecided", "singular", "spurious", "repeated_filters", "numerical")
            if groups and k in groups[0]]
    head = ("The theorem's contrast (MATH.md §6) over the rows with real points: reduced "
            "architectures with strides > 1 should have only pure real critical points; "
            "stride one has boundary and spurious ones.  `certified rows`: rows whose real "
            "list is proved complete; `pure certified`: pure points proved pure on their box; "
            "`numerical`: points with a class decided only numerically (boundary, singular, "
            "repeated filters and non-spurious at a degenerate point are equalities).\n\n")
    lines = ["| group | " + " | ".join(k.replace("_", " ") for k in keys) + " |",
             "|---" * (len(keys) + 1) + "|"]
    lines += ["| " + " | ".join([g["group"]] + [str(g[k]) for k in keys]) + " |" for g in groups]
    return head + "\n".join(lines) + "\n"


def landing(rows) -> dict:
    """KMMT's prediction over the stride-one rows with a gradient-descent experiment: the
    share of converged runs ending at critical points with repeated filters / on the
    boundary / pure, beside the share of such points among the rows' real critical points.

    EXAMPLES::

        >>> rows = [{"k": [2, 2], "s": [1, 1], "real": 4, "repeated_filters": 2, "boundary": 2,
        ...          "pure": 2, "gd_runs": 10, "gd_repeated_filters": 0, "gd_boundary": 0,
        ...          "gd_pure": 10}]
        >>> landing(rows)["runs"], landing(rows)["landed"]["pure"], landing(rows)["points"]["pure"]
        (10, 1.0, 0.5)
    """
    rs = [r for r in rows if r.get("gd_runs") and r.get("real")]
    runs, real = sum(r["gd_runs"] for r in rs), sum(r["real"] for r in rs)
    keys = ("repeated_filters", "boundary", "pure")
    return {"rows": len(rs), "runs": runs, "real": real,
            "landed": {k: sum(r[f"gd_{k}"] or 0 for r in rs) / runs if runs else None for k in keys},
            "points": {k: sum(r.get(k) or 0 for r in rs) / real if real else None for k in keys}}


def landing_markdown(rows) -> str:
    """:func:`landing` as Markdown (per architecture and in total), for ``results/README.md``."""
    rs = [r for r in rows if r.get("gd_runs") and r.get("real")]
    if not rs:
        return ""
    head = ("\nKMMT's prediction (gradient descent often ends with repeated filters), measured on "
            "the stride-one rows: where the converged gradient-descent runs end (share of runs) "
            "against the share of such points among the real critical points (each real point "
            "counted once), summed over the seeds.  A numerical experiment: runs are matched to the "
            "nearest certified critical point.\n\n")
    lines = ["| k | seeds | runs | at repeated filters | repeated-filter points | at boundary | "
             "boundary points | at pure | pure points |", "|---" * 9 + "|"]
    groups = {}
    for r in rs:
        groups.setdefault(tuple(r["k"]), []).append(r)
    pct = lambda x: "-" if x is None else f"{100 * x:.0f}%"  # noqa: E731
    for k, g in list(groups.items()) + [("all", rs)]:
        d = landing(g)
        lines.append(f"| {k if k == 'all' else str(k)} | {len(g)} | {d['runs']} | "
                     + " | ".join(f"{pct(d['landed'][c])} | {pct(d['points'][c])}"
                                  for c in ("repeated_filters", "boundary", "pure")) + " |")
    return head + "\n".join(lines) + "\n"
