"""The Macaulay2 bridge: locating M2, argument validation, timeouts, errors, script output."""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lcnalg import macaulay2 as m2
from lcnalg.implicit import m2 as m2_engine
from lcnalg.errors import EngineError, EngineNotFound, EngineTimeout

DATA = Path(__file__).parent / "data"
HAVE_M2 = shutil.which("M2") is not None or "LCNALG_M2" in os.environ
needs_m2 = pytest.mark.skipif(not HAVE_M2, reason="Macaulay2 not installed")


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.setattr(m2, "_m2_cache", {})


def fake_exe(path: Path, body: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return str(path)


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes whose process group is ``pgid``."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            out.append(int(d.name))
    return out


# --- find_m2 (no Macaulay2 needed: fake executables) ---------------------------------

def test_env_var_nonexistent(monkeypatch):
    monkeypatch.setenv("LCNALG_M2", "/nonexistent")
    with pytest.raises(EngineNotFound, match="LCNALG_M2='/nonexistent'"):
        m2.find_m2()


def test_env_var_binary_that_crashes(monkeypatch, tmp_path):
    # like passagemath's bundled M2 on CPUs without AVX-512
    monkeypatch.setenv("LCNALG_M2", fake_exe(tmp_path / "M2", "kill -ILL $$"))
    with pytest.raises(EngineNotFound, match="not a working Macaulay2"):
        m2.find_m2()


def test_nothing_found_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv("LCNALG_M2", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(m2, "_bundled_candidates", lambda: [])
    with pytest.raises(EngineNotFound) as e:
        m2.find_m2()
    assert "apt-get install --no-install-recommends macaulay2" in str(e.value)
    assert "LCNALG_M2" in str(e.value)


def test_order_path_then_working_bundled(monkeypatch, tmp_path):
    monkeypatch.delenv("LCNALG_M2", raising=False)
    bad = fake_exe(tmp_path / "path" / "M2", "kill -ILL $$")
    good = fake_exe(tmp_path / "bundled" / "M2", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "path"))
    monkeypatch.setattr(m2, "_bundled_candidates", lambda: [good])
    assert m2.find_m2() == good  # the crashing one on PATH is skipped
    m2._m2_cache.clear()
    monkeypatch.setattr(m2, "_bundled_candidates", lambda: [bad])
    with pytest.raises(EngineNotFound, match="not working"):
        m2.find_m2()
    m2._m2_cache.clear()
    working_on_path = fake_exe(tmp_path / "path2" / "M2", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "path2"))
    assert m2.find_m2() == working_on_path  # PATH before bundled


def test_cache_follows_env_var(monkeypatch, tmp_path):
    a = fake_exe(tmp_path / "a" / "M2", "exit 0")
    b = fake_exe(tmp_path / "b" / "M2", "exit 0")
    monkeypatch.setenv("LCNALG_M2", a)
    assert m2.find_m2() == a
    monkeypatch.setenv("LCNALG_M2", b)
    assert m2.find_m2() == b


# --- argument validation: nothing reaches M2 -----------------------------------------

@pytest.mark.parametrize("bad", ['3,2; run "rm"', "3,2\n", "3,2 ", "", "-1", "3,,2", ",3", "３,２",
                                 "1e3", "3.0", None, True, 3.0, "0x10"])
def test_bad_args_rejected_before_m2(monkeypatch, bad):
    def no_subprocess(*a, **kw):
        raise AssertionError("M2 must not run")
    monkeypatch.setattr(subprocess, "Popen", no_subprocess)
    with pytest.raises(ValueError, match="refusing to pass"):
        m2.run_script("neurovariety.m2", [bad, "2,1"])


@pytest.mark.parametrize("bad", ["../neurovariety.m2", "/etc/passwd", "x.m2; ls", "neurovariety"])
def test_bad_script_names_rejected(bad):
    with pytest.raises(ValueError, match="invalid Macaulay2 script name"):
        m2.run_script(bad, [])


def test_good_args():
    assert m2.check_arg("3,2") == "3,2"
    assert m2.check_arg(7) == "7"


# --- running scripts (real Macaulay2) ------------------------------------------------

