"""Membership in M_{k,s} and V_{k,s} against independent truth: the semialgebraic description
of M_{(3,2),(2,1)} (MATH.md §4), brute force, the ideal's generators, worked examples."""
import random

import numpy as np
import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.function_space import FunctionSpace
from lcnalg.geometry.parameterization import mu_from_filters, mu_numeric, parameterization_map

_sage.init()
from sage.rings.rational_field import QQ  # noqa: E402

A32 = Architecture((3, 2), (2, 1))


def _ideal_gens(arch):
    from lcnalg.geometry.neurovariety import Neurovariety
    return list(Neurovariety(arch).ideal().gens())


def random_rational(rng, height=9):
    return QQ(rng.randint(-height, height)) / rng.randint(1, 4)


def points_on_cubic(rng, count):
    """Random rational points of V_{(3,2),(2,1)} = {A D^2 + B^2 E - B C D = 0}: solve for E."""
    out = []
    while len(out) < count:
        a, b, c, d = (random_rational(rng) for _ in range(4))
        if b == 0:
            continue
        out.append([a, b, c, d, (b * c * d - a * d * d) / (b * b)])
    return out


def check_semialgebraic(points):
    M = FunctionSpace(A32)
    inside = 0
    for P in points:
        a, b, c, d, e = P
        r = M.contains(P)
        assert r.member == (c * c - 4 * a * e >= 0), P
        assert r.exact and r.in_variety
        if r.member:
            inside += 1
            if inside % 10 == 0:  # (contains() verifies each one itself)
                assert mu_from_filters(A32, r.filters) == P
    return inside


def test_semialgebraic_description_3_2():
    # MATH.md §4: M = V ∩ {C^2 >= 4AE}
    rng = random.Random(20240)
    points = points_on_cubic(rng, 1200)
    # the planes B = D = 0 and A = B = 0 lie in V too
    for _ in range(150):
        a, c, e = (random_rational(rng) for _ in range(3))
        points.append([a, 0, c, 0, e])
        points.append([0, 0, a, c, e])
    inside = check_semialgebraic(points)
    assert 100 < inside < len(points) - 50  # both sides represented


@pytest.mark.slow
def test_semialgebraic_description_3_2_many():
    check_semialgebraic(points_on_cubic(random.Random(7), 6000))


def test_plane_of_2_2_2():
    # M_{(2,2,2),(1,2,1)} on the plane B = D = 0: P = h(t^2) with h(u) = A + C u + E u^2 is
    # (a+bt)(c+dt)(e+ft^2) iff h has real roots u1, u2 and one of them is >= 0 (the other is
    # layer 3's, this one splits as ±sqrt(u) over layers 1, 2); E = 0: h linear or constant
    A = Architecture((2, 2, 2), (1, 2, 1))
    M = FunctionSpace(A)
    rng = random.Random(3)
    seen = set()
    for _ in range(150):
        a, c, e = (random_rational(rng, 5) for _ in range(3))
        if e == 0:
            continue
        real_roots = c * c - 4 * a * e >= 0
        both_negative = (-c / e < 0) and (a / e > 0)
        expected = real_roots and not both_negative
        r = M.contains([a, 0, c, 0, e])
        assert r.member == expected, (a, c, e)
        seen.add(expected)
        # M_red contains it iff the real-root condition alone holds
        assert FunctionSpace(A.reduced()).contains([a, 0, c, 0, e]).member == real_roots
    assert seen == {True, False}
    assert not M.contains([4, 0, 5, 0, 1]).member       # (1 + t^2)(4 + t^2)
    assert FunctionSpace(A32).contains([4, 0, 5, 0, 1]).member


ARCHS = [((3, 2), (2, 1)), ((2, 2, 2), (1, 2, 1)), ((3, 3), (2, 1)), ((2, 2, 2), (2, 2, 1)),
         ((3, 3), (3, 1)), ((2, 3), (1, 1)), ((2, 2), (1, 1)), ((4, 2), (3, 1)),
         ((3, 2, 2), (2, 2, 1)), ((2, 3, 2), (1, 2, 1)), ((1, 3, 2), (2, 1, 1)), ((3, 3, 2), (2, 3, 1))]


@pytest.mark.parametrize("k,s", ARCHS)
def test_brute_force_random_filters_are_inside(k, s):
    A = Architecture(k, s)
    M = FunctionSpace(A)
    rng = np.random.default_rng(11)
    for _ in range(12):
        # small integers: coincidences (repeated roots, zero coefficients) happen too
        filters = [[QQ(int(x)) for x in rng.integers(-2, 3, size=ki)] for ki in A.k]
        P = mu_from_filters(A, filters)
        if all(c == 0 for c in P):
            continue
        r = M.contains(P)
        assert r.member and r.exact
        assert mu_from_filters(A, r.filters) == P
        assert all(len(w) == ki for w, ki in zip(r.filters, A.k))
    for _ in range(12):  # floats, by an actual composition of strided convolutions
        from lcnalg.geometry.parameterization import end_to_end_filter
        w = [rng.standard_normal(ki) for ki in A.k]
        r = M.contains(list(end_to_end_filter(A, w)))
        assert r.member and not r.exact
        np.testing.assert_allclose(mu_numeric(A, r.filters), end_to_end_filter(A, w), atol=1e-8)


