"""Periodic parts and the membership recursion (MATH.md §4.1) against independent truth: the
definition (largest factor in x^S, y^S), real roots in AA, and the hyperroot enumeration
(an exact search over assignments of root orbits) on random points of V of every orbit
type, points off V and boundary-like points with repeated roots."""
import random
import time

import numpy as np
import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.function_space import FunctionSpace
from lcnalg.geometry.parameterization import mu_from_filters
from lcnalg.geometry.periodic import Form, periodic_part, phases, real_type
from lcnalg.geometry.zariski import random_point_of_V

_sage.init()
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing  # noqa: E402
from sage.rings.qqbar import AA  # noqa: E402
from sage.rings.rational_field import QQ  # noqa: E402

R = PolynomialRing(QQ, "t")
t = R.gen()


def test_worked_examples():
    assert periodic_part(Form.from_coeffs([1, 0, 0, 0, 1]), 2).p == R("t^2 + 1").change_variable_name("u")
    P = Form.from_coeffs([0, 1, 0, 0, 0])            # x^3 y: roots 0 (simple) and oo (triple)
    T = periodic_part(P, 2)                           # X = x^2 divides, Y does not
    assert (T.N, T.p.degree(), T.inf) == (1, 0, 1)
    assert [f.N for f in phases(Form.from_coeffs([1, 2, 3, 4, 5]), 2)] == [2, 1]


def test_periodic_part_definition():
    rng = random.Random(0)
    for _ in range(200):
        S = rng.randint(2, 4)
        A = R([rng.randint(-3, 3) for _ in range(rng.randint(1, 4))] + [1])
        B = R([rng.randint(-3, 3) for _ in range(rng.randint(1, 6))] + [1])
        extra = rng.randint(0, 2)  # roots at infinity
        P = Form((A(t ** S) * B).change_variable_name("u"), A.degree() * S + B.degree() + extra)
        T = periodic_part(P, S)
        # T(x^S, y^S) divides P, the quotient has no periodic part, and A divides T
        Q = P.divide(T.expand(S))
        assert periodic_part(Q, S).N == 0
        assert T.p % A.change_variable_name("u") == 0
        assert T.inf >= extra // S


def test_real_type_against_AA():
    rng = random.Random(1)
    for _ in range(200):
        p = R([rng.randint(-4, 4) for _ in range(rng.randint(2, 7))])
        if p.is_zero():
            continue
        p *= t ** rng.randint(0, 2) * (t - rng.randint(-2, 2)) ** rng.randint(0, 2)
        inf = rng.randint(0, 2)
        z, i, pos, neg, pairs = real_type(Form(p.change_variable_name("u"), p.degree() + inf))
        roots = p.roots(AA)
        assert z == sum(m for r, m in roots if r == 0) and i == inf
        assert pos == sum(m for r, m in roots if r > 0) and neg == sum(m for r, m in roots if r < 0)
        assert z + pos + neg + 2 * pairs == p.degree()


ARCHS = [((3, 2), (2, 1)), ((2, 2, 2), (1, 2, 1)), ((3, 3), (2, 1)), ((2, 2, 2), (2, 2, 1)),
         ((3, 2, 2), (2, 2, 1)), ((2, 3, 2), (1, 2, 1)), ((3, 3, 2), (2, 3, 1)), ((2, 2), (1, 1)),
         ((4, 2), (3, 1)), ((3, 4), (2, 1)), ((2, 2, 3), (2, 2, 1)), ((2, 4, 3), (2, 2, 1)),
         ((3, 2, 2), (1, 2, 1)), ((2, 3, 3), (2, 1, 1)), ((4, 3), (2, 1)), ((2, 2, 2, 2), (2, 2, 2, 1))]


def agreement(archs, count, seed):
    """Periodic parts vs the enumeration on random points of V (some with repeated classes),
    points off V (one coefficient perturbed) and boundary-like points; returns the numbers."""
    rng = np.random.default_rng(seed)
    tried = outside = off = 0
    for k, s in archs:
        A = Architecture(k, s)
        M = FunctionSpace(A)
        for j in range(count):
            P, plan = random_point_of_V(A, rng, repeat=0.2 if j % 2 else 0.7)
            if j % 5 == 4:  # off V (or at least moved)
                P = list(P)
                P[int(rng.integers(A.n))] += 1
            a = M.contains(P, filters=(j % 10 == 0 and A.n <= 6))
            b = M.contains(P, method="enumeration", filters=False)
            assert (a.member, a.in_variety) == (b.member, b.in_variety), (A, P, plan)
            assert M.in_variety(P) == M.in_variety(P, method="enumeration")
            if a.member:
                assert a.filters is None or mu_from_filters(A, a.filters) == P
            tried += 1
            outside += a.in_variety and not a.member
            off += not a.in_variety
    return tried, outside, off


def test_agreement_with_enumeration():
    tried, outside, off = agreement(ARCHS, 15, seed=0)
    assert tried == 240 and outside > 8 and off > 15   # every kind of answer is exercised


@pytest.mark.slow
def test_agreement_with_enumeration_many():
    tried, outside, off = agreement(ARCHS, 125, seed=1)
    assert tried == 2000 and outside > 60 and off > 150


def test_random_filters_give_rational_filters():
    rng = np.random.default_rng(5)
    for k, s in ARCHS:
        A = Architecture(k, s)
        M = FunctionSpace(A)
        for _ in range(5):
            P = M.random_point(rng, height=5)
            if all(c == 0 for c in P):
                continue
            r = M.contains(P)
            assert r.member and r.method == "periodic parts" and mu_from_filters(A, r.filters) == P


def test_benchmark_n_about_200():
    # membership by periodic parts for n = 197 end-to-end filters, well under a second
    A = Architecture((5, 5, 6, 6), (3, 3, 3, 1))
    assert A.n == 197
    M = FunctionSpace(A)
    rng = np.random.default_rng(7)
    P = M.random_point(rng)
    start = time.perf_counter()
    r = M.contains(P)
    member_seconds = time.perf_counter() - start
    assert r.member and mu_from_filters(A, r.filters) == P
    Q, _ = random_point_of_V(A, rng)
    start = time.perf_counter()
    M.contains(Q, filters=False)
    assert member_seconds < 1.0 and time.perf_counter() - start < 1.0
