"""Fault injection (issue 25): bad numbers, a poisoned or corrupt cache, SIGTERM and SIGKILL,
output that cannot be written, failed entries.  Each case asserts the exit code, the one
line on stderr, that no process is left (conftest, and the pids seen during the run) and no
temporary file (a private TMPDIR per test), and that the tables after the fault equal the
tables of a clean run."""
import errno
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace

import pytest

from lcnalg import procs
from lcnalg.cli import main
from lcnalg.errors import EngineError
from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import Cache, EntryKey
from lcnalg.tables.make import run_tables

A = Architecture((3, 2), (2, 1))
B = Architecture((2, 2), (2, 1))
THICK = Architecture((2, 2), (1, 1))
#: the neurovariety table over two small architectures, default engine and Sage only: seconds
NV = dict(only="neurovarieties", backends=("default", "sage"), timeout=60, progress=False,
          figures=False, jobs=2)


@pytest.fixture
def tmpdir_env(tmp_path, monkeypatch):
    """A private TMPDIR for this process and its subprocesses, which must be empty at the end."""
    d = tmp_path / "tmp"
    d.mkdir()
    monkeypatch.setenv("TMPDIR", str(d))
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    yield d
    deadline = time.monotonic() + 5
    while os.listdir(d) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert os.listdir(d) == [], f"temporary files left: {os.listdir(d)}"


def _one_line(err: str, start: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(start), err[-3000:]
    assert "Traceback" not in err
    return lines[0]


def _cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "lcnalg", *args], capture_output=True, text=True,
                          timeout=300, **kwargs)


def _rows(out, table="neurovarieties"):
    """The rows of a written table without the timings (which a recomputation changes)."""
    rows = json.loads((out / f"{table}.json").read_text())["rows"]
    return [{k: v for k, v in r.items() if not k.startswith("seconds")} for r in rows]


def _no_descendants_of(pids, grace=5.0):
    deadline = time.monotonic() + grace
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _running(p)]
        time.sleep(0.05)
    assert not alive, f"processes left: {alive}"


def _running(pid) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def clean_tables(tmp_path_factory):
    """The reference: the table of a run without faults."""
    out = tmp_path_factory.mktemp("clean")
    run_tables([B, THICK], out=out, **NV)
    return _rows(out)


# --- 1. numbers checked once, before any computation ------------------------------------

@pytest.mark.parametrize("args,option", [
    (["describe", "3,2", "2,1", "--timeout", "nan"], "--timeout"),
    (["describe", "3,2", "2,1", "--timeout", "inf"], "--timeout"),
    (["describe", "3,2", "2,1", "--timeout", "1e20"], "--timeout"),
    (["describe", "3,2", "2,1", "--timeout", "1e12"], "--timeout"),
    (["describe", "3,2", "2,1", "--timeout", "-1e400"], "--timeout"),
    (["describe", "3,2", "2,1", "--budget", "nan"], "--budget"),
    (["describe", "3,2", "2,1", "--budget", "1e12"], "--budget"),
    (["describe", "3,2", "2,1", "--seed", "-5", "--json"], "--seed"),
    (["describe", "3,2", "2,1", "--seed", str(2**40)], "--seed"),
    (["describe", "3,2", "-2,1"], "strides must be >= 1"),
    (["describe", "3,2", "2,-1"], "strides must be >= 1"),
    (["tables", "--timeout", "nan"], "--timeout"),
    (["tables", "--timeout", "1e20"], "--timeout"),
    (["tables", "--jobs", "100000"], "--jobs"),
    (["tables", "--jobs", "-3"], "--jobs"),
    (["tables", "--only", ""], "--only"),
    (["tables", "--only", " , "], "--only"),
])
def test_bad_numbers_refused_before_any_computation(args, option, monkeypatch, capsys, tmp_path,
                                                     tmpdir_env):
    import lcnalg.describe
    import lcnalg.tables.make
    monkeypatch.setattr(lcnalg.describe, "describe", lambda *a, **k: pytest.fail("computed"))
    monkeypatch.setattr(lcnalg.tables.make, "run_tables", lambda *a, **k: pytest.fail("computed"))
    out = tmp_path / "out"
    argv = args + (["--out", str(out)] if args[0] == "tables" else ["--quiet"])
    assert main(argv) == 2
    line = _one_line(capsys.readouterr().err, "lcnalg: error: ")
    assert option in line
    assert not out.exists()


