"""Benchmarks: the vanishing-ideal engines timed side by side with Macaulay2 ``ker`` and Sage's
``kernel()`` in the same run, plus the singular-locus and generic-ED sections.

    make bench                       # or: .venv/bin/python benchmarks/run.py [--quick]

Writes ``benchmarks/results.md``, ``benchmarks/results.json`` and ``benchmarks/time_vs_n.png``.
Every computation runs under its own time limit (a timeout is reported as ``> limit``); the
fast engines are the best of ``--repeat`` runs when a run takes under 2 s.  Ratios are
``baseline seconds / engine seconds`` (> 1: the engine wins); a ratio against a timed-out
baseline is a lower bound (``>``).  Timings depend on the machine and its load; compare the
ratios, which come from the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lcnalg import _sage
from lcnalg.errors import EngineError
from lcnalg.geometry.architecture import Architecture

HERE = Path(__file__).parent

IDEAL_CASES = [((3, 3), (2, 1)), ((4, 4), (3, 1)), ((3, 2, 2), (2, 2, 1)),
               ((5, 5), (2, 1)), ((7, 3), (2, 1)), ((6, 6), (2, 1)), ((7, 7), (2, 1)),
               ((8, 8), (2, 1)), ((3, 3, 3), (1, 2, 1)), ((3, 3, 3), (2, 2, 1)),
               ((3, 3, 3), (2, 3, 1)), ((3, 3, 3), (3, 3, 1)), ((4, 4, 4), (4, 4, 1)),
               ((4, 4, 4), (2, 2, 1)), ((2, 4, 4), (3, 3, 1))]
QUICK_CASES = IDEAL_CASES[:3]
ENGINES = ("segre", "determinantal", "product", "pivot", "resultant", "multigraded", "default")
SINGULAR_CASES = [((3, 2), (2, 1)), ((3, 3), (2, 1)), ((4, 3), (2, 1))]
GED_CASES = [(2, 2), (3, 3), (2, 2, 2)]


def timed(fn, limit: float, repeat: int = 1):
    """``(seconds, value)`` of ``fn(limit)``: best of ``repeat`` when a run is under 2 s;
    ``(None, message)`` on timeout or failure."""
    best, value = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            value = fn(limit)
        except (EngineError, ValueError, ArithmeticError, AssertionError, NotImplementedError) as e:
            return None, f"{type(e).__name__}: {str(e)[:120]}"
        t = time.perf_counter() - start
        if isinstance(value, EngineRun):
            t = value.seconds  # the engine's own time (see _engine_runner)
        best = t if best is None else min(best, t)
        if t > 2:
            break
    return best, value


def m2_ker(arch: Architecture, limit: float) -> dict:
    """Macaulay2 ``ker`` alone (benchmarks/ker.m2): its own timing and the wall time."""
    from lcnalg.macaulay2 import find_m2
    args = [find_m2(), "--script", str(HERE / "ker.m2"), ",".join(map(str, arch.k)),
            ",".join(map(str, arch.s))]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, stdin=subprocess.DEVNULL)
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"m2_ker": f"> {limit:g}", "m2_wall": f"> {limit:g}"}
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return {"m2_ker": f"M2 failed: {err.strip()[-120:]}", "m2_wall": round(wall, 3)}
    data = json.loads(out.strip().splitlines()[-1])
    return {"m2_ker": data["seconds"], "m2_wall": round(wall, 3)}


@dataclass
class EngineRun:
    """One engine run, summarized in the child: its own seconds, what it proves, and the
    generators as text when they are small enough to compare (else None)."""
    seconds: float
    engine: str
    certification: str
    detail: str
    gens: list | None


#: generators are sent back (as text, for the comparison with Sage) up to this many terms
MAX_TERMS_BACK = 200_000


def _engine_runner(arch, name):
    """``fn(limit)`` for :func:`timed`: the engine in a forked child under ``limit`` (its
    process group killed on timeout), run there as ``Neurovariety(arch).ideal()`` runs in a
    session (for ``default``, :func:`lcnalg.implicit.registry.run_default`, whose only inner
    limit is the pivot engine's budget).  Its time is the computation's own,
    like ``m2_ker`` (M2's timing of ``ker`` alone): sending millions of terms back through
    pickle takes longer than computing them ((8,8),(2,1): 10^7 terms)."""
    from lcnalg.implicit import registry
    from lcnalg.procs import call_with_time_limit
    from lcnalg.request import Request
    engine = registry.default_plan(arch).engine if name == "default" else name

    def child():
        start = time.perf_counter()
        r = registry.run(arch, Request(None if name == "default" else engine))
        seconds = time.perf_counter() - start
        small = sum(g.number_of_terms() for g in r.gens) <= MAX_TERMS_BACK
        return EngineRun(seconds, r.engine, r.certification, r.detail,
                         [str(g) for g in r.gens] if small else None)
    return lambda limit: call_with_time_limit(child, limit, f"the {engine} engine for {arch}")


def _warm_up() -> None:
    """Run every engine once on a small case here, so that the forked children find the
    modules they use already imported (as in a session after the first call)."""
    from lcnalg.implicit import registry
    from lcnalg.request import Request
    for arch in (Architecture((3, 2), (2, 1)), Architecture((2, 2, 2), (2, 2, 1)),
                 Architecture((2, 2), (3, 1)), Architecture((3, 2, 2), (2, 2, 1))):
        for name in ENGINES:
            if name != "default" and _applies(arch, name):
                registry.run(arch, Request(name))


def _applies(arch, name) -> bool:
    from lcnalg.implicit import registry
    return registry.plan(name, arch).runs


def _num(x):
    return x if isinstance(x, (int, float)) else None


def _ratio(base, fast):
    """``base / fast``; ``'> r'`` when the base timed out at its limit ``'> L'``."""
    if isinstance(fast, (int, float)) and fast > 0:
        if isinstance(base, (int, float)):
            return round(base / fast, 1)
        if isinstance(base, str) and base.startswith("> "):
            return f"> {float(base[2:]) / fast:.1f}"
    return None


def bench_ideals(args) -> list[dict]:
    from lcnalg.geometry.parameterization import parameterization_map
    from lcnalg.implicit import sage as sage_engine
    from lcnalg.procs import call_with_time_limit
    _warm_up()
    rows = []
    for k, s in QUICK_CASES if args.quick else IDEAL_CASES:
        arch = Architecture(k, s)
        row = {"k": k, "s": s, "n": arch.n}
        results = {}
        from lcnalg.implicit import registry
        default = registry.default_plan(arch).engine
        for name in ENGINES:
            if name != "default" and not _applies(arch, name):
                row[name] = "n/a"
                continue
            if name == default:
                continue  # timed as "default" (with the default's limit)
            limit = args.limit if name == "default" else args.engine_limit
            t, value = timed(_engine_runner(arch, name), limit, args.repeat)
            row[name] = round(t, 3) if t is not None else _timeout_text(value, limit)
            if t is not None:
                results[name] = value
                row[f"{name}_cert"] = f"{value.engine}: {value.certification} ({value.detail})"
        if default in ENGINES:
            row[default] = row["default"]
            if "default_cert" in row:
                row[f"{default}_cert"] = row["default_cert"]
        row["default_engine"] = default
        row.update(m2_ker(arch, args.m2_limit))
        t, value = timed(lambda tl: call_with_time_limit(
            lambda: [str(g) for g in parameterization_map(arch).kernel().gens()], tl,
            "Sage kernel()"), args.sage_limit)
        row["sage_kernel"] = round(t, 3) if t is not None else _timeout_text(value, args.sage_limit)
        t, value = timed(lambda tl: sage_engine.vanishing_ideal(arch, timeout=tl), args.sage_limit)
        row["sage"] = round(t, 3) if t is not None else _timeout_text(value, args.sage_limit)
        reference = value if t is not None else None
        t, value = timed(lambda tl: _previous_interpolation(arch, tl), args.old_limit)
        row["interpolation_v1"] = round(t, 3) if t is not None else _timeout_text(value, args.old_limit)
        row["agree_with_sage"] = _agree(arch, reference, results)
        for name in ("default", "multigraded"):
            row[f"m2_ker/{name}"] = _ratio(row["m2_ker"], _num(row.get(name)))
            row[f"m2_wall/{name}"] = _ratio(row["m2_wall"], _num(row.get(name)))
            row[f"sage_kernel/{name}"] = _ratio(row["sage_kernel"], _num(row.get(name)))
        rows.append(row)
        print("ideal", {c: v for c, v in row.items() if not c.endswith("_cert")}, flush=True)
    return rows


def _timeout_text(message, limit) -> str:
    return f"> {limit:g}" if "timed out" in str(message) else str(message)


def _previous_interpolation(arch, limit):
    sys.path.insert(0, str(HERE / "baselines"))
    try:
        import interpolation_v1
    finally:
        sys.path.pop(0)
    return interpolation_v1.vanishing_ideal(arch, timeout=limit)


def _agree(arch, reference, results) -> str:
    """Whether each engine's ideal equals Sage's (Gröbner comparison, 60 s limit)."""
    if reference is None:
        return "no reference"
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.procs import call_with_time_limit
    C = coordinate_ring(arch)
    ref = C.ideal(reference or [C.zero()])
    out = []
    for name, r in results.items():
        if r.certification in ("set-theoretic", "partial"):
            continue
        if r.gens is None:
            out.append(f"{name}: not compared (over {MAX_TERMS_BACK} terms)")
            continue
        try:
            same = call_with_time_limit(lambda: C.ideal([C(g) for g in r.gens] or [C.zero()]) == ref,
                                        60, "comparison")
        except EngineError:
            same = "not compared (60 s)"
        out.append(f"{name}: {same}")
    return "; ".join(out)


def bench_singular(args) -> list[dict]:
    from lcnalg.geometry.singular_locus import singular_locus
    rows = []
    for k, s in SINGULAR_CASES[:2] if args.quick else SINGULAR_CASES:
        arch = Architecture(k, s)
        row = {"k": k, "s": s}
        for method in ("theorem", "jacobian", "m2"):
            t, value = timed(lambda tl, m=method: singular_locus(arch, method=m, timeout=tl, compare=False),
                             30, args.repeat)
            row[method] = round(t, 3) if t is not None else _timeout_text(value, 30)
        for m in ("jacobian", "m2"):
            row[f"{m}/theorem"] = _ratio(row[m], _num(row["theorem"]))
        rows.append(row)
        print("singular", row, flush=True)
    return rows


def bench_ged(args) -> list[dict]:
    from lcnalg.macaulay2 import run_script
    from lcnalg.training.eddegree import ged_degree
    rows = []
    for k in GED_CASES[:2] if args.quick else GED_CASES:
        row = {"k": k}
        t, value = timed(lambda tl: ged_degree(k), 30, args.repeat)
        row["formula"], row["value"] = t, value
        t2, v2 = timed(lambda tl: run_script("ed_degree.m2", [",".join(map(str, k))], timeout=tl), 60)
        row["m2_edDeg"] = round(t2, 3) if t2 is not None else _timeout_text(v2, 60)
        row["m2/formula"] = _ratio(row["m2_edDeg"], t)
        rows.append(row)
        print("ged", row, flush=True)
    return rows


def figure(rows, path: Path, limits: dict) -> None:
    """Time vs n per engine (log scale); timeouts drawn at their limit, hollow."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 5))
    for col, color, marker in [("m2_ker", "k", "o"), ("sage_kernel", "C7", "s"), ("sage", "C1", "^"),
                               ("interpolation_v1", "C5", "v"), ("multigraded", "C0", "D"),
                               ("default", "C2", "*")]:
        pts = []
        for r in sorted(rows, key=lambda r: r["n"]):
            v = r.get(col)
            if isinstance(v, (int, float)):
                pts.append((r["n"], v, True))
            elif isinstance(v, str) and v.startswith("> "):
                pts.append((r["n"], float(v[2:]), False))
        if not pts:
            continue
        ax.plot([p[0] for p in pts], [p[1] for p in pts], color=color, alpha=0.35)
        ax.plot([p[0] for p in pts if p[2]], [p[1] for p in pts if p[2]], color=color,
                marker=marker, ls="", label=col)
        ax.plot([p[0] for p in pts if not p[2]], [p[1] for p in pts if not p[2]], marker=marker,
                mfc="none", mec=color, ls="")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("n (end-to-end filter size)")
    ax.set_ylabel("seconds (hollow: timed out at the limit)")
    ax.set_title("Vanishing ideal of V_{k,s}: time vs n per engine (same run)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def _load_text(results) -> str:
    load = results.get("load_at_end")
    if not load:
        return "machine load not recorded"
    return (f"load average at the end of the run {load[0]:g} / {load[1]:g} / {load[2]:g} "
            "(1 / 5 / 15 min; the benchmark itself runs one computation at a time, so about 1 "
            "means no other job)")


def to_markdown(results) -> str:
    lines = [f"# Benchmarks\n\nMachine: {platform.machine()}, Python {platform.python_version()}, "
             f"{os.cpu_count()} cores; {_load_text(results)}; every "
             "ratio compares timings of the same run.  Limits: engines "
             f"{results['limit']:g} s (default engine), {results['engine_limit']:g} s (others), M2 `ker` {results['m2_limit']:g} s, Sage "
             f"{results['sage_limit']:g} s, previous interpolation {results['old_limit']:g} s.  "
             "`m2_ker` is M2's own timing of `ker` alone (benchmarks/ker.m2), `m2_wall` includes "
             "M2's start-up; the lcnalg engines' times are likewise their own computation "
             "(in a forked child under the limit, without sending the generators back), "
             "`sage_kernel` and `sage` are wall times.  Ratios are baseline / engine (> 1: the engine is faster); `> r`: "
             "the baseline timed out, r is a lower bound.  `n/a`: the engine does not apply.  "
             "Certifications are listed below the table.\n"]
    for title, key in [("Vanishing ideal", "ideals"),
                       ("Singular locus: theorem vs Jacobian criterion vs M2 singularLocus", "singular"),
                       ("Generic ED degree: Chern-class formula vs M2", "ged")]:
        rows = results.get(key) or []
        if not rows:
            continue
        cols = []
        for r in rows:
            cols += [c for c in r if c not in cols and not c.endswith("_cert")]
        lines += [f"## {title}\n", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        for r in rows:
            lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
        lines.append("")
        if key == "ideals":
            lines.append("### What each engine's result is\n")
            for r in rows:
                certs = [f"{c[:-5]}: {r[c]}" for c in r if c.endswith("_cert")]
                lines.append(f"- k={r['k']} s={r['s']}: " + "; ".join(certs))
            lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--limit", type=float, default=150.0, help="seconds per default-engine run")
    p.add_argument("--engine-limit", type=float, default=30.0, help="other engines")
    p.add_argument("--m2-limit", type=float, default=150.0)
    p.add_argument("--sage-limit", type=float, default=40.0)
    p.add_argument("--old-limit", type=float, default=20.0, help="previous interpolation")
    p.add_argument("--quick", action="store_true", help="a few small cases only")
    p.add_argument("--no-extra", action="store_true", help="skip singular-locus and gED sections")
    p.add_argument("--out", default=str(HERE))
    args = p.parse_args(argv)
    _sage.init()
    results = {"repeat": args.repeat, "limit": args.limit, "engine_limit": args.engine_limit,
               "m2_limit": args.m2_limit,
               "sage_limit": args.sage_limit, "old_limit": args.old_limit,
               "ideals": bench_ideals(args)}
    if not args.no_extra:
        results["singular"] = bench_singular(args)
        results["ged"] = bench_ged(args)
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out = Path(args.out)
    from lcnalg.tables.cache import atomic_write_text
    atomic_write_text(out / "results.json", json.dumps(results, indent=1, default=str))
    atomic_write_text(out / "results.md", to_markdown(results))
    try:
        figure(results["ideals"], out / "time_vs_n.png", {})
    except ImportError as e:
        print(f"no figure: {e}")
    print(f"wrote {out / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
