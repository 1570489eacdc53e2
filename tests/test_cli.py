"""The command-line contract of DESIGN.md: keys, errors, exit codes."""
import json
import subprocess
import sys
import time

import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.cli import main

CONTRACT_KEYS = {"k", "s", "n", "stride", "dim", "codim", "stride_one", "thick", "filling",
                 "reduced", "reduced_architecture", "degree", "generator_degrees", "ideal",
                 "backend", "seconds"}


def run(*args):
    return subprocess.run([sys.executable, "-m", "lcnalg", *args], capture_output=True, text=True, timeout=300)


def test_describe_json_worked_example():
    r = run("describe", "3,2", "2,1", "--json", "--fields", "degree,generator_degrees,ideal")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert CONTRACT_KEYS <= set(out)
    assert (out["n"], out["dim"], out["codim"], out["degree"]) == (5, 4, 1, 3)   # MATH.md §8
    assert out["generator_degrees"] == {"3": 1}
    assert out["reduced_architecture"] == {"k": [3, 2], "s": [2, 1]}
    assert out["stride_one"] is False and out["thick"] is False and out["reduced"] is True


@pytest.mark.parametrize("backend", ["sage", "interpolation", "pivot", pytest.param("m2", marks=pytest.mark.m2)])
def test_backends_print_the_same_ideal(backend, capsys):
    assert main(["describe", "3,3", "2,1", "--json", "--backend", backend,
                 "--fields", "ideal,degree,generator_degrees"]) == 0
    out = json.loads(capsys.readouterr().out)
    from lcnalg.geometry.parameterization import coordinate_ring
    R = coordinate_ring(Architecture((3, 3), (2, 1)))
    theirs = R.ideal([R(g) for g in out["ideal"]])
    from lcnalg.geometry.neurovariety import Neurovariety
    assert theirs == Neurovariety(Architecture((3, 3), (2, 1))).ideal("sage")
    # "interpolation" is an alias of the multigraded completion, which reports itself
    assert out["backend"] == {"interpolation": "multigraded"}.get(backend, backend)
    assert out["degree"] == 6


