"""Interior / boundary of M in V(R) against independent truth: the semialgebraic description
M = V ∩ {C^2 >= 4AE} of (3,2),(2,1) (MATH.md §4), root counts for stride one, dense random
perturbation, and KMST's description (stride-one boundary: a hypersurface; reduced: inside
Sing(V), codim >= 2)."""
import random

import numpy as np
import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.function_space import FunctionSpace
from lcnalg.geometry.parameterization import mu_from_filters

_sage.init()
from sage.rings.rational_field import QQ  # noqa: E402

A32 = Architecture((3, 2), (2, 1))


def rq(rng, h=6):
    return QQ(rng.randint(-h, h)) / rng.randint(1, 3)


def disc(P):
    return P[2] ** 2 - 4 * P[0] * P[4]


def test_3_2_plane_against_discriminant():
    M = FunctionSpace(A32)
    rng = random.Random(1)
    seen = set()
    for _ in range(120):
        a, b = rq(rng), rq(rng)           # (u - a)(u - b) or a double root (a = b)
        if rng.random() < 0.4:
            b = a
        P = [a * b, 0, -(a + b), 0, QQ(1)]
        r = M.is_interior(P)
        assert r.interior == (disc(P) > 0), (P, r)
        seen.add(r.interior)
        if not r.interior:                # the nearby point is outside M by the formula
            Q = [QQ(c) for c in r.nearby]
            assert Q[1] == Q[3] == 0 and disc(Q) < 0
            assert max(abs(x - y) for x, y in zip(P, Q)) < QQ(1) / 100
    assert seen == {True, False}


def test_3_2_off_the_plane_interior():
    # off the singular plane B = D = 0 every point of M is interior (KMST: boundary codim >= 2)
    M = FunctionSpace(A32)
    rng = np.random.default_rng(2)
    for _ in range(40):
        w = [[QQ(int(x)) for x in rng.integers(-4, 5, size=k)] for k in A32.k]
        P = mu_from_filters(A32, w)
        if P[1] == 0 and P[3] == 0:
            continue
        assert M.is_interior(P).interior is True


STRIDE_ONE = [((2, 2), 2), ((2, 2, 2), 3), ((2, 2, 3), 2), ((2, 4, 2), 2)]


@pytest.mark.parametrize("k,m", STRIDE_ONE)
def test_stride_one_root_count_and_perturbation(k, m):
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    A = Architecture(k)
    M = FunctionSpace(A)
    t = PolynomialRing(QQ, "t").gen()
    rng = random.Random(3)
    kinds = set()
    for _ in range(25):
        # products of real linear factors with repetitions, times a quadratic without real roots
        p = t.parent().one()
        while p.degree() < A.n - 1:
            if A.n - 1 - p.degree() >= 2 and rng.random() < 0.3:
                p *= t ** 2 + rng.randint(1, 4)
            else:
                p *= t - rng.randint(-2, 2)
        P = list(p.list())
        if not M.contains(P, filters=False).member:
            continue
        r = M.is_interior(P)
        odd = sum(1 for _, e in p.factor() if e % 2 and _.degree() == 1)
        assert r.interior == (odd >= m), (P, r)
        kinds.add(r.interior)
        if r.interior:   # dense random perturbation: V = R^n, all nearby points in M
            for _ in range(20):
                Q = [c + QQ(rng.randint(-9, 9)) / 10 ** 6 for c in P]
                assert M.contains(Q, filters=False).member
        else:
            assert not M.contains(r.nearby, filters=False).member
    assert kinds == {True, False}


def test_stride_one_boundary_is_a_hypersurface():
    # (2,2): the boundary is the discriminant hypersurface c1^2 = 4 c0 c2 (codim 1)
    M = FunctionSpace(Architecture((2, 2)))
    for a in range(-3, 4):
        assert M.is_interior([a * a, -2 * a, 1]).interior is False
        assert M.is_interior([a * (a + 1), -(2 * a + 1), 1]).interior is True


@pytest.mark.parametrize("k,s", [((3, 3, 2), (2, 3, 1)), ((4, 2, 2), (2, 2, 1)), ((3, 2, 2), (2, 2, 1))])
def test_reduced_generic_points_interior(k, s):
    # generic points are smooth with a submersive preimage: interior, certified
    A = Architecture(k, s)
    M = FunctionSpace(A)
    rng = np.random.default_rng(4)
    for _ in range(5):
        r = M.is_interior(M.random_point(rng, height=30))
        assert r.interior is True and r.certification == "certified"


def test_closed_everything_interior():
    M = FunctionSpace(Architecture((2, 4, 3), (2, 2, 1)))
    assert M.is_interior(M.random_point(np.random.default_rng(0))).interior is True


def test_errors():
    M = FunctionSpace(A32)
    with pytest.raises(ValueError, match="not in M"):
        M.is_interior([1, 0, 0, 0, 1])
    with pytest.raises(ValueError, match="rational"):
        M.is_interior([1.0, 0, -2, 0, 1])


def test_top_layer_rule_agrees_with_submersion():
    # (3,3,2),(2,3,1): layers below the top are closed; where P is smooth with a submersive real
    # preimage (a second, independent sufficient condition) the top-layer rule says interior too
    from lcnalg.geometry.interior import _smooth_and_submersive
    A = Architecture((3, 3, 2), (2, 3, 1))
    M = FunctionSpace(A)
    rng = np.random.default_rng(6)
    both = 0
    for _ in range(20):
        P = M.random_point(rng, height=3)
        if all(c == 0 for c in P):
            continue
        r = M.contains(P)
        if r.filters is not None and _smooth_and_submersive(M, P, r.filters):
            assert M.is_interior(P).interior is True
            both += 1
    assert both > 5
    # a special point (repeated roots shared between layers): any answer comes with its proof
    P = mu_from_filters(A, [[QQ(1), QQ(0), QQ(-1)], [QQ(-1), QQ(0), QQ(1)], [QQ(-1), QQ(1)]])
    res = M.is_interior(P)
    assert res.interior in (True, False, None)
    if res.interior is False:
        assert not M.contains(res.nearby, filters=False).member and M.in_variety(res.nearby)
