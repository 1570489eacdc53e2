"""Result tables: formats parse back, failed entries stay in the tables, skipping, the CLI
options, figures, and one real run on two architectures of MATH.md §8."""
import argparse
import csv
import json
import re

import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import Cache, EntryKey
from lcnalg.tables.runner import Task
from lcnalg.tables.formats import Column, write_table
from lcnalg.tables.make import (TABLES, _dominated, add_tables_arguments, run_tables,
                                tables_command, write_readme)

A = Architecture((3, 2), (2, 1))
B = Architecture((2, 2), (2, 1))
THICK = Architecture((2, 2), (1, 1))

COLUMNS = (Column("k", "k", "sizes"), Column("gens", "generators (degree:number)", "gens"),
           Column("flag", "a|b & c_d", "a bool"), Column("x", "x", "a float or None"),
           Column("status", "status", "status"))
ROWS = [{"k": [3, 2], "gens": {"3": 1}, "flag": True, "x": 1.23456, "status": "ok"},
        {"k": [2, 2], "gens": {}, "flag": False, "x": None, "status": "sage timeout (10 s)"},
        {"k": [4], "gens": None, "flag": None, "x": 0.5, "status": "m2 error; 50% & more_x|y"}]


def _cells(line, sep):
    """Split a Markdown/LaTeX row on unescaped separators."""
    return re.split(r"(?<!\\)" + re.escape(sep), line)


def test_formats_parse_back(tmp_path):
    paths = write_table(tmp_path, "t", "A table", COLUMNS, ROWS, {"catalogue": "x"})
    assert sorted(p.suffix for p in paths.values()) == [".csv", ".json", ".md", ".tex"]
    with open(paths["csv"], newline="") as f:
        got = list(csv.DictReader(f))
    assert [r["k"] for r in got] == ["(3,2)", "(2,2)", "(4)"]
    assert [r["gens"] for r in got] == ["3:1", "none", ""]
    assert [r["flag"] for r in got] == ["yes", "no", ""]
    assert [r["x"] for r in got] == ["1.23", "", "0.50"]
    assert got[2]["status"] == "m2 error; 50% & more_x|y"
    doc = json.loads(paths["json"].read_text())
    assert doc["rows"] == ROWS and doc["catalogue"] == "x"
    assert [c["key"] for c in doc["columns"]] == [c.key for c in COLUMNS]
    md = [ln for ln in paths["md"].read_text().splitlines() if ln.startswith("|")]
    assert len(md) == 2 + len(ROWS)
    assert all(len(_cells(ln.strip("|"), "|")) == len(COLUMNS) for ln in md)
    assert "| – |" in md[3]  # None shows as a dash
    tex = paths["tex"].read_text()
    for cmd in (r"\toprule", r"\midrule", r"\bottomrule", r"\begin{longtable}{lllll}",
                r"\caption{A table}", r"\end{longtable}"):
        assert cmd in tex
    lines = tex.split(r"\endfoot")[1].split(r"\end{longtable}")[0].strip().splitlines()
    assert len(lines) == len(ROWS)
    assert all(len(_cells(ln, "&")) == len(COLUMNS) and ln.endswith(r"\\") for ln in lines)
    assert r"50\% \& more\_x|y" in tex and r"a|b \& c\_d" in tex


def _rec(status, result=None, timeout=10, error=None):
    return {"status": status, "result": result, "timeout": timeout, "seconds": 1.5, "error": error}


