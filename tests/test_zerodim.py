"""Zero-dimensional counts: msolve's binary against Singular's vdim and Sage's quotient (three
methods), on worked systems and on the critical equations; exact real counts vs known roots;
the gEDdeg theorem for three layers (complex == gEDdeg at 1226)."""
import numpy as np
import pytest

from lcnalg import _sage
from lcnalg.errors import EngineError
from lcnalg.geometry.architecture import Architecture as A
from lcnalg.training.critical import COUNT_METHODS, count_complex, real_critical_points
from lcnalg.training.eddegree import ged_degree
from lcnalg.zerodim import msolve_count, quotient_counts, staircase


def _ring(p=101, names="x,y"):
    _sage.init()
    from sage.rings.finite_rings.finite_field_constructor import GF
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    return PolynomialRing(GF(p), names, order="degrevlex")


def test_worked_systems():
    R = _ring()
    x, y = R.gens()
    # (dim with multiplicity, distinct points) known by hand
    cases = [([x ** 2 - 1, y ** 2 - x], 4, 4), ([x ** 2 - 1, y ** 2], 4, 2),
             ([x ** 2 - 1, (y - x) ** 2 * (y + x)], 6, 4), ([x - 1, x - 2], 0, 0),
             ([x ** 3 - 2, y - x ** 2], 3, 3)]
    for polys, dim, distinct in cases:
        c = msolve_count(polys)
        assert (c["dimension"], c["distinct"]) == (dim, distinct), polys
        assert c["radical_proved"] == (dim == distinct)
        assert msolve_count(polys, distinct=False)["dimension"] == dim
        assert quotient_counts(R.ideal(polys), [x + 7 * y])[0] == dim
    with pytest.raises(EngineError, match="not zero-dimensional"):
        msolve_count([x * y])


def test_staircase():
    assert staircase([(2, 0), (0, 3)], 2) == [(i, j) for i in range(2) for j in range(3)]
    assert staircase([(0, 0)], 2) == []


@pytest.mark.parametrize("arch", [A((2, 2), (2, 1)), A((2, 2), (1, 1)), A((3, 2), (2, 1)),
                                  A((2, 2, 2), (2, 2, 1)), A((2, 3), (3, 2))])
def test_three_methods_agree_with_the_theorem(arch):
    for seed in (0, 3):
        counts = {m: count_complex(arch, seed=seed, method=m).complex for m in COUNT_METHODS}
        assert set(counts.values()) == {ged_degree(arch.k)}, (arch, seed, counts)


def test_bad_method():
    with pytest.raises(ValueError, match="unknown method"):
        count_complex(A((2, 2), (2, 1)), method="magic")


def test_real_certified_complete():
    # msolve's boxes: certified complete when the exact real count over QQ equals the number
    # of Krawczyk boxes; the homotopy: by gEDdeg certified boxes, and the exact count agrees
    for method in ("msolve", "homotopy"):
        for arch in (A((2, 2), (2, 1)), A((2, 3), (2, 1)), A((2, 2), (1, 1))):
            r = real_critical_points(arch, seed=1, method=method)
            assert r.certified and r.exact_real == len(r.points) and r.detail is None
            assert all(p.certified for p in r.points)
    r = real_critical_points(A((2, 2), (2, 1)), seed=1, certify=False, method="msolve")
    assert not r.certified and "not attempted" in r.detail and r.certification == "checked"
    r = real_critical_points(A((2, 2), (2, 1)), seed=1, certify=False)   # no exact count needed
    assert r.certified and r.exact_real is None


@pytest.mark.slow
def test_three_layers_at_scale():
    arch = A((2, 3, 4), (2, 2, 1))
    r = count_complex(arch, seed=1, timeout=300)
    assert r.complex == ged_degree(arch.k) == 1226


def test_hessian_signature_proved_and_agrees_with_numerics():
    for arch in (A((2, 2), (2, 1)), A((2, 2), (1, 1)), A((3, 2), (2, 1))):
        r = real_critical_points(arch, seed=0, certify=False)
        for p in r.points:
            assert p.hessian_certified
            # the numerical eigenvalues (256 bits) give the same kind
            ev = p.eigenvalues
            kind = "minimum" if min(ev) > 0 else "maximum" if max(ev) < 0 else "saddle"
            assert p.hessian == kind