@pytest.mark.m2
@needs_m2
def test_timeout_kills_process_group(monkeypatch):
    monkeypatch.setenv("LCNALG_M2SCRIPTS", str(DATA))
    m2.find_m2()  # outside the spy
    started = []
    real_popen = subprocess.Popen

    def spy(*a, **kw):
        p = real_popen(*a, **kw)
        started.append(p)
        return p
    monkeypatch.setattr(subprocess, "Popen", spy)
    t = time.monotonic()
    with pytest.raises(EngineTimeout) as e:
        m2.run_script("sleep.m2", [100], timeout=2)
    elapsed = time.monotonic() - t
    assert 2 <= elapsed < 10
    assert "sleep.m2 100" in str(e.value) and "2 s" in str(e.value)
    assert e.value.seconds == 2
    (proc,) = started
    assert proc.returncode is not None  # reaped
    # M2 and its child `sleep` got SIGKILL at once (delivery takes a moment on a loaded machine)
    deadline = time.monotonic() + 2
    while group_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert group_members(proc.pid) == []
    # ... and the group disappears once the orphaned child is reaped by init
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"process group {proc.pid} still exists")


@pytest.mark.m2
@needs_m2
def test_bad_arguments_give_m2_message():
    with pytest.raises(EngineError) as e:
        m2.run_script("neurovariety.m2", ["3,2", "2"])
    msg = str(e.value)
    assert "neurovariety.m2 3,2 2" in msg
    assert "K and S have different lengths" in msg and "usage" in msg
    assert "\n" not in msg
    with pytest.raises(EngineError, match="expected 2 arguments"):
        m2.run_script("neurovariety.m2", ["3,2"])
    with pytest.raises(EngineError, match=">= 1"):
        m2.run_script("neurovariety.m2", ["0,2", "2,1"])


@pytest.mark.m2
@needs_m2
def test_m2_error_and_missing_json(monkeypatch):
    monkeypatch.setenv("LCNALG_M2SCRIPTS", str(DATA))
    with pytest.raises(EngineError) as e:
        m2.run_script("fail.m2", [])
    msg = str(e.value)
    assert "fail.m2" in msg and "lcnalg test failure: deliberate" in msg
    assert "back trace" not in msg
    with pytest.raises(EngineError, match="nojson.m2.*no JSON object.*hello, not JSON"):
        m2.run_script("nojson.m2", [])
    with pytest.raises(EngineError, match="not found"):
        m2.run_script("absent.m2", [])


@pytest.mark.m2
@needs_m2
def test_missing_m2_through_run_script(monkeypatch):
    monkeypatch.setenv("LCNALG_M2", "/nonexistent")
    with pytest.raises(EngineNotFound, match="/nonexistent"):
        m2.run_script("neurovariety.m2", ["3,2", "2,1"])


