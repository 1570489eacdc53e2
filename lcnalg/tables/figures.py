"""Figures drawn from the result tables (``results/*.json``), as PNG and PDF.

Each figure function takes the loaded tables (``{name: json document}``) and returns a
:class:`matplotlib.figure.Figure`, or None when its table is missing or has no data.  No
pyplot state is used, so this works headless and inside notebooks alike.
"""
from __future__ import annotations

import io
import json
from collections import defaultdict
from pathlib import Path

from lcnalg.tables.cache import atomic_write_bytes



def _decorate(ax, xlabel: str, ylabel: str, title: str, log: bool = False) -> None:
    """Axis labels, title and legend (log scale on y when ``log``)."""
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=7)

def load_tables(out="results") -> dict:
    """The JSON tables present in ``out``, by name."""
    tables = {}
    for name in ("neurovarieties", "real_geometry", "critical_points"):
        try:
            tables[name] = json.loads((Path(out) / f"{name}.json").read_text())
        except (OSError, ValueError):
            pass
    return tables


def _figure(width=7.0, height=4.0):
    try:
        from matplotlib.figure import Figure
    except ImportError:
        from lcnalg.errors import MissingExtra
        raise MissingExtra("matplotlib", "figures", "drawing the figures") from None
    return Figure(figsize=(width, height), layout="constrained")


def _label(row) -> str:
    return f"{','.join(map(str, row['k']))}|{','.join(map(str, row['s']))}"


def generator_degrees(tables):
    """Minimal generators of I(V) per degree, for each reduced thin architecture."""
    doc = tables.get("neurovarieties")
    if not doc:
        return None
    rows = [r for r in doc["rows"] if r.get("generator_degrees") and "thin" in r["classes"]
            and "reduced" in r["classes"]]
    if not rows:
        return None
    degrees = sorted({int(d) for r in rows for d in r["generator_degrees"]})
    fig = _figure(max(6.0, 0.13 * len(rows) + 1.5), 4.0)
    ax = fig.add_subplot()
    bottom = [0] * len(rows)
    for d in degrees:
        counts = [r["generator_degrees"].get(str(d), 0) for r in rows]
        ax.bar(range(len(rows)), counts, bottom=bottom, label=f"degree {d}")
        bottom = [b + c for b, c in zip(bottom, counts)]
    ax.set_xticks(range(len(rows)), [_label(r) for r in rows], rotation=90, fontsize=5)
    ax.set_ylabel("minimal generators")
    ax.set_xlabel("architecture k|s (reduced, thin)")
    ax.set_title("Minimal generators of the neurovariety ideal by degree")
    ax.legend(fontsize=7)
    return fig


def ged_growth(tables):
    """Generic ED degree (and the complex critical point counts found) against depth, for
    architectures with all filter sizes equal."""
    doc = tables.get("critical_points")
    if not doc:
        return None
    ged, found = {}, defaultdict(set)
    for r in doc["rows"]:
        k = tuple(r["k"])
        if len(set(k)) != 1 or r.get("ged_degree") is None:
            continue
        ged[k] = r["ged_degree"]
        if r.get("complex") is not None:
            found[k].add(r["complex"])
    if not ged:
        return None
    fig = _figure()
    ax = fig.add_subplot()
    for size in sorted({k[0] for k in ged}):
        ks = sorted((k for k in ged if k[0] == size), key=len)
        line, = ax.plot([len(k) for k in ks], [ged[k] for k in ks], "o-", label=f"k_i = {size}: gEDdeg")
        pts = [(len(k), c) for k in ks for c in found[k]]
        if pts:
            ax.plot(*zip(*pts), "x", color=line.get_color(), markersize=9,
                    label=f"k_i = {size}: complex critical points found")
    ax.set_yscale("log")
    ax.set_xlabel("number of layers L")
    ax.set_ylabel("count")
    ax.set_xticks(sorted({len(k) for k in ged}))
    ax.set_title("Generic ED degree of the Segre variety vs depth")
    ax.legend(fontsize=7)
    return fig