def test_failed_entries_stay_in_the_tables(tmp_path):
    nv = TABLES["neurovarieties"]
    backends = ("sage", "m2")
    good = {"degree": 3, "generator_degrees": {"3": 1}, "deg_mu": 1, "certified": True,
            "degree_check": {"agrees": True}, "ideal_dim_agrees_with_theorem": True,
            "groebner": {"sha256": "abc", "size": 1}}
    records = {EntryKey(A, "neurovarieties", "sage"): _rec("ok", good),
               EntryKey(A, "neurovarieties", "m2"): _rec("timeout"),
               EntryKey(B, "neurovarieties", "sage"): _rec("error", error="EngineError: boom"),
               EntryKey(B, "neurovarieties", "m2"): _rec("skipped", error="k=(2,) timed out")}
    rows = nv.rows([A, B], records, (0,), backends)
    assert [r["status"] for r in rows] == ["m2 timeout (10 s)", "sage error; m2 skipped"]
    assert rows[0]["degree"] == 3 and rows[0]["source"] == "sage" and rows[0]["backends_agree"] is None
    assert rows[0]["seconds_sage"] == 1.5 and rows[0]["seconds_m2"] is None
    assert rows[0]["timed_out"] == {"m2": 10} and rows[1]["timed_out"] == {}
    assert rows[1]["degree"] is None and rows[1]["notes"] == {"sage": "EngineError: boom",
                                                              "m2": "k=(2,) timed out"}
    records[EntryKey(A, "neurovarieties", "m2")] = _rec("ok", dict(good, groebner={"sha256": "abd"}))
    assert nv.rows([A], records, (0,), backends)[0]["backends_agree"] is False
    cp = TABLES["critical_points"]
    rows = cp.rows([A], {EntryKey(A, "critical_points", "none", {"seed": 0}): _rec("timeout")},
                   (0, 1), backends)
    assert [(r["seed"], r["status"]) for r in rows] == [(0, "timeout (10 s)"), (1, "missing")]
    rg = TABLES["real_geometry"]
    from lcnalg.geometry.zariski import ZariskiResult
    z = ZariskiResult(THICK, False, [1, 0, 1], "theorem: stride-one", "a witness").to_dict()
    rows = rg.rows([THICK], {EntryKey(THICK, "zariski"): _rec(
        "ok", {"zariski_closed": False, "witness": z["witness"], "zariski_closedness": z})},
        (0,), backends)
    assert rows[0]["closed"] == "no" and rows[0]["witness"] == ["1", "0", "1"] and "theorem_agrees" not in rows[0]
    assert rows[0]["check"] == "witness NOT verified"  # no checks recorded: nothing verified
    assert rows[0]["status"] == "singular locus missing"
    write_table(tmp_path, "nv", "t", nv.columns(backends), nv.rows([A, B], records, (0,), backends), {})
    assert len(list(csv.DictReader(open(tmp_path / "nv.csv")))) == 2


def test_singular_locus_columns_come_from_the_theorem_with_the_jacobian_as_check():
    """MATH.md §5's example (3,2),(2,1): D = {(0,2)}, Sing(V) = the plane of quartics in x², y²
    (spanned by x⁴, x²y², y⁴: affine dimension 3, one component).  With the Jacobian entry timed out the columns are still filled
    from the theorem and the check says why it is missing; with it, the two are compared."""
    from lcnalg.geometry.singular_locus import singular_locus
    from lcnalg.tables.real_geometry import singular_locus_entry, singular_locus_theorem_entry
    th = singular_locus_theorem_entry(A, timeout=60)
    rg = TABLES["real_geometry"]
    recs = {EntryKey(A, "singular_locus", "theorem"): _rec("ok", th),
            EntryKey(A, "singular_locus", "jacobian"): _rec("timeout", timeout=5)}
    row = rg.rows([A], recs, (0,), {})[0]
    assert (row["sing_source"], row["sing_dim"], row["sing_components"]) == ("theorem", 3, 1)
    assert row["sing_agrees"] == "not checked: Jacobian timeout (5 s)"
    recs[EntryKey(A, "singular_locus", "jacobian")] = _rec("ok", singular_locus_entry(A, timeout=60))
    row = rg.rows([A], recs, (0,), {})[0]
    assert row["sing_agrees"] == "dimension: U ⊆ Sing(V), same dim"  # U is a plane, not {0}
    jac = singular_locus(A, "jacobian", compare=False)  # the independent engine, by itself
    assert (jac.dim, len(jac.components)) == (row["sing_dim"], row["sing_components"])


def test_dominated():
    def task(arch, seed=None, timeout=10):
        params = {} if seed is None else {"seed": seed}
        return Task(EntryKey(arch, "c", "b", params), None, {}, timeout)
    small = Architecture((2, 2), (2, 1))
    done = {task(small).key: _rec("timeout", timeout=10)}
    assert _dominated(task(A), done) == "k=(2, 2) s=(2, 1) timed out at 10 s"
    assert _dominated(task(A, timeout=30), done) is None          # more time: try
    assert _dominated(task(Architecture((3, 2), (3, 1))), done) is None  # other strides
    assert _dominated(task(Architecture((2,), (1,))), done) is None
    assert _dominated(task(small), done) is None                  # itself
    done = {task(A, seed=0).key: _rec("timeout", timeout=10)}
    assert _dominated(task(A, seed=1), done) == "k=(3, 2) s=(2, 1) seed=0 timed out at 10 s"
    assert _dominated(task(A), {task(small).key: _rec("error")}) is None


