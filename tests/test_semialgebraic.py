"""The semialgebraic description of M (MATH.md §4.3) against independent truth: the exact
membership test, QEPCAD's quantifier elimination and the inequalities published in KMST."""
import json

import numpy as np
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.function_space import FunctionSpace
from lcnalg.geometry.semialgebraic import (TRUE, compare_with_membership, expand, parse_qepcad,
                                           qe_formula, sample_points, structure_formula)
from lcnalg.geometry.zariski import criterion
from lcnalg.tables.catalogue import catalogue


def _q(x):
    from sage.rings.rational_field import QQ
    return QQ(x)


def _not_closed(name):
    return [a for a in catalogue(name) if not criterion(a)[0]]


def _slice_points(count=400, seed=0):
    """Rational points of V_{(3,2),(2,1)} on the slice A = 1, C = -1: ``D^2 + B D + B^2 E = 0``,
    i.e. ``E = -D (D + B) / B^2`` (and the line ``B = D = 0``)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        if i % 10 == 0:
            B, D, E = _q(0), _q(0), _q(int(rng.integers(-8, 9))) / 8
        else:
            B = _q(int(rng.integers(-12, 13)) or 1) / 4
            D = _q(int(rng.integers(-12, 13))) / 4
            E = -D * (D + B) / B ** 2
        out.append([_q(1), B, _q(-1), D, E])
    return out


def test_kmst_32_21_is_the_published_inequality():
    """KMST: M_{(3,2),(2,1)} = V ∩ {C^2 - 4AE >= 0}; the computed formula agrees with it and with
    exact membership on points of V (both sides of M, and the slice)."""
    A = Architecture((3, 2), (2, 1))
    f, cert, _, _ = structure_formula(A)
    M = FunctionSpace(A)
    pts = sample_points(A, 300) + _slice_points(200)
    outside = 0
    for P in pts:
        seed = P[2] ** 2 - 4 * P[0] * P[4] >= 0
        member = M.contains(P, method="periodic", filters=False).member
        assert f.holds(P) == seed == member, P
        outside += not member
    assert outside > 20 and cert == "certified"


def test_kmst_222_121_slice():
    """KMST Figure 1 (right): on the slice A = 1, C = -1, M_{(2,2,2),(1,2,1)} is V cut by
    C^2 - 4AE >= 0, B^4 - 4AB(BC - AD) >= 0, D^4 - 4DE(CD - BE) >= 0 and (AE <= 0 or AC <= 0)."""
    A = Architecture((2, 2, 2), (1, 2, 1))
    f, _, _, _ = structure_formula(A)
    M = FunctionSpace(A)
    inside = outside = 0
    for P in _slice_points(400, seed=3):
        a, b, c, d, e = P
        seed = (c ** 2 - 4 * a * e >= 0 and b ** 4 - 4 * a * b * (b * c - a * d) >= 0
                and d ** 4 - 4 * d * e * (c * d - b * e) >= 0 and (a * e <= 0 or a * c <= 0))
        member = M.contains(P, method="periodic", filters=False).member
        assert f.holds(P) == member == seed, P
        inside += member
        outside += not member
    assert inside > 50 and outside > 50


def test_closed_is_true():
    for a in [Architecture((2, 2), (2, 1)), Architecture((3, 3), (2, 1)), Architecture((2, 3))]:
        assert criterion(a)[0]
        assert structure_formula(a)[0] is TRUE


@pytest.mark.parametrize("arch", _not_closed("small"), ids=str)
def test_structure_vs_membership_small(arch):
    r = compare_with_membership(arch, structure_formula(arch)[0], 150, seed=1)
    assert r["in_M"] > 0 and r["outside_M"] > 0


@pytest.mark.slow
def test_structure_vs_membership_default_catalogue():
    """Every not-closed default-catalogue architecture (176), 60 points of V each."""
    archs = _not_closed("default")
    assert len(archs) == 176
    expanded = 0
    for a in archs:
        f = structure_formula(a)[0]
        r = compare_with_membership(a, f, 60, seed=2)
        assert r["in_M"] > 0, a
        g = expand(f, a)
        if g is not f:  # the Sturm–Habicht sign conditions, on the same points
            compare_with_membership(a, g, 60, seed=2)
            expanded += 1
    assert expanded > 20


def _check_qe(arch, seconds, split=False):
    r = qe_formula(arch, seconds, split=split)
    assert r.formula is not None, r.error
    M = FunctionSpace(arch)
    rng = np.random.default_rng(5)
    off = [[int(x) for x in rng.integers(-3, 4, size=arch.n)] for _ in range(150)]
    for P in off + sample_points(arch, 150, seed=4):
        assert r.formula.holds(P) == M.contains(P, method="periodic", filters=False).member, P
    f = structure_formula(arch)[0]
    for P in sample_points(arch, 150, seed=6):
        assert f.holds(P) == r.formula.holds(P), P
    return r


@pytest.mark.parametrize("k,s", [((2, 2), (1, 1)), ((3, 2), (2, 1))])
def test_qe_against_membership_and_structure(k, s):
    _check_qe(Architecture(k, s), 60)


def test_qe_split_into_gauges():
    r = _check_qe(Architecture((3, 2), (2, 1)), 60, split=True)
    assert r.gauges == 2


@pytest.mark.slow
def test_qe_222_121_split_is_kmst_on_the_slice():
    """QEPCAD (one run per gauge) on (2,2,2),(1,2,1): equal to membership and to the structure
    route, and on the slice A = 1, C = -1 to KMST's inequalities."""
    r = _check_qe(Architecture((2, 2, 2), (1, 2, 1)), 600, split=True)
    for P in _slice_points(200, seed=9):
        a, b, c, d, e = P
        seed = (c ** 2 - 4 * a * e >= 0 and b ** 4 - 4 * a * b * (b * c - a * d) >= 0
                and d ** 4 - 4 * d * e * (c * d - b * e) >= 0 and (a * e <= 0 or a * c <= 0))
        assert r.formula.holds(P) == seed, P


