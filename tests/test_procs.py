"""Process control: every timed-out computation leaves no process behind (checked in /proc),
including the msolve/M2/sleep that the forked child started, and Singular keeps working in
this process afterwards."""
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from lcnalg import _sage, procs
from lcnalg.errors import EngineError, EngineTimeout
from lcnalg.geometry.architecture import Architecture

_sage.init()
DATA = Path(__file__).parent / "data"


def _live(pids) -> set[int]:
    """The non-zombie processes among ``pids``."""
    out = set()
    for p in pids:
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(p)
    return out


class Watch:
    """Records the command names of this process's descendants while it runs."""

    def __init__(self):
        self.names, self._stop = set(), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for p in procs.descendants(os.getpid()):
                try:
                    self.names.add(Path(f"/proc/{p}/comm").read_text().strip())
                except OSError:
                    pass
            time.sleep(0.02)

    def __enter__(self):
        self.before = _live(procs.descendants(os.getpid()))
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        left = _live(procs.descendants(os.getpid())) - self.before
        assert not left, f"processes left behind: {sorted(left)} (seen: {sorted(self.names)})"


def _singular_still_works():
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    R = PolynomialRing(QQ, "x,y")
    x, y = R.gens()
    I = R.ideal([x**2 - y, x * y - 1])
    # by hand: y = x^2, so x^3 = 1 and the points are (z, z^2) for the 3 cube roots z of 1
    assert x**3 - 1 in I and y - x**2 in I and x - 1 not in I
    assert I.vector_space_dimension() == 3


def test_forked_child_and_its_subprocesses_die():
    def fn():
        subprocess.Popen(["sleep", "1000"])  # same group as the child
        subprocess.Popen(["sleep", "1001"], start_new_session=True)  # a session of its own
        time.sleep(1000)
    with Watch() as w, pytest.raises(EngineTimeout, match="naps timed out after 0.5 s"):
        procs.call_with_time_limit(fn, 0.5, "naps")
    assert "sleep" in w.names


def test_leftovers_of_a_finished_child_are_killed():
    def fn():
        subprocess.Popen(["sleep", "1000"])
        return 5
    with Watch():
        assert procs.call_with_time_limit(fn, 30, "a quick one") == 5


def test_exceptions_and_crashes_come_back():
    def boom():
        raise ValueError("nope")
    with pytest.raises(ValueError, match="nope"):
        procs.call_with_time_limit(boom, 10, "boom")
    with Watch(), pytest.raises(EngineError, match=r"a crash crashed \(exit 3\)"):
        procs.call_with_time_limit(lambda: os._exit(3), 10, "a crash")


def test_race_first_finisher_wins_and_the_rest_die():
    started = time.monotonic()
    with Watch() as w:
        name, value = procs.race({"slow": lambda: subprocess.run(["sleep", "30"]) and "slow",
                                  "fast": lambda: time.sleep(0.3) or "fast"}, 20, "two ways")
    assert (name, value) == ("fast", "fast") and time.monotonic() - started < 10
    assert "sleep" in w.names  # the loser's subprocess ran, and was killed with it:
    assert not _live(procs.descendants(os.getpid())) - w.before


def test_race_failures_timeouts_and_delays(tmp_path):
    def boom():
        raise ValueError("nope")
    assert procs.race({"bad": boom, "good": lambda: time.sleep(0.2) or 7}, 10, "r") == ("good", 7)
    with pytest.raises(ValueError, match="nope"):
        procs.race({"bad": boom, "crash": lambda: os._exit(3)}, 10, "r")
    with Watch(), pytest.raises(EngineTimeout, match="two naps timed out after 0.5 s"):
        procs.race({"a": lambda: time.sleep(30), "b": lambda: time.sleep(30)}, 0.5, "two naps")
    # a delayed runner starts only if nothing finished before its delay ...
    marker = tmp_path / "started"
    late = lambda: (marker.write_text("x"), "late")[1]  # noqa: E731
    assert procs.race({"first": lambda: time.sleep(0.2) or 1, "late": late}, 10, "r",
                      delays={"late": 3}) == ("first", 1)
    assert not marker.exists()
    # ... and at once when the others have failed
    started = time.monotonic()
    assert procs.race({"bad": boom, "late": late}, 10, "r", delays={"late": 30}) == ("late", "late")
    assert marker.exists() and time.monotonic() - started < 10


def test_timed_out_count_complex():
    from lcnalg.training.critical import count_complex
    with Watch(), pytest.raises(EngineTimeout, match="critical point count"):
        count_complex(Architecture((4, 4, 4), (1, 1, 1)), timeout=1)
    _singular_still_works()


def test_timed_out_real_critical_points_kills_msolve():
    from lcnalg.training.critical import real_critical_points
    with Watch() as w, pytest.raises(EngineTimeout, match="real critical points"):
        real_critical_points(Architecture((3, 3, 3), (1, 1, 1)), timeout=4, method="msolve")
    assert "msolve" in w.names, f"msolve never ran (seen: {sorted(w.names)})"
    _singular_still_works()