def test_nan_limit_through_the_api_is_refused(tmp_path):
    with pytest.raises(ValueError, match="timeout"):
        run_tables([B], out=tmp_path, **{**NV, "timeout": float("nan")})
    with pytest.raises(ValueError, match="jobs"):
        run_tables([B], out=tmp_path, **{**NV, "jobs": 10**6})
    assert list(tmp_path.iterdir()) == []


def test_long_arguments_give_a_short_message(tmpdir_env):
    r = _cli("describe", "9" * 100_000, "--quiet")
    assert r.returncode == 2
    assert len(r.stderr) < 1000
    _one_line(r.stderr, "lcnalg: error: ")
    r = _cli("describe", "3,2", "2,1", "--fields", "x" * 100_000, "--quiet")
    assert r.returncode == 2 and len(r.stderr) < 1000
    _one_line(r.stderr, "lcnalg: error: unknown field")


# --- 2. the cache: poisoned, corrupt, edited entries --------------------------------------

def test_failed_and_nan_limit_entries_never_block_a_default_run(tmp_path, clean_tables, capsys,
                                                                tmpdir_env):
    """The cache the old `--timeout nan` run left: every entry an error or a timeout under a
    NaN limit.  A default run recomputes them all and writes the clean tables."""
    cache = Cache(tmp_path / ".cache")
    for i, arch in enumerate([B, THICK]):
        for backend in NV["backends"]:
            rec = ({"status": "error", "error": "ValueError: select(): invalid timeout"} if i == 0
                   else {"status": "timeout"})
            key_arch = arch.reduced() if backend == "default" else arch  # the table's keys
            cache.put(EntryKey(key_arch, "neurovarieties", backend), {**rec, "timeout": float("nan")})
    r = run_tables([B, THICK], out=tmp_path, **NV)
    # default B, default (3),(1) (THICK's reduced architecture), deg mu THICK, sage B and THICK
    assert r["neurovarieties"]["entries"] == {"ok": 5}
    assert _rows(tmp_path) == clean_tables


@pytest.mark.parametrize("fault", ["no result", "unparsable", "edited degree", "not an object"])
def test_corrupt_entry_is_recomputed_and_said_so(fault, tmp_path, clean_tables, capsys, tmpdir_env):
    run_tables([B, THICK], out=tmp_path, **NV)
    path = Cache(tmp_path / ".cache").path(EntryKey(B, "neurovarieties", "default"))
    rec = json.loads(path.read_text())
    if fault == "no result":
        del rec["result"]
        text = json.dumps(rec)
    elif fault == "edited degree":  # the checksum is left as it was
        rec["result"]["degree"] += 1
        text = json.dumps(rec)
    else:
        text = "{\"status\": \"ok\", \"resu" if fault == "unparsable" else "[1, 2]"
    path.write_text(text)
    capsys.readouterr()
    r = run_tables([B, THICK], out=tmp_path, **NV)
    err = capsys.readouterr().err
    assert f"cache entry {path}" in err and "recomputing it" in err
    assert r["neurovarieties"]["entries"] == {"ok": 5}
    assert _rows(tmp_path) == clean_tables
    assert json.loads(path.read_text())["result"]["degree"] == clean_tables[0]["degree"]


def test_an_edited_degree_fails_the_degree_check_even_without_checksum():
    """A record written before checksums: the row's deg V deg mu = multinomial is recomputed
    from the record's own values, so an edited degree shows as a failed check."""
    from lcnalg.tables.make import TABLES
    good = {"degree": 3, "deg_mu": 1, "degree_check": {"agrees": True}, "generator_degrees": {"3": 1}}
    rec = lambda res: {"status": "ok", "result": res, "timeout": 60, "seconds": 1.0}  # noqa: E731
    rows = TABLES["neurovarieties"].rows([A], {EntryKey(A, "neurovarieties", "default"): rec(good)},
                                         (0,), ("default",))
    assert rows[0]["degree_check"] is (3 * 1 == A.multinomial)
    edited = dict(good, degree=4)  # the stored check still says yes
    rows = TABLES["neurovarieties"].rows([A], {EntryKey(A, "neurovarieties", "default"): rec(edited)},
                                         (0,), ("default",))
    assert rows[0]["degree_check"] is False


# --- 3. membership refuses None ------------------------------------------------------------

@pytest.mark.parametrize("P", [[None] * 5, [1, None, None, None, 1], [1.0, None, 0, 0, 1],
                               [1, b"1", 0, 0, 1], [1, [1, 2], 0, 0, 1]])
def test_contains_refuses_non_numbers(P):
    from lcnalg.geometry.function_space import FunctionSpace
    with pytest.raises(ValueError, match="is not a real number"):
        FunctionSpace(A).contains(P)
    with pytest.raises(ValueError, match="is not a real number"):
        FunctionSpace(A).in_variety(P)


