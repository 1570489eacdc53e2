"""Zariski-closedness: the criterion of MATH.md §4.2 against theorems (§3-4), worked examples,
exactly verified witnesses, and falsification runs decided by exact membership."""
import itertools
import json

import numpy as np
import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.function_space import FunctionSpace
from lcnalg.geometry.zariski import criterion, falsify, random_point_of_V, witness, zariski_closed
from lcnalg.tables.catalogue import grid

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
    r = zariski_closed(Architecture((3, 2), (2, 1)), verify_ideal=True)
    assert r.closed is False and r.certified
    A, B, C, D, E = [QQ(c) for c in r.witness]
    assert cubic([A, B, C, D, E]) == 0          # on V
    assert C ** 2 - 4 * A * E < 0               # outside M = V ∩ {C^2 >= 4AE}
    assert r.checks["generators_vanish"] is True


def test_2_2_2_not_closed_via_block():
    r = zariski_closed(Architecture((2, 2, 2), (1, 2, 1)))
    assert r.closed is False and "block" in r.method
    A, B, C, D, E = [QQ(c) for c in r.witness]
    assert cubic([A, B, C, D, E]) == 0
    # in M_red (the reduced architecture's M), not in M
    assert FunctionSpace(Architecture((3, 2), (2, 1))).contains(r.witness).member


def test_2_4_3_closed_although_d2_odd():
    # MATH.md §4.2: d_2 = 3 odd, but the lower layer (length d_1 S_1 = 1) is shorter than S_2 = 2
    for s in [(2, 2, 1), (2, 3, 1), (3, 2, 1), (3, 3, 1)]:
        r = zariski_closed(Architecture((2, 4, 3), s), points=40)
        assert r.closed is True and r.certification == "certified" and r.certified
        assert r.falsification["outside_M"] == 0 and r.falsification["points"] == 40
        # the theorem's hypotheses, recomputed here: d_1 S_1 = 1 < S_2 = s_1 for the odd d_2
        [odd] = r.checks["hypotheses"]["odd_layers"]
        assert (odd["d"], odd["lower_length"], odd["S"], odd["holds"]) == (3, 1, s[0], True)
        assert "[theorem, proved there]" in r.reason and "independent check" in r.reason


@pytest.mark.parametrize("k,s", [((3, 2), (2, 1)), ((2, 2, 2), (1, 2, 1)), ((3, 4), (2, 1)),
                                 ((2, 3, 2), (2, 2, 1))])
def test_closed_label_refused_when_a_hypothesis_fails(k, s):
    """Where a hypothesis fails the answer is "not closed" with an exactly verified witness
    (a real point of V outside M, checked here by the exact test), never a certified "closed"."""
    from lcnalg.geometry.zariski import closed_hypotheses
    arch = Architecture(k, s)
    h = closed_hypotheses(arch)
    assert not h["all_hold"]
    r = zariski_closed(arch, verify_ideal=False)
    assert r.closed is False and r.witness is not None
    M = FunctionSpace(arch)
    assert M.in_variety(r.witness) and not M.contains(r.witness).member


@pytest.mark.parametrize("k", [k for L in (1, 2, 3) for k in itertools.product((2, 3, 4), repeat=L)])
def test_stride_one_theorem(k):
    A = Architecture(k)
    odd = sum((ki - 1) % 2 for ki in k)
    r = zariski_closed(A, points=10)
    assert r.closed == (odd <= 1)
    if not r.closed:
        # a real form factors into real factors of degrees d_i iff it has >= #odd real roots
        assert real_root_count([QQ(c) for c in r.witness]) < odd


def test_two_layers_rule():
    # MATH.md §4.2 consequence: two layers closed iff d_2 even or k_1 <= s_1
    for A in [A for A in grid(2, range(2, 6), range(2, 5)) if A.L == 2]:
        assert criterion(A)[0] == (A.d[1] % 2 == 0 or A.k[0] <= A.s[0]), A


def test_consequences_nonoverlapping_and_even():
    for A in grid(3, range(2, 5), range(2, 4)):
        if A.non_overlapping or all(di % 2 == 0 for di in A.d[1:]):
            assert criterion(A)[0], A


NOT_CLOSED = [((3, 2), (2, 1)), ((4, 2), (3, 1)), ((3, 4), (2, 1)), ((4, 4), (3, 1)),
              ((3, 2, 2), (2, 2, 1)), ((2, 3, 2), (2, 2, 1)), ((3, 3, 2), (2, 3, 1)),
              ((4, 2, 2), (2, 2, 1)), ((2, 2, 2), (1, 3, 1)), ((3, 2, 2, 2), (2, 2, 2, 1)),
              ((5, 4, 3, 2), (3, 2, 2, 1))]