def test_a_timed_out_atlas_batch_does_not_skip_other_batches(tmp_path):
    """An atlas task is a batch named by its first architecture: a batch that timed out says
    nothing about the architectures of another batch, so none is skipped for it."""
    from lcnalg.tables import closedness_atlas as atlas
    archs = [Architecture((a, b), (1, 1)) for a in range(2, 9) for b in range(2, 11)][:2 * atlas.BATCH]
    first, second = atlas._batches(archs)
    assert all(x <= y for x, y in zip(first[0].k, second[0].k)) and first[0].s == second[0].s
    cache = Cache(tmp_path / "cache")
    cache.put(atlas._key(first, atlas.POINTS), {"status": "timeout", "timeout": 300.0, "seconds": 300.0})
    rows = run_tables(archs, only="closedness_atlas", out=tmp_path, cache_dir=cache.root,
                      progress=False, figures=False)["closedness_atlas"]["rows"]
    assert {r["status"] for r in rows[:len(first)]} == {"batch timeout (300 s)"}
    assert {r["status"] for r in rows[len(first):]} == {"ok"}


def test_cli_options_and_errors(tmp_path):
    p = argparse.ArgumentParser()
    add_tables_arguments(p)
    args = p.parse_args(["--catalogue", "small", "--only", "nope", "--out", str(tmp_path),
                         "--jobs", "2", "--timeout", "5", "--force", "--no-progress"])
    assert (args.catalogue, args.jobs, args.timeout, args.force) == ("small", 2, 5.0, True)
    assert args.dask_scheduler is None and args.no_skip is False
    assert args.keep is False and p.parse_args(["--keep"]).keep is True
    with pytest.raises(ValueError, match="keep and force contradict"):
        tables_command(p.parse_args(["--keep", "--force", "--out", str(tmp_path), "--no-progress"]))
    with pytest.raises(ValueError, match="unknown table 'nope'; known: neurovarieties"):
        tables_command(args)
    with pytest.raises(ValueError, match="--jobs"):
        tables_command(p.parse_args(["--jobs", "0"]))
    with pytest.raises(ValueError, match="unknown catalogue"):
        run_tables("nope", out=tmp_path)


def test_figures_from_tables(tmp_path):
    from lcnalg.tables.figures import make_figures
    nv = {"table": "neurovarieties", "timeout": 10, "backends": ["sage", "m2"], "rows": [
        {"k": [3, 2], "s": [2, 1], "n": 5, "classes": "thin, reduced", "generator_degrees": {"3": 1},
         "seconds_sage": 0.5, "seconds_m2": 1.5, "status": "ok"},
        {"k": [3, 3], "s": [2, 1], "n": 7, "classes": "thin, reduced", "generator_degrees": {"3": 4},
         "seconds_sage": None, "seconds_m2": 2.0, "status": "sage timeout (10 s)",
         "timed_out": {"sage": 10}}]}
    cp = {"table": "critical_points", "rows": [
        {"k": [2, 2], "s": [2, 1], "ged_degree": 6, "complex": 6},
        {"k": [2, 2, 2], "s": [2, 2, 1], "ged_degree": 34, "complex": None}]}
    (tmp_path / "neurovarieties.json").write_text(json.dumps(nv))
    (tmp_path / "critical_points.json").write_text(json.dumps(cp))
    paths = make_figures(tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        f"{n}.{e}" for n in ("generator_degrees", "ged_growth", "lcn_vs_dense", "timings")
        for e in ("png", "pdf"))
    for p in paths:
        head = p.read_bytes()[:8]
        assert head.startswith(b"\x89PNG") if p.suffix == ".png" else head.startswith(b"%PDF")
    readme = write_readme(tmp_path).read_text()
    assert "figures/timings.png" in readme


