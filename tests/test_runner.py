"""The parallel runner: crashes, hangs, timeouts, retries, kill -9 and restart.

The computations here are tiny test functions that append a line to a marker file each
time they run, so the tests can count how often an entry was computed."""
import ctypes
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import Cache, EntryKey
from lcnalg.tables.catalogue import catalogue
from lcnalg.errors import EngineTimeout
from lcnalg.tables.runner import Task, run, run_isolated

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# --- test computations (top level, so a forked worker or a Dask worker can call them) ---

def counted(arch, marker, sleep=0.0):
    with open(marker, "a") as f:
        f.write(arch.label + "\n")
    time.sleep(sleep)
    return {"n": arch.n, "dim": arch.dim, "label": arch.label}


def hang(arch, marker=None):
    if marker:
        counted(arch, marker)
    time.sleep(1000)


def hang_with_child(arch, pidfile):
    """Start a process in its own session (as an engine bridge would) and hang."""
    p = subprocess.Popen(["sleep", "1000"], start_new_session=True)
    Path(pidfile).write_text(str(p.pid))
    time.sleep(1000)


def exit_hard(arch):
    os._exit(3)


def segfault(arch):
    ctypes.string_at(0)


def fail(arch, marker=None):
    if marker:
        counted(arch, marker)
    raise ValueError("no good\nreason")


def engine_timeout(arch):
    raise EngineTimeout("test computation", 0.25)


def marker_lines(marker):
    try:
        return Path(marker).read_text().split()
    except FileNotFoundError:
        return []


def tasks_for(func, archs, timeout=20, computation="test", **kwargs):
    return [Task(EntryKey(a, computation), func, kwargs, timeout) for a in archs]


ARCHS = catalogue("small")[:6]


def test_runs_and_caches(tmp_path):
    marker = tmp_path / "marker"
    cache = Cache(tmp_path / "cache")
    tasks = tasks_for(counted, ARCHS, marker=str(marker))
    out = run(tasks, cache, jobs=2, progress=False)
    assert [out[t.key]["status"] for t in tasks] == ["ok"] * len(tasks)
    assert [out[t.key]["result"]["n"] for t in tasks] == [a.n for a in ARCHS]
    assert sorted(marker_lines(marker)) == sorted(a.label for a in ARCHS)
    run(tasks, cache, jobs=2, progress=False)  # everything cached: nothing recomputed
    assert len(marker_lines(marker)) == len(ARCHS)
    run(tasks[:2], cache, jobs=1, progress=False, force=True)
    assert len(marker_lines(marker)) == len(ARCHS) + 2


def test_bad_jobs():
    with pytest.raises(ValueError, match="jobs"):
        run([], jobs=0)


def test_crashes_and_failures_do_not_stop_the_run(tmp_path):
    marker = tmp_path / "marker"
    cache = Cache(tmp_path / "cache")
    a, b, c, d = ARCHS[:4]
    tasks = [Task(EntryKey(a, "crash"), exit_hard, {}, 20),
             Task(EntryKey(b, "segv"), segfault, {}, 20),
             Task(EntryKey(c, "fail"), fail, {}, 20),
             Task(EntryKey(d, "eto"), engine_timeout, {}, 20)]
    tasks += tasks_for(counted, ARCHS, marker=str(marker))
    out = run(tasks, cache, jobs=2, progress=False)
    crash, segv, err, eto = (out[t.key] for t in tasks[:4])
    assert crash["status"] == "error" and "exited with code 3" in crash["error"]
    assert segv["status"] == "error" and "SIGSEGV" in segv["error"]
    assert err["status"] == "error" and err["error"] == "ValueError: no good reason"
    assert "Traceback" in err["traceback"]
    assert eto["status"] == "timeout" and "timed out after 0.25 s" in eto["error"]
    assert all(out[t.key]["status"] == "ok" for t in tasks[4:])
    assert sorted(marker_lines(marker)) == sorted(a.label for a in ARCHS)


def test_hanging_entry_is_killed_and_others_finish(tmp_path):
    marker = tmp_path / "marker"
    cache = Cache(tmp_path / "cache")
    pidfile = tmp_path / "pid"
    slow = [Task(EntryKey(ARCHS[0], "hang"), hang_with_child, {"pidfile": str(pidfile)}, 0.3)]
    tasks = slow + tasks_for(counted, ARCHS[1:], marker=str(marker))
    t0 = time.monotonic()
    out = run(tasks, cache, jobs=2, progress=False)
    assert time.monotonic() - t0 < 10
    rec = out[slow[0].key]
    assert rec["status"] == "timeout" and rec["timeout"] == 0.3 and "limit 0.3 s" in rec["error"]
    assert all(out[t.key]["status"] == "ok" for t in tasks[1:])
    # the process the entry started in its own session was killed too
    pid = int(pidfile.read_text())
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            break
        if state == "Z":
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the hung entry's child process survived")