def test_fields_ged_degree_builds_no_ideal(monkeypatch, capsys):
    import lcnalg.geometry.neurovariety as nv
    monkeypatch.setattr(nv.Neurovariety, "ideal", lambda *a, **k: pytest.fail("ideal built"))
    assert main(["describe", "2,2,2", "2,2,1", "--json", "--fields", "ged_degree"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ged_degree"] == 34 and "degree" not in out   # MATH.md §6
    assert {"k", "s", "n", "dim", "codim", "thick"} <= set(out)


def test_text_summary_is_readable(capsys):
    assert main(["describe", "3,2", "2,1", "--fields", "degree,ideal"]) == 0
    out = capsys.readouterr().out
    assert "degree 3" in out and "c1*c2*c3 - c0*c3^2 - c1^2*c4" in out


@pytest.mark.parametrize("args,needle", [
    (["describe", "3,x", "2,1"], "non-integer"),
    (["describe", "3,2", "2,1,1"], "different lengths"),
    (["describe", "0,2"], "k[0] = 0"),
    (["describe", "3,2", "2,1", "--fields", "nonsense"], "unknown field"),
    (["describe", "3,2", "2,1", "--backend", "magma"], "unknown backend"),
    (["describe", "3,2", "2,1", "--timeout", "-1"], "--timeout"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_one_line_exit_2(args, needle):
    r = run(*args)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_timeout_exit_code_and_message():
    # (4,4,4),(2,2,1): the default engine needs minutes (benchmarks), so 0.5 s always times out
    r = run("describe", "4,4,4", "2,2,1", "--json", "--fields", "degree", "--timeout", "0.5")
    assert r.returncode == 3
    assert "timed out after 0.5 s" in r.stderr and "Traceback" not in r.stderr


def test_console_script_and_module_agree():
    import shutil
    exe = shutil.which("lcnalg") or str(__import__("pathlib").Path(sys.executable).parent / "lcnalg")
    a = subprocess.run([exe, "describe", "2,2", "2,1", "--json", "--fields", "degree"],
                       capture_output=True, text=True, timeout=120)
    b = run("describe", "2,2", "2,1", "--json", "--fields", "degree")
    ja, jb = json.loads(a.stdout), json.loads(b.stdout)
    for j in (ja, jb):  # timings differ
        j.pop("seconds")
        for section in j["sections"].values():
            section.pop("seconds")
    assert ja == jb


def test_describe_everything_with_a_timeout():
    """All fields, through the forked time limits: values against the theorems."""
    r = run("describe", "3,2", "2,1", "--json", "--timeout", "120")
    assert r.returncode == 0, r.stderr[-1500:]
    out = json.loads(r.stdout)
    assert CONTRACT_KEYS | {"singular_locus", "zariski_closed", "witness", "ged_degree",
                            "critical_points"} <= set(out)
    assert out["ged_degree"] == 10                                   # gEDdeg(P^2 x P^1)
    assert out["critical_points"]["complex"] == out["ged_degree"]    # Shahverdi's theorem
    assert out["zariski_closed"] is False                            # MATH.md §4
    assert [d["d_prime"] for d in out["singular_locus"]["components"]] == [[0, 2]]  # MATH.md §5
    assert out["degree_check"]["agrees"]
    # deg mu by two methods (hyperroots, exact; fibre count mod p): both 1 here (MATH.md §8)
    assert out["degree_check"]["deg_mu"] == out["degree_check"]["deg_mu_modular"] == 1
    assert out["degree_check"]["deg_mu_methods_agree"] is True
    assert isinstance(out["singular_locus"]["agrees_with_theorem"], bool)


@pytest.mark.parametrize("k,s", [((2, 2), (1, 1)), ((3, 2), (2, 1)), ((2, 2, 2), (1, 1, 1)),
                                 ((3, 3), (1, 1)), ((2, 3), (2, 1)), ((2, 2, 2), (2, 1, 1))])
def test_deg_mu_hyperroots_vs_modular(k, s):
    """The two deg mu methods agree, and deg V * deg mu is the multinomial (MATH.md §2)."""
    from lcnalg.geometry.hyperroots import fibre_degree as exact
    from lcnalg.training.critical import fibre_degree as modular
    from lcnalg.geometry.neurovariety import Neurovariety
    A = Architecture(k, s)
    assert exact(A, seed=3) == modular(A, seed=3)
    assert Neurovariety(A).degree("sage") * exact(A, seed=3) == A.multinomial


def test_no_silent_null_in_the_singular_locus():
    from lcnalg.describe import describe
    for k, s in [((3, 2), (2, 1)), ((2, 1, 2), (1, 1, 1)), ((2, 2), (1, 1))]:
        sl = describe(Architecture(k, s), fields=["singular_locus"], timeout=60)["singular_locus"]
        a = sl["agrees_with_theorem"]
        assert isinstance(a, bool) or (isinstance(a, str) and a.startswith("not checked: ")), (k, s, a)


def test_budget_stops_cleanly_with_what_finished():
    """--budget: exit 0, the finished keys, ``incomplete`` lists exactly the rest."""
    r = run("describe", "4,4,4", "2,2,1", "--json", "--budget", "4", "--fields", "ged_degree,degree,ideal")
    assert r.returncode == 0, r.stderr[-1500:]
    out = json.loads(r.stdout)
    from lcnalg.training.eddegree import ged_degree
    assert out["ged_degree"] == ged_degree((4, 4, 4))  # the formula, tested in test_eddegree
    assert out["incomplete"] == ["degree", "ideal"] and "degree" not in out
    assert "budget of 4 s used up" in r.stderr and "Traceback" not in r.stderr


def test_progress_from_the_first_second():
    """On a large architecture the computation running is named on stderr at once, before
    any result (plain lines when stderr is not a terminal)."""
    p = subprocess.Popen([sys.executable, "-m", "lcnalg", "describe", "4,4,4", "2,2,1", "--budget", "6",
                          "--fields", "ged_degree,degree"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    start = time.monotonic()
    try:
        first = p.stderr.readline()
        elapsed = time.monotonic() - start
        second = p.stderr.readline()
    finally:
        out, err = p.communicate(timeout=120)
    assert first.startswith("lcnalg: describing k=(4,4,4) s=(2,2,1)"), first
    assert elapsed < 3, f"first progress line after {elapsed:.1f} s"  # python + argparse: ~0.3 s
    assert second == "lcnalg: loading the engines ...\n"
    assert "lcnalg: vanishing ideal I(V) ..." in err and "\r" not in err
    assert p.returncode == 0 and "incomplete (budget used up): degree" in out


def test_text_sections_are_printed_as_they_finish():
    events = []
    from lcnalg.describe import describe
    describe(Architecture((3, 2), (2, 1)), fields=["ged_degree", "degree"],
             report=lambda ev, group, result, secs: events.append((ev, group, "ged_degree" in result)))
    assert [(e, g) for e, g, _ in events] == [("start", "setup"), ("done", "setup"), ("start", "ged_degree"),
                                              ("done", "ged_degree"), ("start", "neurovariety"),
                                              ("done", "neurovariety")]
    assert events[3][2] is True and events[2][2] is False


@pytest.mark.parametrize("flag", ["--timeout", "--budget"])
@pytest.mark.parametrize("value", ["0", "-3", "nan"])
def test_limits_must_be_positive(flag, value, capsys):
    assert main(["describe", "3,2", "2,1", flag, value]) == 2
    err = capsys.readouterr().err
    assert flag in err and len(err.strip().splitlines()) == 1