def test_kmmt_landing_entry_summary_and_figure(tmp_path):
    # a stride-one entry carries the gradient-descent experiment; its runs are matched to
    # the certified real critical points, so the landed counts add up to the converged runs
    # (minus the unmatched ones), and the summary/figure are made from the rows
    from lcnalg.tables.critical_points import critical_points_entry, landing, landing_markdown
    from lcnalg.tables.figures import kmmt_landing
    A = Architecture((2, 2), (1, 1))
    e = critical_points_entry(A, seed=0, timeout=120)
    land = e["landing"]
    cp = e["critical_points"]
    assert land["real_points"] == cp["real"] and land["certified_complete"]
    assert 0 < land["converged"] <= land["runs"]
    assert (land["landed"]["pure"] + land["landed"]["boundary"] + land["landed"]["unmatched"]
            == land["converged"])   # (2,2),(1,1): every real critical point is pure or boundary
    row = {"k": [2, 2], "s": [1, 1], "real": cp["real"], "repeated_filters": cp["repeated_filters"],
           "boundary": cp["boundary"], "pure": cp["pure"], "gd_runs": land["converged"],
           **{f"gd_{k}": land["landed"][k] for k in ("repeated_filters", "boundary", "pure")}}
    d = landing([row])
    assert d["points"]["pure"] == cp["pure"] / cp["real"]
    assert "| (2, 2) | 1 |" in landing_markdown([row])
    assert kmmt_landing({"critical_points": {"rows": [row]}}) is not None
    assert "landing" not in critical_points_entry(Architecture((2, 2), (2, 1)), seed=0, timeout=60)


def test_real_run_on_worked_cases(tmp_path):
    """MATH.md §8 through the whole pipeline; a second run takes everything from the cache."""
    archs = [B, THICK]
    r = run_tables(archs, only=["neurovarieties", "real_geometry"], out=tmp_path, jobs=2,
                   timeout=60, progress=False, figures=False)
    nv = {tuple(row["k"] + row["s"]): row for row in r["neurovarieties"]["rows"]}
    row = nv[(2, 2, 2, 1)]
    assert row["status"] == "ok", row["notes"]
    assert (row["codim"], row["degree"], row["generator_degrees"]) == (1, 2, {"2": 1})
    assert row["backends_agree"] is True and row["degree_check"] is True
    assert nv[(2, 2, 1, 1)]["generator_degrees"] == {} and nv[(2, 2, 1, 1)]["degree"] == 1
    rg = {tuple(row["k"] + row["s"]): row for row in r["real_geometry"]["rows"]}
    assert rg[(2, 2, 2, 1)]["closed"] == "yes" and rg[(2, 2, 1, 1)]["closed"] == "no"
    for name in ("neurovarieties", "real_geometry"):
        json.loads((tmp_path / f"{name}.json").read_text())
    assert (tmp_path / "README.md").exists() and (tmp_path / ".cache").is_dir()
    cache = Cache(tmp_path / ".cache")
    assert cache.get(EntryKey(B, "neurovarieties", "m2"))["status"] == "ok"
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / ".cache").rglob("*.json")}
    r2 = run_tables(archs, only="neurovarieties", out=tmp_path, jobs=2, timeout=60,
                    progress=False, figures=False)
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / ".cache").rglob("*.json")}
    assert before == after  # nothing recomputed
    assert r2["neurovarieties"]["rows"] == r["neurovarieties"]["rows"]


def test_cached_only_computes_nothing(tmp_path):
    # --cached-only writes the tables from the cache: an empty cache gives skipped entries
    from lcnalg.tables.make import run_tables
    from lcnalg.geometry.architecture import Architecture
    r = run_tables(catalogue=[Architecture((2, 2), (2, 1))], only="critical_points",
                   out=tmp_path, figures=False, cached_only=True, progress=False)
    rows = r["critical_points"]["rows"]
    assert rows and all(row["status"].startswith("skipped") for row in rows)
    assert not list((tmp_path / ".cache").rglob("*.json"))


def test_tables_take_their_own_parameters(tmp_path):
    """Each spec declares its parameters; run_tables overrides only the ones a table takes."""
    import json
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.tables import critical_points, neurovarieties
    from lcnalg.tables.make import TABLES, run_tables
    assert TABLES["critical_points"].params == {"seeds": critical_points.SEEDS}
    assert TABLES["neurovarieties"].params == {"backends": neurovarieties.BACKENDS,
                                               "cross_check_max_n": None}
    assert TABLES["neurovarieties"].catalogue_params == {
        "large": {"cross_check_max_n": neurovarieties.CROSS_CHECK_MAX_N_LARGE}}
    assert TABLES["real_geometry"].params == {}
    archs = [Architecture((2, 2), (2, 1))]
    run_tables(catalogue=archs, only=["critical_points", "real_geometry"], out=tmp_path,
               figures=False, cached_only=True, progress=False, seeds=(7,))
    meta = {t: json.loads((tmp_path / f"{t}.json").read_text()) for t in ("critical_points", "real_geometry")}
    assert meta["critical_points"]["seeds"] == [7] and meta["critical_points"]["backends"] is None
    assert meta["real_geometry"]["seeds"] is None
    run_tables(catalogue=archs, only="critical_points", out=tmp_path, figures=False,
               cached_only=True, progress=False)
    meta = json.loads((tmp_path / "critical_points.json").read_text())
    assert meta["seeds"] == list(critical_points.SEEDS)