def timings(tables):
    """Seconds per neurovariety entry against n, one colour per backend; timeouts at their
    limit as crosses."""
    doc = tables.get("neurovarieties")
    if not doc:
        return None
    backends = doc.get("backends") or []
    fig = _figure()
    ax = fig.add_subplot()
    plotted = False
    for b in backends:
        ok = [(r["n"], r[f"seconds_{b}"]) for r in doc["rows"] if r.get(f"seconds_{b}") is not None]
        late = [(r["n"], r["timed_out"][b]) for r in doc["rows"]
                if r.get("timed_out", {}).get(b) is not None]
        if ok:
            line, = ax.plot(*zip(*ok), "o", alpha=0.6, label=f"{b}")
            color = line.get_color()
            plotted = True
        else:
            color = None
        if late:
            ax.plot(*zip(*late), "x", color=color, alpha=0.8, label=f"{b}: timed out")
            plotted = True
    if not plotted:
        return None
    _decorate(ax, "end-to-end filter size n", "seconds", "Time per neurovariety entry, by backend", log=True)
    return fig


def lcn_vs_dense(tables):
    """Complex critical points against the number of parameters: LCNs (gEDdeg, and the
    counts computed) vs the dense network with as many parameters (computed count)."""
    doc = tables.get("critical_points")
    if not doc:
        return None
    lcn = [(sum(r["k"]), r["ged_degree"]) for r in doc["rows"] if r.get("ged_degree")]
    found = [(sum(r["k"]), r["complex"]) for r in doc["rows"] if r.get("complex")]
    dense = sorted({(sum(r["k"]), r["dense_complex"]) for r in doc["rows"] if r.get("dense_complex")})
    if not found:
        return None
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(*zip(*lcn), "o", alpha=0.3, label="LCN: gEDdeg (every architecture)")
    ax.plot(*zip(*found), "x", label="LCN: complex critical points computed")
    if dense:
        ax.plot(*zip(*dense), "s-", label="dense (a0, r, aL), same parameters: computed")
    _decorate(ax, "parameters sum k_i", "complex critical points (modulo symmetry)", "LCN vs dense linear networks at equal parameter count", log=True)
    return fig


def real_contrast(tables):
    """Real critical points by kind, per group (reduced with strides > 1, stride one,
    other): the theorem's contrast (MATH.md §6)."""
    from lcnalg.tables.critical_points import contrast
    doc = tables.get("critical_points")
    groups = contrast(doc["rows"]) if doc else []
    if not groups:
        return None
    fig = _figure()
    ax = fig.add_subplot()
    kinds = [k for k in ("pure", "pure_certified", "boundary", "undecided", "singular",
                         "spurious", "repeated_filters") if k in groups[0]]
    width = 0.8 / len(kinds)
    for i, kind in enumerate(kinds):
        ax.bar([j + i * width for j in range(len(groups))],
               [g.get(kind, 0) / max(g["real"], 1) for g in groups], width,
               label="pure (proved on the box)" if kind == "pure_certified" else kind.replace("_", " "))
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(groups))],
                  [f"{g['group']}\n({g['real']} points, {g['rows']} rows)" for g in groups], fontsize=8)
    ax.set_ylabel("fraction of the real critical points")
    ax.set_title("Real critical points: strides > 1 (reduced) vs stride one")
    ax.legend(fontsize=7)
    return fig


