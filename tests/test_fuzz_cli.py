"""Fuzzing the command line and ``Architecture`` (hypothesis): bad input of any kind (random
text, unicode, huge or negative numbers, option-looking values such as ``-1,1``) gives exit
code 2 and one line on stderr, never a traceback."""
import string
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lcnalg.cli import main
from lcnalg.geometry.architecture import Architecture, ArchitectureError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

numbers = st.one_of(st.integers(-10**30, 10**30), st.sampled_from([0, -1, 2**63, 10**100, 10**6]))
number_text = st.one_of(numbers.map(str), st.sampled_from(["1e3", "0x10", "١٢", "²", "3.0", " 2", "+2",
                                                             "nan", "inf", "", "-", "--"]))
lists = st.lists(number_text, min_size=0, max_size=5).map(",".join)
junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=30)
arg = st.one_of(lists, junk, st.sampled_from(["-1,1", "--json", "--fields", "--timeout", "-h1",
                                              "--budget=-1", "--seed", "3,2;rm -rf /", "3,,2", "3,2,"]))


def _check(code, err: str, argv):
    assert code in (0, 2), (argv, code, err)
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("lcnalg: error: "), (argv, err)
    assert "Traceback" not in err, (argv, err)


def _is_bad(k: str, s: str | None) -> bool:
    try:
        Architecture.parse(k, s)
    except ValueError:
        return True
    return False


@FAST
@given(k=arg, s=arg)
def test_describe_random_architectures_in_process(k, s, capsys):
    """Refused exactly when ``Architecture.parse`` refuses; ``--fields n`` computes nothing."""
    argv = ["describe", k, s, "--fields", "n", "--quiet", "--json"]
    capsys.readouterr()
    code = main(argv)
    out = capsys.readouterr()
    _check(code, out.err, argv)
    if "usage:" not in out.out:  # not a -h that asked for help
        assert code == (2 if _is_bad(k, s) else 0), argv


@FAST
@given(extra=st.lists(arg, min_size=1, max_size=4))
def test_describe_bad_options_in_process(extra, capsys):
    argv = ["describe", "2,2", "1,1", "--quiet", "--fields", "n", *extra]
    capsys.readouterr()
    code = main(argv)
    _check(code, capsys.readouterr().err, argv)


@FAST
@given(argv=st.lists(st.one_of(arg, st.sampled_from(["describe", "tables", "--catalogue", "--jobs",
                                                     "--only", "--out"])), max_size=4))
def test_any_command_line(argv, capsys, tmp_path, monkeypatch):
    if "tables" in argv:  # never start a real table run: keep its output away from results/
        monkeypatch.chdir(tmp_path)
        argv = argv + ["--jobs", "-1"]
    if argv[:1] == ["describe"] and len(argv) > 1 and not _is_bad(argv[1], argv[2] if len(argv) > 2 else None):
        argv = argv + ["--fields", "nonsense"]
    capsys.readouterr()
    code = main(argv + ["--quiet"] if argv[:1] == ["describe"] else argv)
    out = capsys.readouterr()
    _check(code, out.err, argv)


@settings(max_examples=300, deadline=None)
@given(k=st.one_of(st.lists(numbers, max_size=6), junk, st.none(), st.integers()),
       s=st.one_of(st.lists(numbers, max_size=6), junk, st.none(), st.integers(), st.floats()))
def test_architecture_refuses_cleanly(k, s):
    try:
        a = Architecture(k, s)
    except ArchitectureError as e:
        assert "\n" not in str(e) and str(e)
        return
    assert all(x >= 1 for x in a.k) and len(a.k) == len(a.s)


@pytest.mark.parametrize("argv", [
    ["describe", "-1,1"], ["describe", "3,2", "-1,1"], ["describe", "１,２x"], ["describe", "9" * 400],
    ["describe", "3,2", "2,1", "--timeout", "-1e400"], ["describe", "3,2", "2,1", "--fields", "é"],
    ["describe", "2" * 20 + ",2", "1,1"], ["describe", ",".join(["3"] * 5000)], ["describe", "3,2\n;", "2,1"],
])
def test_subprocess_bad_input(argv):
    r = subprocess.run([sys.executable, "-m", "lcnalg", *argv, "--quiet"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2, (argv, r.stdout[-500:], r.stderr[-2000:])
    _check(r.returncode, r.stderr, argv)