def test_retry_only_with_force_or_larger_timeout(tmp_path):
    """A timeout is retried with ``force`` or a larger limit; a failure at every run (it may
    come from the machine, and must not block later runs)."""
    marker = tmp_path / "marker"
    cache = Cache(tmp_path / "cache")
    a, b = ARCHS[:2]
    hanging = Task(EntryKey(a, "hang"), hang, {"marker": str(marker)}, 0.2)
    failing = Task(EntryKey(b, "fail"), fail, {"marker": str(marker)}, 0.2)
    out = run([hanging, failing], cache, jobs=2, progress=False)
    assert out[hanging.key]["status"] == "timeout" and out[failing.key]["status"] == "error"
    assert sorted(marker_lines(marker)) == sorted([a.label, b.label])
    run([hanging, failing], cache, jobs=2, progress=False)  # same limit: only the failure again
    assert marker_lines(marker).count(a.label) == 1 and marker_lines(marker).count(b.label) == 2
    smaller = [Task(t.key, t.func, t.kwargs, 0.1) for t in (hanging, failing)]
    run(smaller, cache, jobs=2, progress=False)
    assert marker_lines(marker).count(a.label) == 1 and marker_lines(marker).count(b.label) == 3
    larger = [Task(t.key, t.func, t.kwargs, 0.4) for t in (hanging, failing)]
    out = run(larger, cache, jobs=2, progress=False)
    assert marker_lines(marker).count(a.label) == 2 and marker_lines(marker).count(b.label) == 4
    assert out[hanging.key]["timeout"] == 0.4
    run(larger, cache, jobs=2, progress=False, force=True)
    assert marker_lines(marker).count(a.label) == 3 and marker_lines(marker).count(b.label) == 5


def test_run_isolated_returns_record(tmp_path):
    task = Task(EntryKey(ARCHS[0], "iso"), counted, {"marker": str(tmp_path / "m")}, 10)
    rec = run_isolated(task)  # private temporary cache
    assert rec["status"] == "ok" and rec["result"]["label"] == ARCHS[0].label
    rec = run_isolated(Task(EntryKey(ARCHS[0], "iso2"), hang, {}, 0.2))
    assert rec["status"] == "timeout"


def test_corrupted_entry_is_recomputed(tmp_path):
    marker = tmp_path / "marker"
    cache = Cache(tmp_path / "cache")
    tasks = tasks_for(counted, ARCHS[:2], marker=str(marker))
    run(tasks, cache, progress=False)
    path = cache.path(tasks[0].key)
    path.write_text(path.read_text()[:20])  # truncated JSON
    out = run(tasks, cache, progress=False)
    assert out[tasks[0].key]["status"] == "ok"
    assert marker_lines(marker).count(ARCHS[0].label) == 2
    assert marker_lines(marker).count(ARCHS[1].label) == 1


SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {here!r})
    from test_runner import counted, tasks_for
    from lcnalg.tables.cache import Cache
    from lcnalg.tables.catalogue import catalogue
    from lcnalg.tables.runner import run
    tasks = tasks_for(counted, catalogue("small"), marker={marker!r}, sleep=0.4)
    run(tasks, Cache({cache!r}), jobs=2, progress=False)
""")


def test_kill_minus_9_and_restart_recomputes_nothing_finished(tmp_path):
    """SIGKILL the runner mid-way; its workers die with it; no cache file is corrupt; a
    restart computes exactly the entries without a record."""
    marker, root = tmp_path / "marker", tmp_path / "cache"
    script = SCRIPT.format(here=str(HERE), marker=str(marker), cache=str(root))
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while len(list(root.rglob("*.json"))) < 5:
            assert proc.poll() is None, "the run ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    at_kill = len(list(root.rglob("*.json")))
    time.sleep(0.6)  # a surviving worker would finish its 0.4 s entry and write it by now
    files = list(root.rglob("*.json"))
    assert len(files) == at_kill, "a worker outlived the killed run (PR_SET_PDEATHSIG)"
    keys = [json.loads(f.read_text())["key"] for f in files]  # never a corrupt record
    done_first = {Architecture(key["k"], key["s"]).label for key in keys}
    before = marker_lines(marker)
    archs = catalogue("small")
    assert 5 <= len(files) < len(archs)

    cache = Cache(root)
    tasks = tasks_for(counted, archs, marker=str(marker))
    out = run(tasks, cache, jobs=2, progress=False)
    assert all(rec["status"] == "ok" for rec in out.values())
    after = marker_lines(marker)[len(before):]
    assert len(done_first) == len(files)
    assert not done_first & set(after), "a finished entry was recomputed"
    assert sorted(after) == sorted(a.label for a in archs if a.label not in done_first)


def test_skip_hook(tmp_path):
    """``skip`` sees the records so far; skipped entries are reported, not cached."""
    marker = tmp_path / "marker"
    cache = Cache(tmp_path / "cache")
    first = Task(EntryKey(ARCHS[0], "hang"), hang, {}, 0.2)
    rest = tasks_for(counted, ARCHS[1:4], marker=str(marker))

    def skip(task, done):
        if task.key.computation == "test" and done.get(first.key, {}).get("status") == "timeout":
            return "the first one timed out"
    out = run([first] + rest, cache, jobs=1, progress=False, skip=skip)
    assert out[first.key]["status"] == "timeout"
    assert all(out[t.key] == {"status": "skipped", "error": "the first one timed out",
                              "timeout": 20, "seconds": 0.0} for t in rest)
    assert all(cache.get(t.key) is None for t in rest) and marker_lines(marker) == []
    out = run(rest, cache, jobs=1, progress=False, skip=skip)  # no timeout known: they run
    assert all(out[t.key]["status"] == "ok" for t in rest)