@pytest.mark.slow
def test_qe_222_111():
    _check_qe(Architecture((2, 2, 2), (1, 1, 1)), 300)


def test_qe_timeout_is_reported():
    r = qe_formula(Architecture((2, 2, 2), (1, 1, 1)), seconds=0.5)
    assert r.formula is None and "timed out" in r.error


def test_qepcad_syntax_round_trip():
    A = Architecture((2, 2, 2), (1, 1, 1))
    f = structure_formula(A)[0]
    g = parse_qepcad("An equivalent quantifier-free formula:\n\n" + f.qepcad() + "\n\n=====",
                     f.atoms()[0].poly.parent())
    for P in sample_points(A, 100):
        assert f.holds(P) == g.holds(P)


def test_boundary_codimension_matches_kmst():
    red = FunctionSpace(Architecture((3, 2), (2, 1))).semialgebraic().boundary()
    assert red["codim_in_M"] == 2 and red["agrees_with_kmst"]
    one = FunctionSpace(Architecture((2, 2, 2), (1, 2, 1))).semialgebraic().boundary()
    assert one["codim_in_M"] == 1 and one["agrees_with_kmst"]
    assert {f["codim_in_M"] for f in one["families"]} == {1, 2}


@pytest.mark.parametrize("k,s", [((3, 2), (2, 1)), ((2, 2, 2), (1, 2, 1)), ((2, 4), (1, 1)),
                                 ((4, 4), (2, 1)), ((3, 2, 2), (2, 2, 1))])
def test_boundary_family_points_are_boundary_points(k, s):
    """Each family's sample point is in M and the exact interior test (FunctionSpace.is_interior,
    independent of the formula) calls it a boundary point; some atom is tight there."""
    b = FunctionSpace(Architecture(k, s)).semialgebraic().boundary()
    for fam in b["families"]:
        assert fam["in_M"] and fam["interior_test"] == "boundary", fam
        assert fam["tight_atoms"], fam


def test_boundary_family_is_on_the_boundary():
    """A point of the reduced boundary family of (3,2),(2,1): (x^2 - y^2)^2 (double real class)
    is a boundary point by the exact interior test, and the formula holds with equality there."""
    A = Architecture((3, 2), (2, 1))
    P = [1, 0, -2, 0, 1]
    assert FunctionSpace(A).is_interior(P).interior is False
    (atom,) = structure_formula(A)[0].atoms()
    assert atom.poly(*P) == 0


