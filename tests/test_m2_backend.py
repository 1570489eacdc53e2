"""The Macaulay2 backend against MATH.md §8 and against Sage/Singular (a second engine)."""
import math
import os
import shutil

import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit import m2
from lcnalg.geometry.parameterization import coordinate_ring, parameterization_map

HAVE_M2 = shutil.which("M2") is not None or "LCNALG_M2" in os.environ
pytestmark = [pytest.mark.m2, pytest.mark.skipif(not HAVE_M2, reason="Macaulay2 not installed")]

# MATH.md §8: (k, s, n, codim, degree, {degree of minimal generators: how many})
WORKED = [
    ((3, 2), (2, 1), 5, 1, 3, {"3": 1}),
    ((2, 2, 2), (1, 2, 1), 5, 1, 3, {"3": 1}),
    ((2, 2), (2, 1), 4, 1, 2, {"2": 1}),
    ((3, 3), (2, 1), 7, 2, 6, {"3": 4}),
    ((2, 2, 2), (2, 2, 1), 8, 4, 6, {"2": 9}),
    ((3, 3), (3, 1), 9, 4, 6, {"2": 9}),
    ((2, 2), (1, 1), 3, 0, 1, {}),
]


def ideal(arch, gens):
    R = coordinate_ring(arch)
    return R.ideal(gens if gens else [R.zero()])


@pytest.mark.parametrize("k, s, n, codim, degree, gen_degrees", WORKED)
def test_worked_cases(k, s, n, codim, degree, gen_degrees):
    arch = Architecture(k, s)
    inv = m2.invariants(arch)
    assert arch.n == n
    assert (inv["codim"], inv["degree"], inv["generator_degrees"]) == (codim, degree, gen_degrees)
    assert inv["dim"] == arch.dim == n - codim  # dim M = 1 + sum d_i [theorem]
    gens = m2.vanishing_ideal(arch)
    assert sorted(g.degree() for g in gens) == sorted(int(e) for e, m in gen_degrees.items()
                                                      for _ in range(m))


@pytest.mark.parametrize("k, s", [((3, 2), (2, 1)), ((2, 2, 2), (1, 2, 1))])
def test_the_cubic(k, s):
    """MATH.md §4: V = {A D^2 + B^2 E - B C D = 0}, A..E = c_0..c_4."""
    arch = Architecture(k, s)
    A, B, C, D, E = coordinate_ring(arch).gens()
    assert ideal(arch, m2.vanishing_ideal(arch)) == ideal(arch, [A * D**2 + B**2 * E - B * C * D])


def test_segre_quadric():
    arch = Architecture((2, 2), (2, 1))
    c0, c1, c2, c3 = coordinate_ring(arch).gens()
    assert ideal(arch, m2.vanishing_ideal(arch)) == ideal(arch, [c0 * c3 - c1 * c2])


def test_thick_does_not_call_m2(monkeypatch):
    def no_m2(*a, **kw):
        raise AssertionError("M2 must not run for a thick architecture")
    monkeypatch.setattr(m2, "run_script", no_m2)
    arch = Architecture((2, 3, 2), (1, 1, 1))
    assert arch.thick
    assert m2.vanishing_ideal(arch) == []
    inv = m2.invariants(arch)
    assert (inv["dim"], inv["codim"], inv["degree"]) == (arch.n, 0, 1)
    # V = C^n: the Hilbert function of QQ[c_0..c_{n-1}] is binomial(i + n - 1, n - 1)
    assert [inv["hilbert_polynomial"](i) for i in range(6)] == [math.comb(i + arch.n - 1, arch.n - 1)
                                                                for i in range(6)]


# A dozen architectures: reduced and not, strides > k and < k, a size-1 layer, thick ones.
COMPARE = [
    ((2, 2), (2, 1)), ((3, 2), (2, 1)), ((2, 3), (2, 1)), ((2, 2, 2), (1, 2, 1)),
    ((2, 2, 2), (2, 2, 1)), ((3, 3), (2, 1)), ((2, 2), (3, 1)), ((4, 2), (2, 1)),
    ((2, 4), (2, 1)), ((2, 2, 2), (2, 1, 1)), ((3, 1, 2), (2, 2, 1)), ((2, 3), (3, 1)),
    ((4, 2), (3, 1)), ((2, 2, 2), (3, 2, 1)), ((3, 2), (1, 2)), ((2, 2), (1, 1)),
]


@pytest.mark.parametrize("k, s", COMPARE)
def test_agrees_with_sage(k, s):
    arch = Architecture(k, s)
    I_sage = parameterization_map(arch).kernel()
    I_m2 = ideal(arch, m2.vanishing_ideal(arch))
    assert I_m2 == I_sage
    if arch.thick:
        return
    inv = m2.invariants(arch)
    assert inv["dim"] == arch.dim == I_sage.dimension()
    assert arch.multinomial % inv["degree"] == 0  # deg V * deg mu = multinomial [theorem]
    # Hilbert data against Singular's
    _sage.init()
    assert inv["hilbert_polynomial"].list() == I_sage.hilbert_polynomial().list()
    series = I_sage.hilbert_series()
    t = series.parent().gen()
    assert series * (1 - t) ** inv["dim"] == sum(h * t**e for e, h in enumerate(inv["hilbert_numerator"]))
    assert sum(inv["hilbert_numerator"]) == inv["degree"]


def test_cached_and_copied():
    arch = Architecture((3, 2), (2, 1))
    a = m2.neurovariety_data(arch)
    a["mingens"].append("junk")
    assert m2.neurovariety_data(arch)["mingens"] != a["mingens"]


@pytest.mark.slow
@pytest.mark.parametrize("k, s", [((4, 4), (2, 1)), ((2, 2, 2, 2), (2, 2, 2, 1)), ((5, 3), (2, 1)),
                                  ((4, 3), (3, 1))])
def test_agrees_with_sage_larger(k, s):
    test_agrees_with_sage(k, s)


@pytest.mark.slow
def test_three_layers_of_size_three():
    """n = 15: a few seconds in M2 (Sage's kernel takes about a minute here)."""
    arch = Architecture((3, 3, 3), (2, 2, 1))
    inv = m2.invariants(arch)
    assert (inv["dim"], inv["codim"]) == (arch.dim, arch.n - arch.dim) == (7, 8)
    assert arch.multinomial % inv["degree"] == 0  # deg V * deg mu = 6!/(2!2!2!) [theorem]
    assert sum(inv["hilbert_numerator"]) == inv["degree"]