def kmmt_landing(tables):
    """KMMT's prediction: the share of gradient-descent runs ending at critical points with
    repeated filters / on the boundary / pure, against the share of such points among the
    real critical points, per stride-one architecture (critical_points table)."""
    from lcnalg.tables.critical_points import landing
    doc = tables.get("critical_points")
    rows = [r for r in (doc["rows"] if doc else []) if r.get("gd_runs") and r.get("real")]
    if not rows:
        return None
    groups = {}
    for r in rows:
        groups.setdefault(tuple(r["k"]), []).append(r)
    fig = _figure(width=8.0)
    ax = fig.add_subplot()
    names = list(groups)
    for i, (kind, colour) in enumerate((("repeated_filters", "C0"), ("boundary", "C1"), ("pure", "C2"))):
        d = [landing(groups[k]) for k in names]
        ax.bar([j + i * 0.27 for j in range(len(names))], [x["landed"][kind] for x in d], 0.13,
               color=colour, label=f"GD runs ending {kind.replace('_', ' ')}")
        ax.bar([j + i * 0.27 + 0.13 for j in range(len(names))], [x["points"][kind] for x in d], 0.13,
               color=colour, alpha=0.35, hatch="//", label=f"critical points {kind.replace('_', ' ')}")
    ax.set_xticks([j + 0.33 for j in range(len(names))],
                  [f"{k}\n({landing(groups[k])['runs']} runs)" for k in names], fontsize=8)
    ax.set_ylabel("share")
    ax.set_title("Stride one: where gradient descent ends vs what the critical points are")
    ax.legend(fontsize=6, ncol=3)
    return fig


def function_space_slices(tables):
    """KMST's Figure 1 from the computed descriptions of M (lcnalg.tables.slices), drawn with the
    real_geometry table (whose columns describe M)."""
    if "real_geometry" not in tables:
        return None
    from lcnalg.tables.slices import slices_figure
    return slices_figure()


#: name -> (function, description)
FIGURES = {
    "generator_degrees": (generator_degrees, "minimal generators of I(V) by degree, per reduced "
                          "thin architecture (neurovarieties table)"),
    "ged_growth": (ged_growth, "generic ED degree against depth for equal filter sizes, with the "
                   "complex critical point counts found (critical_points table)"),
    "lcn_vs_dense": (lcn_vs_dense, "complex critical points against parameters: LCN (gEDdeg, "
                     "computed) vs the dense network with as many parameters, computed "
                     "(critical_points table)"),
    "real_contrast": (real_contrast, "real critical points pure / boundary / singular / "
                      "spurious / repeated filters per group (critical_points table)"),
    "kmmt_landing": (kmmt_landing, "stride one: share of gradient-descent runs ending at critical "
                     "points with repeated filters / on the boundary / pure, against the share of "
                     "such points among the real critical points (critical_points table; KMMT's "
                     "prediction)"),
    "function_space_slices": (function_space_slices, "KMST Figure 1 redrawn from the computed "
                              "descriptions of M (lcnalg.geometry.semialgebraic): the slice A = 1, "
                              "C = -1 of M_(3,2),(2,1) and M_(2,2,2),(1,2,1), M shaded, the reduced "
                              "boundary point and the stride-one boundary marked"),
    "timings": (timings, "seconds per neurovariety entry against n, per backend, timeouts "
                "marked (neurovarieties table)"),
}


def save(fig, path_without_suffix) -> list[Path]:
    """Write ``fig`` as PNG and PDF, each atomically."""
    paths = []
    for fmt in ("png", "pdf"):
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=150)
        path = Path(f"{path_without_suffix}.{fmt}")
        atomic_write_bytes(path, buf.getvalue())
        paths.append(path)
    return paths


def make_figures(out="results") -> list[Path]:
    """Draw every figure whose table exists in ``out`` into ``out/figures``; without
    matplotlib, none (a one-line note on stderr names the extra)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        import sys
        print("lcnalg: figures skipped: matplotlib is missing: pip install 'lcnalg[figures]'",
              file=sys.stderr)
        return []
    tables = load_tables(out)
    paths = []
    for name, (func, _doc) in FIGURES.items():
        fig = func(tables)
        if fig is not None:
            paths += save(fig, Path(out) / "figures" / name)
    return paths