# --- 4. SIGTERM and SIGKILL ------------------------------------------------------------------

#: an architecture whose ideal takes minutes (the last-layer chart did not finish in 168 s), so
#: children are still busy when a signal or a section's time limit comes; (4,4,4),(2,2,1), once
#: minutes, now takes seconds
SLOW_K, SLOW_S = (7, 3, 2), (2, 2, 1)
SLOW_ARGS = [",".join(map(str, SLOW_K)), ",".join(map(str, SLOW_S))]


def _wait_for_children(p, tmp, seconds=60):
    """The pids below ``p`` once a forked child's temporary directory exists under ``tmp``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(name.startswith("lcnalg-child-") for _, dirs, _ in os.walk(tmp) for name in dirs):
            kids = procs.descendants(p.pid)
            if kids:
                return kids
        assert p.poll() is None, p.communicate()
        time.sleep(0.1)
    pytest.fail("no child started")


def test_sigterm_kills_children_and_removes_temporary_files(tmpdir_env):
    p = subprocess.Popen([sys.executable, "-m", "lcnalg", "describe", *SLOW_ARGS, "--json", "--quiet",
                          "--fields", "degree"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    kids = _wait_for_children(p, tmpdir_env)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 143
    assert _one_line(err, "lcnalg: terminated") == "lcnalg: terminated"
    _no_descendants_of(kids)


def test_sigterm_during_tables_then_rerun_gives_the_clean_tables(tmp_path, clean_tables, tmpdir_env):
    # the slow architecture first, so the run is still busy when SIGTERM comes (with the two
    # small entries alone it could finish first and exit 0)
    out = tmp_path / "out"
    script = ("import sys; import lcnalg.tables.make as m; from lcnalg.geometry.architecture import "
              f"Architecture as A; m.get_catalogue = lambda name: [A({SLOW_K}, {SLOW_S}), "
              "A((2, 2), (2, 1)), A((2, 2), (1, 1))]; "
              "real = m.run_tables; m.run_tables = lambda **kw: real(**kw, backends=('default', 'sage')); "
              "from lcnalg.cli import main; "
              f"sys.exit(main(['tables', '--only', 'neurovarieties', '--out', {str(out)!r}, '--jobs', '2', "
              "'--timeout', '60', '--no-progress']))")
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    kids = _wait_for_children(p, tmpdir_env)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 143
    _one_line(err, "lcnalg: terminated")
    _no_descendants_of(kids)
    run_tables([B, THICK], out=out, **NV)  # a rerun finishes what was interrupted
    assert _rows(out) == clean_tables


def test_sigkill_leftovers_are_swept_by_the_next_run(tmpdir_env, capsys):
    p = subprocess.Popen([sys.executable, "-m", "lcnalg", "describe", *SLOW_ARGS, "--json", "--quiet",
                          "--fields", "degree"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    kids = _wait_for_children(p, tmpdir_env)
    p.kill()
    p.communicate(timeout=60)
    _no_descendants_of(kids)  # they die with their parent
    assert any(n.startswith(f"lcnalg-run-{p.pid}-") for n in os.listdir(tmpdir_env))
    # a directory of a live process stays, one of a gone process goes
    live = subprocess.Popen(["sleep", "30"])
    try:
        kept = tmpdir_env / f"lcnalg-child-{live.pid}-x"
        kept.mkdir()
        assert main(["describe", "2,2", "--fields", "n", "--quiet", "--json"]) == 0
        assert os.listdir(tmpdir_env) == [kept.name]
    finally:
        live.kill()
        live.wait()
    kept.rmdir()


# --- 5. output that cannot be written --------------------------------------------------------

def test_broken_pipe_is_one_line(tmpdir_env):
    """`lcnalg describe ... | head -c 20`: the reader goes away after 20 bytes."""
    p = subprocess.Popen([sys.executable, "-m", "lcnalg", "describe", "3,2", "2,1", "--quiet",
                          "--fields", "ged_degree,degree"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert len(p.stdout.read(20)) == 20
    p.stdout.close()
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    assert p.returncode == 5
    assert "Broken pipe" in _one_line(err, "lcnalg: I/O error: ")


def test_full_disk_on_stdout_is_one_line(tmpdir_env):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "lcnalg", "describe", "3,2", "2,1", "--json", "--quiet",
                            "--fields", "ged_degree"], stdout=full, stderr=subprocess.PIPE, text=True,
                           timeout=120)
    assert r.returncode == 5
    assert "No space left" in _one_line(r.stderr, "lcnalg: I/O error: ")


@pytest.fixture
def small_catalogue(monkeypatch):
    """``lcnalg tables`` in this process over B and THICK, the default engine and Sage, no figures."""
    import lcnalg.tables.figures
    import lcnalg.tables.make as make
    monkeypatch.setattr(make, "get_catalogue", lambda name: [B, THICK])
    monkeypatch.setattr(lcnalg.tables.figures, "make_figures", lambda out: [])
    real = make.run_tables
    monkeypatch.setattr(make, "run_tables", lambda **kw: real(**kw, backends=NV["backends"]))
    return ["tables", "--only", "neurovarieties", "--jobs", "2", "--timeout", "60", "--no-progress"]


def _read_only(path):
    """Make the directory ``path`` unwritable, also for root (immutable attribute)."""
    if os.geteuid() != 0:
        path.chmod(0o555)
        return lambda: path.chmod(0o755)
    r = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if r.returncode:
        pytest.skip("root without chattr: no way to make a directory read-only")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_out_fails_before_computing_and_keeps_the_tables(tmp_path, small_catalogue, capsys,
                                                                   clean_tables, tmpdir_env):
    out = tmp_path / "out"
    assert main(small_catalogue + ["--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    undo = _read_only(out)
    try:
        capsys.readouterr()
        start = time.monotonic()
        assert main(small_catalogue + ["--out", str(out), "--force"]) == 5
        assert time.monotonic() - start < 10  # refused at once, not after computing
        _one_line(capsys.readouterr().err, "lcnalg: I/O error: ")
    finally:
        undo()
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert _rows(out) == clean_tables


def test_out_is_a_file(tmp_path, small_catalogue, capsys, tmpdir_env):
    f = tmp_path / "a-file"
    f.write_text("x")
    assert main(small_catalogue + ["--out", str(f)]) == 5
    _one_line(capsys.readouterr().err, "lcnalg: I/O error: ")
    assert f.read_text() == "x"


def test_disk_full_while_writing_entries(tmp_path, small_catalogue, capsys, monkeypatch, clean_tables,
                                         tmpdir_env):
    import lcnalg.tables.cache as cache_mod
    real = cache_mod.atomic_write_text

    def full(path, text):
        if path.suffix == ".json" and ".cache" in path.parts:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, text)
    monkeypatch.setattr(cache_mod, "atomic_write_text", full)
    out = tmp_path / "out"
    assert main(small_catalogue + ["--out", str(out)]) == 5
    assert "No space left" in _one_line(capsys.readouterr().err, "lcnalg: I/O error: ")
    monkeypatch.setattr(cache_mod, "atomic_write_text", real)  # space again
    assert main(small_catalogue + ["--out", str(out)]) == 0
    assert _rows(out) == clean_tables


# --- 6. exit codes of tables; repr and text output ------------------------------------------

def test_tables_exit_6_when_entries_failed_then_0(tmp_path, small_catalogue, capsys, monkeypatch,
                                                 clean_tables, tmpdir_env):
    import lcnalg.tables.neurovarieties as nv
    real = nv.neurovariety_entry

    def broken(arch, backend, **kw):
        if arch == B:
            raise EngineError("injected failure")
        return real(arch, backend, **kw)
    monkeypatch.setattr(nv, "neurovariety_entry", broken)
    out = tmp_path / "out"
    assert main(small_catalogue + ["--out", str(out)]) == 6
    captured = capsys.readouterr()
    assert "2 error" in captured.out
    _one_line(captured.err, "lcnalg: entries failed: 2 in neurovarieties")
    monkeypatch.setattr(nv, "neurovariety_entry", real)
    assert main(small_catalogue + ["--out", str(out)]) == 0  # the failures are recomputed
    assert _rows(out) == clean_tables


def test_tables_exit_0_with_timeouts_and_skipped_entries(tmp_path, small_catalogue, capsys, monkeypatch,
                                                         tmpdir_env):
    """A timeout under the run's limit and the entries it dominates are results, not failures."""
    out = tmp_path / "out"
    small = B  # reduced, so the default entry is keyed by it
    cache = Cache(out / ".cache")
    for b in NV["backends"]:  # B's entries timed out under a larger limit than this run's
        cache.put(EntryKey(small, "neurovarieties", b), {"status": "timeout", "timeout": 1000.0})
    import lcnalg.tables.make as make
    bigger = Architecture((3, 2), (2, 1))
    monkeypatch.setattr(make, "get_catalogue", lambda name: [small, bigger])
    assert main(small_catalogue + ["--out", str(out), "--timeout", "60"]) == 0
    assert "skipped" in capsys.readouterr().out
    statuses = {tuple(r["k"]): r["status"] for r in json.loads((out / "neurovarieties.json").read_text())["rows"]}
    assert statuses[(2, 2)].startswith("timeout") and statuses[(3, 2)] == "skipped"