def test_to_dict_is_json():
    D = FunctionSpace(Architecture((2, 2, 2), (1, 2, 1))).semialgebraic(points=20)
    d = json.loads(json.dumps(D.to_dict()))
    assert d["certification"] == "checked" and d["checks"]["membership"]["points"] == 20
    assert d["qepcad"] is None and d["disjuncts"] == 2
    d = FunctionSpace(Architecture((3, 2), (2, 1))).semialgebraic().to_dict()
    assert d["qepcad"] == "c2^2 - 4 c0 c4 >= 0" and d["max_degree"] == 2


def _random_poly(rng, p):
    """A random rational polynomial of degree <= p with repeated real and complex roots."""
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    t = PolynomialRing(QQ, "t").gen()
    f = t.parent().one()
    while f.degree() < p:
        r = rng.random()
        if r < 0.35:
            f *= (t - int(rng.integers(-3, 4))) ** int(rng.choice([1, 1, 2, 3]))
        elif r < 0.7:
            f *= (t ** 2 + int(rng.integers(-3, 4)) * t + int(rng.integers(1, 9))) ** int(rng.choice([1, 2]))
        else:
            f *= t.parent()([int(x) for x in rng.integers(-5, 6, size=int(rng.integers(2, 4)))]) or 1
    return f * int(rng.choice([1, -2, 3]))


def test_signed_subresultants_count_distinct_real_roots():
    """PmV of the signed subresultant coefficients = number of distinct real roots (AA)."""
    from sage.rings.qqbar import AA
    from lcnalg.geometry.semialgebraic import _pmv, signed_subresultant_coefficients
    rng = np.random.default_rng(0)
    for _ in range(300):
        f = _random_poly(rng, int(rng.integers(2, 7)))
        if f.degree() < 1:
            continue
        s = signed_subresultant_coefficients(list(f.list()))
        assert _pmv(s) == len(f.roots(AA, multiplicities=False)), f


def test_real_root_conditions_against_root_counts():
    """``real_root_condition`` on forms (also with roots at infinity) against exact counts."""
    from sage.rings.qqbar import AA
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.geometry.semialgebraic import real_root_condition
    rng = np.random.default_rng(1)
    for N in (2, 3, 4, 5, 6):
        c = list(coordinate_ring(Architecture((N + 1,))).gens())
        some, every = real_root_condition(c, "some"), real_root_condition(c, "all")
        for _ in range(40):
            f = _random_poly(rng, N)
            coeffs = (list(f.list()) + [0] * (N + 1))[:N + 1]
            inf = N - (len(f.list()) - 1) if f.degree() <= N else None
            if inf is None:
                continue
            real = inf + sum(m for _, m in f.roots(AA))
            assert some.holds(coeffs) == (real >= 1), (f, N)
            assert every.holds(coeffs) == (real == N), (f, N)


def test_expanded_formula_agrees_with_membership():
    for k, s in [((2, 4), (1, 1)), ((4, 4), (2, 1)), ((2, 2, 2), (1, 2, 1))]:
        D = FunctionSpace(Architecture(k, s)).semialgebraic(points=80, seed=7)
        assert D.expanded is not D.formula
        assert D.checks["expanded_vs_membership"]["outside_M"] > 0
    assert FunctionSpace(Architecture((2, 4), (1, 1))).semialgebraic().qepcad() is not None


@pytest.mark.parametrize("k,s", [((3, 4, 2), (1, 2, 1)), ((6, 2), (2, 1))])
def test_top_layer_jump_stratum(k, s):
    """Two phases of degree d_L + 2: explicit sign conditions (subresultants of the phases),
    equal to exact membership on both sides of M."""
    A = Architecture(k, s)
    f, cert, _, _ = structure_formula(A)
    g = expand(f, A)
    assert g.explicit and cert == "certified"
    r = compare_with_membership(A, g, 200, seed=4)
    assert r["outside_M"] > 5