def conjugate_points(A, rng, count):
    """Real rational points of V from a conjugate pair of hyperroot orbits split across two
    layers: layer j gets tau (Gaussian rational), layer i with m = S_j/S_i <= d_i the m orbits
    {sigma^m = conj(tau)}; the other slots get random rational real taus."""
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.number_field.number_field import QuadraticField
    K = QuadraticField(-1, "I")
    R = PolynomialRing(K, "t")
    t = R.gen()
    pairs = [(i, j) for i in range(A.L) for j in range(A.L)
             if i != j and A.S[j] % A.S[i] == 0 and A.S[j] // A.S[i] <= A.d[i] and A.d[j] >= 1]
    out = []
    for _ in range(count if pairs else 0):
        i, j = rng.choice(pairs)
        m = A.S[j] // A.S[i]
        tau = K([random_rational(rng) or 1, random_rational(rng) or 1])
        P = (t ** A.S[j] - tau) * (t ** A.S[j] - tau.conjugate())
        free = list(A.d)
        free[j] -= 1
        free[i] -= m
        for l, f in enumerate(free):
            for _ in range(f):
                P *= t ** A.S[l] - random_rational(rng)
        out.append([QQ(c) for c in P.list()])
    return out


@pytest.mark.parametrize("k,s", [((3, 2), (2, 1)), ((3, 3), (2, 1)), ((2, 2, 2), (2, 2, 1)),
                                 ((4, 2), (3, 1)), ((2, 2), (1, 1)), ((3, 2, 2), (2, 2, 1))])
def test_in_variety_against_generators(k, s):
    A = Architecture(k, s)
    M = FunctionSpace(A)
    gens = _ideal_gens(A)
    rng = random.Random(17)
    points = conjugate_points(A, rng, 8) + [M.random_point(np.random.default_rng(1)) for _ in range(4)]
    for P in points:
        assert M.in_variety(P)
        assert all(g(P) == 0 for g in gens)
    # perturbing one coordinate leaves V (thin case): generators and assignments agree
    for P in points[:6]:
        Q = list(P)
        Q[1] += 1
        assert M.in_variety(Q) == all(g(Q) == 0 for g in gens)
        if not A.thick:
            assert not M.in_variety(Q)


def test_in_variety_against_kernel_generators():
    # the same check with the ideal from the ring map's kernel (second computation)
    A = Architecture((3, 3), (2, 1))
    gens = parameterization_map(A).kernel().gens()
    M = FunctionSpace(A)
    rng = random.Random(2)
    for P in conjugate_points(A, rng, 5):
        assert M.in_variety(P) and all(g(P) == 0 for g in gens)
    for _ in range(10):
        Q = [random_rational(rng) for _ in range(A.n)]
        assert M.in_variety(Q) == all(g(Q) == 0 for g in gens)


def test_stride_one_2_2_discriminant():
    # MATH.md §3: M_{(2,2)} = quadratics with real roots, c1^2 - 4 c0 c2 >= 0
    M = FunctionSpace(Architecture((2, 2)))
    rng = random.Random(5)
    for _ in range(300):
        P = [random_rational(rng, 4) for _ in range(3)]
        if all(c == 0 for c in P):
            continue
        assert M.contains(P).member == (P[1] ** 2 - 4 * P[0] * P[2] >= 0), P


def test_stride_one_filling():
    # (2,3) is filling [theorem]: every real cubic factors as linear * quadratic
    M = FunctionSpace(Architecture((2, 3)))
    rng = random.Random(6)
    for _ in range(40):
        P = [random_rational(rng) for _ in range(4)]
        if any(c != 0 for c in P):
            r = M.contains(P)
            assert r.member and mu_from_filters(M.arch, r.filters) == P


def test_witness_x4_plus_y4():
    r = FunctionSpace(A32).contains([1, 0, 0, 0, 1])
    assert not r.member and r.in_variety and r.exact and r.filters is None
    assert FunctionSpace(A32).contains([1.0, 0.0, 0.0, 0.0, 1.0]).member is False


def test_zero_form():
    r = FunctionSpace(A32).contains([0] * 5)
    assert r.member and mu_from_filters(A32, r.filters) == [0] * 5


def test_irrational_real_algebraic_input():
    from sage.rings.qqbar import AA
    sqrt2 = AA(2).sqrt()
    P = mu_from_filters(A32, [[1, sqrt2, 1], [-3, 1]])
    r = FunctionSpace(A32).contains(P)
    assert r.member and r.exact and mu_from_filters(A32, r.filters) == P


def test_bad_input():
    M = FunctionSpace(A32)
    with pytest.raises(ValueError, match="n=5"):
        M.contains([1, 2, 3])
    with pytest.raises(ValueError, match="n=5"):
        M.in_variety([1, 2, 3, 4, 5, 6])
    with pytest.raises(ValueError, match="not a real number"):
        M.contains([1, 2, 3, 4, 1j])
    with pytest.raises(ValueError, match="not a real number"):
        M.contains([1, 2, 3, 4, "x"])
    with pytest.raises(ValueError, match="not finite"):
        M.contains([1.0, 2, 3, 4, float("nan")])
    with pytest.raises(TypeError):
        FunctionSpace((3, 2))
    with pytest.raises(ValueError, match="unknown method"):
        M.contains([1, 0, 0, 0, 1], method="magic")
    with pytest.raises(ValueError, match="rational"):
        M.contains([1.0, 0, 0, 0, 1], method="periodic")