@pytest.mark.m2
@needs_m2
def test_script_runs_on_its_own(tmp_path):
    script = m2.scripts_dir() / "neurovariety.m2"
    r = subprocess.run([m2.find_m2(), "--script", str(script), "3,2", "2,1"], capture_output=True,
                       text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout.strip().splitlines()[-1])
    # MATH.md §1, §8: n = 5, one cubic, codim 1, degree 3
    assert (data["k"], data["s"], data["n"]) == ([3, 2], [2, 1], 5)
    assert (data["codim"], data["degree"], data["mingens_degrees"]) == (1, 3, [3])
    bad = subprocess.run([m2.find_m2(), "--script", str(script), "3,2"], capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode != 0 and "usage" in bad.stderr and bad.stdout == ""


@pytest.mark.m2
@needs_m2
def test_script_itself_rejects_injection(tmp_path):
    """Defence in depth: called directly, the script never evaluates its arguments."""
    script = m2.scripts_dir() / "neurovariety.m2"
    marker = tmp_path / "pwned"
    for evil in [f'3,2; run "touch {marker}"', f'3,2\nrun "touch {marker}"']:
        r = subprocess.run([m2.find_m2(), "--script", str(script), evil, "2,1"], capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 2 and "not a comma-separated list" in r.stderr
    assert not marker.exists()


# --- malformed output (no Macaulay2 needed: a fake M2 prints the "script" file itself) ----

GOOD = {"k": [3, 2], "s": [2, 1], "n": 5, "generators": ["c_1*c_2*c_3-c_0*c_3^2-c_1^2*c_4"],
        "mingens": ["c_1*c_2*c_3-c_0*c_3^2-c_1^2*c_4"], "mingens_degrees": [3], "dim": 4,
        "codim": 1, "degree": 3, "hilbert_numerator": [1, 1, 1], "hilbert_polynomial": "3/2*i^2+1",
        "seconds": 0.1}


@pytest.fixture
def fake_output(monkeypatch, tmp_path):
    """``write(script, obj)``: the fake M2 prints ``obj`` (JSON, or text as is) for ``script``."""
    monkeypatch.setenv("LCNALG_M2", fake_exe(tmp_path / "bin" / "M2",
                                             'if [ "$1" = --version ]; then exit 0; fi\nprintf "chatter\\n"; cat "$2"'))
    monkeypatch.setenv("LCNALG_M2SCRIPTS", str(tmp_path / "scripts"))
    (tmp_path / "scripts").mkdir()
    monkeypatch.setattr(m2_engine, "_data_cache", {})

    def write(script, obj):
        text = obj if isinstance(obj, str) else json.dumps(obj)
        (tmp_path / "scripts" / script).write_text(text + "\n")
    return write


def test_fake_m2_good_output_parses(fake_output):
    from lcnalg.geometry.architecture import Architecture
    fake_output("neurovariety.m2", GOOD)
    [g] = m2_engine.vanishing_ideal(Architecture((3, 2), (2, 1)))
    assert str(g) == "c1*c2*c3 - c0*c3^2 - c1^2*c4"


@pytest.mark.parametrize("change,needle", [
    ({"mingens": None}, "key 'mingens' is missing"),
    ({"degree": "3"}, "key 'degree' should be an integer, got '3'"),
    ({"degree": True}, "key 'degree' should be an integer, got True"),
    ({"mingens": "c_0"}, "key 'mingens' should be a list"),
    ({"mingens": [3]}, "key 'mingens[0]' should be a string, got 3"),
    ({"hilbert_numerator": [1, 1.5]}, "key 'hilbert_numerator[1]' should be an integer"),
    ({"n": 6}, "returned n=6, expected 5"),
    ({"mingens": ["c_1; run(\"rm\")"]}, "unexpected polynomial from neurovariety.m2"),
    ({"mingens": ["c_7"]}, "unexpected polynomial from neurovariety.m2: 'c_7'"),
    ({"hilbert_polynomial": "import os"}, "unexpected Hilbert polynomial from neurovariety.m2"),
])
def test_malformed_neurovariety_output(fake_output, change, needle):
    from lcnalg.geometry.architecture import Architecture
    data = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    fake_output("neurovariety.m2", data)
    A = Architecture((3, 2), (2, 1))
    with pytest.raises(EngineError) as e:
        m2_engine.vanishing_ideal(A)
        m2_engine.invariants(A)
    assert "neurovariety.m2" in str(e.value) and needle in str(e.value)


@pytest.mark.parametrize("text,needle", [
    ("[1, 2]", "no JSON object on its last line"),
    ('{"k": [3, 2]', "no JSON object on its last line"),
    ("", "no JSON object on its last line"),
])
def test_not_an_object(fake_output, text, needle):
    fake_output("neurovariety.m2", text)
    with pytest.raises(EngineError, match=f"neurovariety.m2 3,2 2,1 .*{needle}"):
        m2.run_script("neurovariety.m2", ["3,2", "2,1"])


def test_malformed_singular_locus_components(fake_output):
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.geometry.singular_locus import singular_locus
    data = {"k": [3, 2], "s": [2, 1], "n": 5, "codim_V": 1, "radical": ["c_1", "c_3"], "dim": 3,
            "codim": 2, "degree": 1, "components": [{"dim": 3, "degree": 1, "generators": "c_1"}],
            "seconds": 0.1}
    fake_output("singular_locus.m2", data)
    with pytest.raises(EngineError, match=r"singular_locus.m2 .*key 'components\[0\].generators' "
                                          r"should be a list, got 'c_1'"):
        singular_locus(Architecture((3, 2), (2, 1)), method="m2")


def test_malformed_output_through_the_cli(fake_output):
    """An engine fault: exit code 4 naming the script and the key, not 2 (bad input)."""
    fake_output("neurovariety.m2", {k: v for k, v in GOOD.items() if k != "hilbert_numerator"})
    r = subprocess.run([sys.executable, "-m", "lcnalg", "describe", "3,2", "2,1", "--json", "--quiet",
                        "--backend", "m2", "--fields", "degree"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 4, r.stderr
    assert "neurovariety.m2" in r.stderr and "'hilbert_numerator' is missing" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
