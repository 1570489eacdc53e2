"""Numerical monodromy counts of the critical points (MATH.md §6) against the theorem
(gEDdeg, lcnalg.training.eddegree) and the msolve count over GF(p), under time limits,
leaving no M2 behind."""
import shutil

import pytest

from lcnalg.errors import EngineTimeout
from lcnalg.geometry.architecture import Architecture
from lcnalg.training.critical import count_complex
from lcnalg.training.eddegree import ged_degree
from lcnalg.training.monodromy import monodromy_count

from tests.test_procs import Watch

pytestmark = [pytest.mark.m2, pytest.mark.skipif(shutil.which("M2") is None, reason="no Macaulay2")]


@pytest.mark.parametrize("k,s", [((3, 2), (2, 1)), ((2, 2), (2, 1)), ((2, 2, 2), (2, 2, 1))])
def test_count_is_ged_degree_and_msolve(k, s):
    arch = Architecture(k, s)
    with Watch():
        r = monodromy_count(arch, seed=1, timeout=300)
    assert r["count"] == ged_degree(k)
    assert r["count"] == count_complex(arch, seed=1, timeout=300).complex
    assert r["label"] == "probabilistic (seed 1)"


def test_confirmed_by_msolve():
    r = monodromy_count(Architecture((2, 2), (2, 1)), seed=2, timeout=300, confirm=True)
    assert r["msolve"] == 6 and r["confirmed_by"].startswith("msolve count over GF(")


def test_timeout_kills_m2():
    with Watch() as w, pytest.raises(EngineTimeout, match="monodromy"):
        monodromy_count(Architecture((2, 3, 3), (2, 2, 1)), seed=0, timeout=2)
    assert any(n.startswith("M2") for n in w.names), sorted(w.names)


def test_bad_input():
    with pytest.raises(ValueError, match="Architecture"):
        monodromy_count((2, 2))
    with pytest.raises(ValueError, match="seed"):
        monodromy_count(Architecture((2, 2), (2, 1)), seed=-1)


def test_reducible_incidence_undercounts_and_is_not_confirmed():
    """Stride one, (2,2),(1,1): monodromy stays on the component of the fibre of mu (deg mu
    = 2 points, fibre_degree), msolve counts all gEDdeg = 6; confirm must say so."""
    from lcnalg.training.critical import fibre_degree
    arch = Architecture((2, 2), (1, 1))
    r = monodromy_count(arch, seed=0, timeout=300, confirm=True)
    assert r["count"] == fibre_degree(arch) == 2
    assert r["msolve"] == ged_degree((2, 2)) == 6 and r["confirmed_by"] is None