def test_large_critical_points_table_is_opt_in(tmp_path, monkeypatch):
    # critical_points_large: only the rows with MAX_GED < gEDdeg <= LARGE_MAX (gEDdeg by the
    # Chern class formula), not computed by a run without --only; the modular count is
    # skipped above MAX_GED and the homotopy's certified count takes its place
    from lcnalg.tables import critical_points as cp
    from lcnalg.tables.catalogue import catalogue
    from lcnalg.training.eddegree import ged_degree
    assert not TABLES["critical_points_large"].default
    assert all(TABLES[t].default for t in TABLES if t != "critical_points_large")
    archs = catalogue("default")
    tasks = TABLES["critical_points_large"].tasks(archs, None, (0,), ())
    want = {a for a in archs if cp.MAX_GED < ged_degree(a.k) <= cp.LARGE_MAX}
    assert {t.key.arch for t in tasks} == want and len(want) == 54
    seen = []
    monkeypatch.setattr("lcnalg.tables.make.run", lambda tasks, *a, **kw: seen.append(
        tasks[0].key.computation if tasks else None) or {})
    run_tables([A], out=tmp_path, progress=False, figures=False)
    assert "critical_points_large" not in seen and "critical_points" in seen
    # the small system through the large table's policy: msolve's count skipped, certified
    # count = gEDdeg (Shahverdi's formula), real points complete
    from lcnalg.training.critical import critical_points_summary
    s = critical_points_summary(A, seed=0, modular_max=5)
    assert s.complex is None and s.complex_certified == ged_degree(A.k) == 10
    assert s.certified_complex and s.certified_real and s.certified


def test_default_rows_point_to_the_large_table():
    from lcnalg.tables import critical_points as cp
    a = Architecture((2, 4, 4), (2, 2, 1))
    key = EntryKey(a, "critical_points", "none", {"seed": 0})
    rec = {"status": "ok", "result": {"critical_points": {"skipped": "gEDdeg = 4740 > max_ged = 3000",
                                                         "ged_degree": 4740}}}
    row = cp._cp_rows([a], {key: rec}, (0,), ())[0]
    assert "critical_points_large" in row["status"]


def test_neurovarieties_share_the_reduced_entry_and_bound_the_cross_checks(tmp_path):
    """A non-reduced architecture's ideal is its reduced architecture's (computed once); its
    deg mu is its own, checked against the theorem and the multinomial; above the bound
    on n the cross-checks do not run and the row says so."""
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.tables.make import run_tables
    red = Architecture((3,), (1,))  # THICK = (2,2),(1,1) reduces to it: V = C^3
    r = run_tables([THICK, red, B], only="neurovarieties", out=tmp_path, progress=False,
                   figures=False, backends=("default", "sage"), params={"cross_check_max_n": 3})
    cache = Cache(tmp_path / ".cache")
    assert cache.get(EntryKey(red, "neurovarieties", "default"))["status"] == "ok"
    assert cache.get(EntryKey(THICK, "neurovarieties", "default")) is None
    assert cache.get(EntryKey(B, "neurovarieties", "sage")) is None  # n = 4 > 3
    rows = {(tuple(x["k"]), tuple(x["s"])): x for x in r["neurovarieties"]["rows"]}
    thick, b = rows[(THICK.k, THICK.s)], rows[(B.k, B.s)]
    assert thick["degree"] == 1 and thick["generator_degrees"] == {}  # V = C^3
    assert thick["deg_mu"] == THICK.deg_mu == 2 == THICK.multinomial  # two ways to order the roots
    assert thick["degree_check"] is True and thick["backends_agree"] is True
    assert b["cross_checks"] == "not run (n > 3)" and b["status"] == "ok" and b["compared"] is None
    assert b["degree"] * b["deg_mu"] == B.multinomial


