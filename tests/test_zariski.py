"""Zariski-closedness against theorems (MATH.md §3-4), worked examples and second methods."""
import itertools
import json

import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.function_space import FunctionSpace
from lcnalg.geometry.zariski import _search, zariski_closed

_sage.init()
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing  # noqa: E402
from sage.rings.rational_field import QQ  # noqa: E402


def cubic(P):
    """MATH.md §4: V_{(3,2),(2,1)} = {A D^2 + B^2 E - B C D = 0}."""
    A, B, C, D, E = P
    return A * D ** 2 + B ** 2 * E - B * C * D


def real_root_count(coeffs):
    """Real roots of the binary form in P^1, with multiplicity (oo counts)."""
    from sage.rings.qqbar import AA
    p = PolynomialRing(QQ, "t")(coeffs)
    return sum(m for _, m in p.roots(AA)) + len(coeffs) - 1 - p.degree()


def test_3_2_not_closed():
    r = zariski_closed(Architecture((3, 2), (2, 1)))
    assert r.closed is False and r.certified
    A, B, C, D, E = [QQ(c) for c in r.witness]
    assert cubic([A, B, C, D, E]) == 0          # on V
    assert C ** 2 - 4 * A * E < 0               # outside M = V ∩ {C^2 >= 4AE}
    assert r.checks["generators_vanish"] is True


def test_2_2_2_not_closed_via_reduction():
    r = zariski_closed(Architecture((2, 2, 2), (1, 2, 1)))
    assert r.closed is False and "reduced" in r.method
    A, B, C, D, E = [QQ(c) for c in r.witness]
    assert cubic([A, B, C, D, E]) == 0 and C ** 2 - 4 * A * E < 0


def test_2_2_stride_one_not_closed():
    r = zariski_closed(Architecture((2, 2)))
    assert r.closed is False and r.certified
    c0, c1, c2 = [QQ(c) for c in r.witness]
    assert c1 ** 2 - 4 * c0 * c2 < 0            # no real roots: not a product of real linears


def test_2_3_stride_one_closed():
    r = zariski_closed(Architecture((2, 3)))
    assert r.closed is True and r.certified and r.witness is None


def test_2_2_stride_2_closed():
    r = zariski_closed(Architecture((2, 2), (2, 1)))
    assert r.closed is True and r.certified and "non-overlapping" in r.method


@pytest.mark.parametrize("k", [k for L in (1, 2, 3) for k in itertools.product((1, 2, 3, 4), repeat=L)])
def test_stride_one_theorem(k):
    A = Architecture(k)
    odd = sum((ki - 1) % 2 for ki in k)
    r = zariski_closed(A, verify_ideal=False)
    assert r.closed == (odd <= 1)
    if not r.closed:
        # a real form factors into real factors of degrees d_i iff it has >= #odd real roots
        assert real_root_count([QQ(c) for c in r.witness]) < odd


NON_OVERLAPPING = [((2, 2), (2, 1)), ((2, 3), (2, 1)), ((3, 3), (3, 1)), ((2, 2, 2), (2, 2, 1)),
                   ((3, 2, 3), (3, 2, 1)), ((2, 4), (3, 1)), ((3, 3, 2), (3, 3, 1))]


@pytest.mark.parametrize("k,s", NON_OVERLAPPING)
def test_non_overlapping_closed_and_search_agrees(k, s):
    A = Architecture(k, s)
    assert A.non_overlapping
    r = zariski_closed(A)
    assert r.closed is True and r.certified
    # second method: the witness search finds nothing where the Segre argument says closed
    assert _search(A, seed=0, max_candidates=150).closed is None


def test_non_reduced_cases():
    # red (2,2),(2,1) closed, block (1,2) filling: M = M_red closed
    r = zariski_closed(Architecture((1, 2, 2), (1, 2, 1)))
    assert r.closed is True and r.certified
    # red (3,2),(3,1) closed (non-overlapping), but block (2,2) not filling
    A = Architecture((2, 2, 2), (1, 3, 1))
    r = zariski_closed(A)
    assert r.closed is False
    assert FunctionSpace(A.reduced()).contains(r.witness).member   # in M_red, not in M


REDUCED = [((3, 2), (2, 1)), ((4, 2), (3, 1)), ((3, 4), (2, 1)), ((4, 4), (3, 1)), ((3, 2, 2), (2, 2, 1)),
           ((2, 3, 2), (2, 2, 1)), ((3, 3, 2), (2, 3, 1)), ((4, 2, 2), (2, 2, 1))]


@pytest.mark.parametrize("k,s", REDUCED)
def test_witnesses_on_reduced(k, s):
    A = Architecture(k, s)
    r = zariski_closed(A, timeout=30)
    assert r.closed is False and r.certified
    assert r.checks["generators_vanish"] is True
    # second path: the float membership test (numpy roots, tolerance) agrees
    floats = [float(c) for c in r.witness]
    M = FunctionSpace(A)
    assert M.in_variety(floats) and not M.contains(floats).member


def test_seeds_give_valid_witnesses():
    A = Architecture((3, 2), (2, 1))
    for seed in range(3):
        w = [QQ(c) for c in zariski_closed(A, seed=seed, verify_ideal=False).witness]
        assert cubic(w) == 0 and w[2] ** 2 - 4 * w[0] * w[4] < 0


def test_undecided_is_reported():
    r = zariski_closed(Architecture((3, 3), (2, 1)), verify_ideal=False)
    assert r.closed is None and not r.certified and r.witness is None
    assert "undecided" in r.reason and r.candidates > 0


def test_to_dict_json():
    d = zariski_closed(Architecture((3, 2), (2, 1))).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["zariski_closed"] is False and d["witness"] == ["1", "0", "0", "0", "1"]
    assert {"method", "certified", "reason"} <= set(d)
    d = zariski_closed(Architecture((2, 3))).to_dict()
    assert d["zariski_closed"] is True and d["witness"] is None


def test_bad_input():
    with pytest.raises(ValueError):
        zariski_closed((3, 2))