def test_timed_out_homotopy_leaves_nothing(tmp_path, monkeypatch):
    # the homotopy runs in a forked child: a timeout kills it (no process left, checked by
    # the autouse fixture), and a later computation still works
    from lcnalg.training.critical import real_critical_points
    monkeypatch.setenv("LCNALG_START_CACHE", str(tmp_path))
    with pytest.raises(EngineTimeout, match="real critical points"):
        real_critical_points(Architecture((3, 3, 3), (1, 1, 1)), timeout=2)
    _singular_still_works()


def test_timed_out_jacobian_singular_locus():
    from lcnalg.geometry.singular_locus import singular_locus
    with Watch(), pytest.raises(EngineTimeout, match="Jacobian"):
        singular_locus(Architecture((2, 2, 3), (2, 2, 1)), method="jacobian", timeout=3)
    _singular_still_works()


@pytest.mark.m2
def test_timed_out_m2_call():
    from lcnalg import macaulay2 as m2
    with Watch() as w, pytest.raises(EngineTimeout, match="neurovariety.m2"):
        m2.run_script("neurovariety.m2", ["4,4,4,4", "1,1,1,1"], timeout=2)
    assert "M2" in w.names or any(n.startswith("M2") for n in w.names), sorted(w.names)
    _singular_still_works()


@pytest.mark.m2
def test_timed_out_m2_inside_a_forked_limit(monkeypatch):
    """M2 started by a forked child (its own session): killed with the child."""
    from lcnalg import macaulay2 as m2
    monkeypatch.setenv("LCNALG_M2SCRIPTS", str(DATA))
    with Watch() as w, pytest.raises(EngineTimeout, match="M2 in a child"):
        procs.call_with_time_limit(lambda: m2.run_script("sleep.m2", [1000], timeout=None),
                                   3, "M2 in a child")
    assert "sleep" in w.names


def test_subprocess_time_limit():
    p = procs.start_process(["sh", "-c", "sleep 1000 & sleep 1000"], stdout=subprocess.PIPE)
    with Watch(), pytest.raises(EngineTimeout, match="two sleeps"):
        procs.communicate_with_time_limit(p, 0.5, "two sleeps")


def test_errors_survive_the_pipe():
    from lcnalg.errors import MissingExtra

    def inner_timeout():
        raise EngineTimeout("an inner step", 2.5)
    with pytest.raises(EngineTimeout, match="an inner step timed out after 2.5 s") as e:
        procs.call_with_time_limit(inner_timeout, 30, "outer")
    assert (e.value.what, e.value.seconds) == ("an inner step", 2.5)

    def missing():
        raise MissingExtra("dask", "dask", "a cluster")
    with pytest.raises(MissingExtra, match=r"pip install 'lcnalg\[dask\]'"):
        list(procs.stream_from_child(lambda: iter([missing()]), 30, "stream"))


def test_stream_yields_as_items_arrive():
    def gen():
        yield "first"
        time.sleep(1.5)
        yield "second"
    seen, start = [], time.monotonic()
    with Watch():
        for item in procs.stream_from_child(gen, 30, "a stream", tick=0.2):
            seen.append((item if item is not procs.TICK else "tick", round(time.monotonic() - start, 1)))
    items = [s for s, _ in seen if s != "tick"]
    assert items == ["first", "second"]
    assert seen[0][1] < 1.0 and "tick" in [s for s, _ in seen[:-1]]


def test_a_killed_childs_temporary_files_are_removed():
    # the child's subprocess writes into TMPDIR (as msolve's input/output files do) and is
    # killed at the time limit, so its own cleanup never runs; the directory must still go
    def body():
        import tempfile
        d = tempfile.mkdtemp(prefix="lcnalg-test-")
        Path(d, "in.ms").write_text("x")
        subprocess.run(["sh", "-c", 'echo y > "$TMPDIR/sub"; sleep 30'])
        return d
    before = {p for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("lcnalg-child-*")}
    with pytest.raises(EngineTimeout):
        procs.call_with_time_limit(body, 1.0, "a writer")
    after = {p for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("lcnalg-child-*")}
    assert after <= before
    own = procs.call_with_time_limit(lambda: os.environ["TMPDIR"], 5, "tmp")
    assert Path(own).name.startswith("lcnalg-child-") and not Path(own).exists()


def test_report_reaches_the_parent_only_from_the_streaming_child():
    """``report`` inside a ``stream_from_child`` child adds an item to the stream; from a
    child of that child (a ``call_with_time_limit`` inside it) it sends nothing."""
    from lcnalg.procs import call_with_time_limit, report, stream_from_child

    def steps():
        yield report("direct")
        yield call_with_time_limit(lambda: report("from a grandchild"), 10, "inner")
    assert list(stream_from_child(steps, 20, "reports", reports=True)) == ["direct", True, False]
    assert list(stream_from_child(steps, 20, "no reports")) == [False, False]
    assert report("here") is False