def test_keep_continues_a_table_without_its_cache(tmp_path):
    """``keep``: a table written before is continued on a machine without its cache: finished
    rows are kept (not recomputed, marked, their checks recomputed from their own values), an
    entry never computed keeps its old row, and a table that is not this run's is refused."""
    import shutil
    archs = [B, THICK]
    first = run_tables(archs, only="neurovarieties", out=tmp_path, progress=False,
                       figures=False, backends=("default",))["neurovarieties"]["rows"]
    assert [r["status"] for r in first] == ["ok", "ok"]
    assert all(r["certification"] == "certified" for r in first)
    shutil.rmtree(tmp_path / ".cache")  # a new machine: the table without its cache
    path = tmp_path / "neurovarieties.json"
    doc = json.loads(path.read_text())
    doc["rows"][0]["degree"] = 7  # an edited value: the kept row's check must see it
    doc["rows"][1]["status"] = "timeout (80 s)"  # an unfinished row: recomputed, or kept
    path.write_text(json.dumps(doc))
    r = run_tables(archs, only="neurovarieties", out=tmp_path, progress=False, figures=False,
                   backends=("default",), cached_only=True, keep=True)["neurovarieties"]
    rows = r["rows"]
    assert [(row["k"], row["s"]) for row in rows] == [(row["k"], row["s"]) for row in first]
    assert rows[0]["degree"] == 7 and rows[0]["degree_check"] is False  # 7 * deg mu != 2
    assert "kept" in rows[0]["notes"] and rows[1]["status"] == "timeout (80 s)"
    assert not list((tmp_path / ".cache").rglob("*.json"))  # nothing computed
    assert json.loads(path.read_text())["kept_rows"] == 2
    # without cached_only the unfinished row is computed again and replaces the old one
    r = run_tables(archs, only="neurovarieties", out=tmp_path, progress=False, figures=False,
                   backends=("default",), keep=True)["neurovarieties"]
    assert r["rows"][1]["status"] == "ok" and "kept" not in r["rows"][1]["notes"]
    assert r["rows"][1]["degree"] == first[1]["degree"]
    assert Cache(tmp_path / ".cache").get(EntryKey(B.reduced(), "neurovarieties", "default")) is None
    with pytest.raises(ValueError, match="its catalogue is 'custom', not 'small'"):
        run_tables("small", only="neurovarieties", out=tmp_path, keep=True, progress=False)
    with pytest.raises(ValueError, match="keep and force contradict"):
        run_tables(archs, out=tmp_path, keep=True, force=True)
    doc = json.loads(path.read_text())
    doc["lcnalg_version"] = "0.0.1"
    path.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="written by lcnalg 0.0.1"):
        run_tables(archs, only="neurovarieties", out=tmp_path, keep=True, progress=False)


def test_the_canonical_form_only_where_backends_are_compared():
    """The reduced Gröbner basis (for comparing backends) is asked for only where another
    backend runs on the same architecture: not above the cross-check bound, not alone."""
    nv = TABLES["neurovarieties"]
    def canonical(archs, backends, bound):
        return {(t.key.arch.k, t.key.arch.s, t.key.backend): t.kwargs["canonical"]
                for t in nv.tasks(archs, 10, (), backends, cross_check_max_n=bound)
                if "canonical" in t.kwargs}
    assert set(canonical([A, B], ("default", "sage"), None).values()) == {True}
    got = canonical([A, B], ("default", "sage"), 4)  # A: n = 5 > 4, B: n = 4
    assert got[(A.k, A.s, "default")] is False and got[(B.k, B.s, "default")] is True
    assert set(canonical([A, B], ("default",), None).values()) == {False}


def test_not_computed_rows_name_a_dominating_timeout_only():
    """A row not computed is explained by a timed-out row with the same strides and
    componentwise smaller or equal filters, never by one with other strides, larger filters,
    another number of layers, or a status other than a timeout."""
    from lcnalg.tables.make import NOT_COMPUTED, explain_not_computed
    skipped = {"k": [4, 4, 3], "s": [2, 2, 1], "status": "skipped", "notes": {"default": NOT_COMPUTED}}
    others = [{"k": [4, 4, 3], "s": [2, 3, 1], "status": "timeout (320 s)"},   # other strides
              {"k": [5, 3, 3], "s": [2, 2, 1], "status": "timeout (320 s)"},   # not smaller
              {"k": [4, 4], "s": [2, 1], "status": "timeout (320 s)"},         # two layers
              {"k": [3, 3, 3], "s": [2, 2, 1], "status": "ok"}]                # finished
    assert explain_not_computed(others + [skipped])[-1]["notes"]["default"] == NOT_COMPUTED
    smaller = {"k": [4, 3, 3], "s": [2, 2, 1], "status": "timeout (168 s)"}
    why = explain_not_computed(others + [smaller, skipped])[-1]["notes"]["default"]
    assert why.startswith(NOT_COMPUTED) and "k=(4,3,3) s=(2,2,1)" in why and "timeout (168 s)" in why
