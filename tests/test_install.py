"""A real install: the wheel carries the Macaulay2 scripts, and the installed package (not
the checkout) answers ``lcnalg describe`` and the M2 backend from a directory outside the
checkout.  The fresh virtual environment sees the test environment's site-packages through
a ``.pth`` line (no download; ``.pth`` files there, e.g. the editable install, are not read)."""
import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAVE_M2 = shutil.which("M2") is not None


def _run(cmd, cwd, timeout=300):
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}"
    return out.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"  # a copy: an in-tree build would leave build/ in the checkout
    src.mkdir()
    for name in ("setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "lcnalg", src / "lcnalg", ignore=shutil.ignore_patterns("__pycache__"))
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "-w", str(tmp / "dist"), str(src)], tmp)
    wheel = next((tmp / "dist").glob("lcnalg-*.whl"))
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp)
    py = venv / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).strip())
    (site / "lcnalg-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps",
          "--no-index", str(wheel)], tmp)
    work = tmp / "elsewhere"
    work.mkdir()
    return {"wheel": wheel, "py": py, "lcnalg": venv / "bin" / "lcnalg", "cwd": work, "site": site}


def test_wheel_ships_every_m2_script(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    scripts = sorted(p.name for p in (ROOT / "lcnalg" / "m2scripts").glob("*.m2"))
    assert scripts and all(f"lcnalg/m2scripts/{s}" in names for s in scripts), (scripts, sorted(names))
    assert not list(ROOT.glob("*.m2")) and not (ROOT / "m2scripts").exists(), \
        "Macaulay2 scripts outside the package are not installed: move them to lcnalg/m2scripts/"
    assert not any(n.startswith("tests/") for n in names)


def test_installed_package_describes_from_elsewhere(installed):
    where = _run([str(installed["py"]), "-c", "import lcnalg; print(lcnalg.__file__)"], installed["cwd"])
    assert where.startswith(str(installed["site"])), where
    r = json.loads(_run([str(installed["lcnalg"]), "describe", "3,2", "2,1", "--json"], installed["cwd"]))
    # MATH.md §2: n = 1 + (3-1) + (2-1)*2 = 5, a hypersurface (dim 4) of degree 3
    assert (r["n"], r["dim"], r["codim"], r["degree"], r["generator_degrees"]) == (5, 4, 1, 3, {"3": 1})


@pytest.mark.m2
@pytest.mark.skipif(not HAVE_M2, reason="Macaulay2 not installed")
def test_installed_m2_backend(installed):
    code = ("from lcnalg.macaulay2 import scripts_dir; import lcnalg; "
            "print(scripts_dir()); print(lcnalg.__file__)")
    scripts, _ = _run([str(installed["py"]), "-c", code], installed["cwd"]).split()
    assert scripts.startswith(str(installed["site"])), scripts
    cmd = [str(installed["lcnalg"]), "describe", "3,2", "2,1", "--json", "--backend", "m2",
           "--fields", "degree,ideal"]
    r = json.loads(_run(cmd, installed["cwd"]))
    assert r["backend"] == "m2" and r["degree"] == 3 and len(r["ideal"]) == 1


BLOCKER = """
import importlib.abc, sys
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in {"matplotlib", "dask", "distributed", "nbclient", "nbformat",
                                  "pytest", "hypothesis"}:
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Blocker())
"""


def test_runs_without_optional_extras(tmp_path):
    """``import lcnalg``, ``describe`` and a table run work without the optional extras (and
    without pytest); features that need one name it."""
    code = BLOCKER + """
import json, lcnalg
from lcnalg.cli import main
assert main(["describe", "3,2", "2,1", "--json", "--fields", "degree"]) == 0
from lcnalg.tables.runner import Task, run
from lcnalg.tables.cache import Cache, EntryKey
from lcnalg.errors import MissingExtra
task = Task(EntryKey(lcnalg.Architecture((2,), (1,)), "t", "x"), repr)
try:
    run([task], Cache(sys.argv[1]), dask_scheduler="tcp://nowhere:1", progress=False)
except MissingExtra as e:
    print("MISSING", e)
from lcnalg.tables.figures import make_figures
assert make_figures(sys.argv[1]) == []
"""
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert json.loads(out.stdout.splitlines()[0])["degree"] == 3
    assert "MISSING --dask-scheduler needs dask.distributed: pip install 'lcnalg[dask]'" in out.stdout
    assert "pip install 'lcnalg[figures]'" in out.stderr