def test_zariski_repr_names_the_function_space():
    from lcnalg.geometry.zariski import zariski_closed
    text = repr(zariski_closed(A))
    assert text.startswith("<Zariski") and "Mk=" not in text and "k=(3,2) s=(2,1)" in text


def test_text_output_has_no_raw_none(capsys, tmpdir_env):
    assert main(["describe", "3,2", "2,1", "--quiet", "--fields", "critical_points,ged_degree"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("critical points:"))
    assert "None" not in line and "complex" in line


# --- issue 22: describe's sections are independent ------------------------------------------

def test_singular_locus_does_not_wait_for_the_jacobian_check(tmpdir_env):
    start = time.monotonic()
    r = _cli("describe", "5,3", "2,1", "--json", "--quiet", "--fields", "singular_locus")
    elapsed = time.monotonic() - start
    assert r.returncode == 0, r.stderr
    assert elapsed < 60, elapsed  # it waited 600 s for the check
    sl = json.loads(r.stdout)["singular_locus"]
    assert sl["method"] == "theorem"
    a = sl["agrees_with_theorem"]
    assert isinstance(a, bool) or a.startswith("not checked: ")


def test_a_section_out_of_time_leaves_the_others(tmpdir_env):
    from lcnalg.training.eddegree import ged_degree
    # the ideal takes minutes; Zariski closedness about a second
    r = _cli("describe", *SLOW_ARGS, "--json", "--quiet", "--timeout", "4",
             "--fields", "ged_degree,zariski_closed,degree,deg_mu")
    assert r.returncode == 3
    line = _one_line(r.stderr, "lcnalg: timeout: ")
    assert "vanishing ideal" in line and "other sections were printed" in line
    out = json.loads(r.stdout)
    assert out["ged_degree"] == ged_degree(SLOW_K)
    assert isinstance(out["zariski_closed"], bool)
    assert set(out["timed_out"]) == {"neurovariety"} and "degree" not in out
    assert out["sections"]["zariski"]["status"] == "ok"
    assert out["sections"]["degree_check"]["status"] == "skipped"  # it needs the ideal


def test_a_failing_section_is_recorded_and_the_others_run(monkeypatch):
    d = importlib.import_module("lcnalg.describe")  # the module (lcnalg.describe may be the function)

    def boom(arch, req):
        raise EngineError("injected engine failure")
    monkeypatch.setitem(d.SECTIONS, "zariski", replace(d.SECTIONS["zariski"], compute=boom))
    r = d.describe(A, fields=["zariski_closed", "ged_degree", "degree"], timeout=60)
    assert r["sections"]["zariski"] == {"status": "error", "reason": "injected engine failure",
                                        "seconds": r["sections"]["zariski"]["seconds"]}
    assert "zariski_closed" not in r and r["degree"] == 3 and r["ged_degree"] == 10  # MATH.md §8
    with pytest.raises(EngineError, match="injected"):
        d.describe(A, fields=["zariski_closed"], timeout=60, strict=True)
    # a section whose value JSON cannot hold fails alone, and the JSON is still printed
    monkeypatch.setitem(d.SECTIONS, "zariski", replace(d.SECTIONS["zariski"], compute=lambda a, q: {"witness": {1j}}))
    r = d.describe(A, fields=["zariski_closed", "ged_degree"], timeout=60)
    assert r["sections"]["zariski"]["status"] == "error" and "JSON" in r["sections"]["zariski"]["reason"]
    json.dumps(r)


def test_cheap_sections_run_first():
    from lcnalg.describe import describe
    order = []
    describe(A, fields=["critical_points", "singular_locus", "degree", "zariski_closed", "ged_degree"],
             timeout=120, report=lambda ev, group, r, s: order.append(group) if ev == "start" else None)
    assert order.index("ged_degree") < order.index("zariski") < order.index("neurovariety")
    assert order.index("zariski") < order.index("singular_locus") < order.index("critical_points")


def test_check_jacobian_runs_the_check(tmpdir_env, capsys):
    assert main(["describe", "3,2", "2,1", "--json", "--quiet", "--fields", "singular_locus",
                 "--check", "jacobian"]) == 0
    assert json.loads(capsys.readouterr().out)["singular_locus"]["agrees_with_theorem"] is True
