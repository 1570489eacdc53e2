"""lcnalg inside a full Sage session (``.venv/bin/sage -c``; needs the [sage] extra:
``make test-sage``).  Results must be ordinary Sage objects."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sage_session

SAGE = Path(sys.executable).parent / "sage"

SCRIPT = r"""
import json
from lcnalg import *
A = Architecture((3, 2), (2, 1))
V = Neurovariety(A)
I = V.ideal()
J = jacobian_matrix(A)
R = I.ring()
A_, B_, C_, D_, E_ = R.gens()
out = {
    "ideal_type": type(I).__name__, "ring_type": type(R).__name__, "matrix_type": type(J).__name__,
    "is_sage_ideal": isinstance(I, sage.rings.polynomial.multi_polynomial_ideal.MPolynomialIdeal),
    "is_cubic": I == R.ideal(A_*D_**2 + B_**2*E_ - B_*C_*D_),
    "jacobian_rank": int(J.rank()),
    "sage_version_present": bool(version()),
    "ged": int(ged_degree((2, 2, 2))),
    "closed": zariski_closed(A).closed,
}
print("RESULT" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def session():
    if not SAGE.exists() and not shutil.which("sage"):
        pytest.skip("no sage executable in the environment")
    probe = subprocess.run([sys.executable, "-c", "import sage.all"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("full Sage (sage.all) not installed: run `make test-sage` (the [sage] extra)")
    r = subprocess.run([str(SAGE if SAGE.exists() else shutil.which("sage")), "-c", SCRIPT],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    line = next(l for l in r.stdout.splitlines() if l.startswith("RESULT"))
    return json.loads(line[len("RESULT"):])


def test_star_import_gives_sage_objects(session):
    assert session["is_sage_ideal"] and "Ideal" in session["ideal_type"]
    assert "Polynomial" in session["ring_type"] and "Matrix" in session["matrix_type"]
    assert session["sage_version_present"]


def test_results_in_a_sage_session_match_the_theorems(session):
    assert session["is_cubic"]                 # MATH.md §4
    assert session["jacobian_rank"] == 4       # generic rank = dim = sum k_i - L + 1 (over the fraction field)
    assert session["ged"] == 34                # MATH.md §6
    assert session["closed"] is False          # MATH.md §4: x^4 + y^4