@pytest.mark.parametrize("k,s", NOT_CLOSED)
def test_witnesses_second_methods(k, s):
    A = Architecture(k, s)
    r = zariski_closed(A)
    assert r.closed is False and r.certified
    assert r.checks["complex_factorization"] and r.checks["in_V_by_recursion"]
    M = FunctionSpace(A)
    if A.n <= 20:  # second exact method: the hyperroot enumeration
        e = M.contains(r.witness, method="enumeration")
        assert e.in_variety and not e.member
    floats = [float(c) for c in r.witness]   # third: floats (numpy roots, tolerance)
    if A.n <= 12:
        assert M.in_variety(floats) and not M.contains(floats).member


@pytest.mark.parametrize("k,s", [((3, 2), (2, 1)), ((3, 3, 2), (2, 3, 1)), ((2, 2, 2), (1, 3, 1))])
def test_witness_generators_vanish(k, s):
    r = zariski_closed(Architecture(k, s), verify_ideal=True, timeout=60)
    assert r.checks["generators_vanish"] is True


def test_random_points_lie_on_V():
    # the generators of I(V) vanish at the sampler's points (second method for "in V")
    from lcnalg.geometry.neurovariety import Neurovariety
    for k, s in [((3, 2), (2, 1)), ((3, 3), (2, 1)), ((2, 2, 2), (2, 2, 1))]:
        A = Architecture(k, s)
        gens = list(Neurovariety(A).ideal("sage").gens())
        rng = np.random.default_rng(3)
        for _ in range(30):
            P, _ = random_point_of_V(A, rng)
            assert all(g(P) == 0 for g in gens), (A, P)


def test_falsification_finds_points_outside_M_when_not_closed():
    # the falsification sampler is able to see non-closedness (it is not vacuous)
    for k, s in [((3, 2), (2, 1)), ((3, 3, 2), (2, 3, 1)), ((4, 4), (3, 1))]:
        A = Architecture(k, s)
        M = FunctionSpace(A)
        rng = np.random.default_rng(0)
        outside = sum(not M.contains(random_point_of_V(A, rng)[0], filters=False).member
                      for _ in range(150))
        assert outside > 0, A


def test_falsification_closed_grid():
    # every closed architecture with L <= 3, k_i <= 4, strides <= 3: no point outside M
    count = 0
    for A in grid(3, range(2, 5), range(1, 4)):
        if criterion(A)[0]:
            assert falsify(A, points=8, seed=1)["outside_M"] == 0
            count += 1
    assert count > 50


@pytest.mark.slow
def test_falsification_closed_grid_many():
    for A in grid(4, range(2, 5), range(1, 4)):
        if criterion(A)[0]:
            falsify(A, points=40, seed=2)


def test_witness_rejected_when_closed():
    with pytest.raises(ValueError, match="closed"):
        witness(Architecture((2, 4, 3), (2, 2, 1)))


def test_to_dict_json():
    d = zariski_closed(Architecture((3, 2), (2, 1))).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["zariski_closed"] is False and len(d["witness"]) == 5
    assert {"method", "certified", "reason", "certification"} <= set(d)
    d = zariski_closed(Architecture((2, 3)), points=5).to_dict()
    assert d["zariski_closed"] is True and d["witness"] is None and d["falsification"]["points"] == 5


def test_bad_input():
    with pytest.raises(TypeError):
        zariski_closed((3, 2))


def test_atlas_table_on_a_small_list(tmp_path):
    # the closedness_atlas spec through the runner/cache/formats machinery
    from lcnalg.tables.make import run_tables
    archs = [a for a in grid(3, range(2, 4), range(1, 3))][:40]
    r = run_tables(catalogue=archs, only="closedness_atlas", out=tmp_path, jobs=1, progress=False,
                   figures=False)["closedness_atlas"]
    rows = r["rows"]
    assert len(rows) == 40 and all(row["status"] == "ok" for row in rows)
    for row in rows:
        A = Architecture(row["k"], row["s"])
        assert row["closed"] == ("yes" if criterion(A)[0] else "no")
        assert (row["witness"] is not None) == (row["closed"] == "no")
        assert (row["falsification"] or 0) > 0 or row["closed"] == "no"
    assert {p.suffix for p in tmp_path.glob("closedness_atlas.*")} == {".csv", ".md", ".tex", ".json"}


def test_sampler_sees_non_closedness_on_a_grid():
    # second method for "not closed": random real points of V find a point outside M for
    # nearly every not-closed architecture (so a clean falsification run means something)
    archs = [A for A in grid(3, range(2, 5), range(1, 4)) if not criterion(A)[0]]
    hits = 0
    for A in archs:
        M = FunctionSpace(A)
        rng = np.random.default_rng(0)
        hits += any(not M.contains(random_point_of_V(A, rng)[0], filters=False).member
                    for _ in range(12))
    assert len(archs) > 150 and hits >= 0.85 * len(archs)
