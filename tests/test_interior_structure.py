"""The numerical interior test of critical points (classify.interior_by_structure) against the
exact one (lcnalg.geometry.interior.is_interior, rational arithmetic: a second engine) on
rational points of M, and its boundary answers against exact membership of nearby points of V
(perturbations of the complex-pair kind)."""
import random

import numpy as np
import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.function_space import FunctionSpace
from lcnalg.geometry.parameterization import mu_from_filters
from lcnalg.training.classify import PREC, interior_by_structure, mp_context, periodic_part_numeric

_sage.init()
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing  # noqa: E402
from sage.rings.rational_field import QQ  # noqa: E402

MP = mp_context(PREC)
t = PolynomialRing(QQ, "t").gen()
A = Architecture


def num(P):
    return [MP.mpf(int(QQ(c).numerator())) / int(QQ(c).denominator()) for c in P]


def coeffs(p, n):
    c = list(p.list())
    return c + [QQ(0)] * (n - len(c))


def structure(arch, P):
    # regular = smooth = False: only the root-structure rules decide
    return interior_by_structure(arch, num(P), MP, False, False)


def compare(arch, P):
    """Both answers; they must agree wherever both decide."""
    exact = FunctionSpace(arch).is_interior(P).interior
    got, how = structure(arch, P)
    if exact is not None and got is not None:
        assert got == exact, (arch, [str(c) for c in P], how, exact)
    return got, exact


# (arch, P, the answer of both engines)
CASES = [
    (A((3, 2), (2, 1)), (t ** 2 - 1) ** 2, False),              # a double real class of T_2
    (A((3, 2), (2, 1)), (t ** 2 - 1) * (t ** 2 - 4), True),
    (A((3, 2), (2, 1)), (t ** 2 + 1) * (t ** 2 - 4), True),     # classes -1 and 4: both real
    (A((3, 2), (2, 1)), (t ** 2 + 1) ** 2, False),
    (A((4, 2), (2, 1)), (t ** 2 - 1) ** 2 * (t - 3), False),
    (A((4, 2), (2, 1)), (t ** 2 - 1) * (t ** 2 - 2) * (t - 3), True),
    (A((4, 2), (3, 1)), (t ** 3 - 1) ** 2, False),              # orbits under t -> zeta_3 t
    (A((4, 2), (3, 1)), (t ** 3 - 1) * (t ** 3 - 2), True),
    (A((4, 2), (3, 1)), (t ** 3 - 1) * (t ** 3 + 1), True),
    (A((2, 2), (1, 1)), (t - 1) ** 2, False),
    (A((2, 2), (1, 1)), (t - 1) * (t - 2), True),
    (A((2, 2, 2), (1, 1, 1)), (t - 1) ** 2 * (t + 2), False),
    (A((2, 2, 2), (1, 1, 1)), (t - 1) * (t + 2) * t, True),
    (A((3, 3, 2), (2, 3, 1)), (t ** 6 - 1) * (t ** 6 - 2), True),   # three layers, lower closed
    (A((3, 3, 2), (2, 3, 1)), (t ** 6 - 1) * (t ** 6 + 2) * t ** 0, True),
]


@pytest.mark.parametrize("arch,p,expected", CASES)
def test_special_points_agree_with_exact(arch, p, expected):
    P = coeffs(p, arch.n)
    assert FunctionSpace(arch).contains(P, filters=False).member
    got, exact = compare(arch, P)
    assert got is expected and exact is expected


def test_three_layers_boundary_left_undecided():
    # deg T - r >= d_L with three layers: the exact test needs an exact nearby witness; the
    # numerical one does not claim a boundary
    arch = A((3, 3, 2), (2, 3, 1))
    P = coeffs((t ** 6 - 1) ** 2, arch.n)
    got, how = structure(arch, P)
    assert got is None and how == "undecided"
    assert FunctionSpace(arch).is_interior(P).interior in (False, None)


def test_closed_and_cone():
    arch = A((2, 4, 3), (2, 2, 1))          # Zariski closed (MATH.md §4.2)
    M = FunctionSpace(arch)
    rng = np.random.default_rng(0)
    for _ in range(3):
        P = M.random_point(rng)
        assert structure(arch, P) == (True, "Zariski closed")
        assert M.is_interior(P).interior is True
    zero = [QQ(0)] * 5
    assert structure(A((3, 2), (2, 1)), zero) == (False, "cone")
    assert FunctionSpace(A((3, 2), (2, 1))).is_interior(zero).interior is False


def test_submersion_rule_and_bad_input():
    assert interior_by_structure(A((3, 2), (2, 1)), num([1, 2, 3, 4, 5]), MP, True, True) == \
        (True, "smooth point, submersion")
    with pytest.raises(ValueError, match="coefficients"):
        interior_by_structure(A((3, 2), (2, 1)), num([1, 0, 1]))


def random_filter(rng, k, h=2):
    """A random rational filter, often with repeated or shared roots (small entries, or a
    product of squares)."""
    if k >= 3 and rng.random() < 0.3:
        a = QQ(rng.randint(-2, 2))
        return coeffs((t - a) ** 2 * t.parent()([QQ(rng.randint(-h, h)) for _ in range(k - 2)]), k)
    return [QQ(rng.randint(-h, h)) / rng.randint(1, 2) for _ in range(k)]


ARCHS = [A((3, 2), (2, 1)), A((4, 2), (2, 1)), A((4, 2), (3, 1)), A((3, 3, 2), (2, 3, 1)),
         A((2, 2), (1, 1)), A((2, 2, 2), (1, 1, 1)), A((3, 3), (1, 1)), A((2, 4, 3), (2, 2, 1))]


def shared_class(rng, arch, w):
    """First and last filter sharing a class of ``T_{S_L}``: ``w_1 = (t^S - a) q``,
    ``w_L = (t - a) r``: ``T_S(P)`` gets the class ``a`` twice (a boundary point)."""
    S, d = arch.S[-1], arch.d
    if d[0] < S:
        return w
    a = QQ(rng.randint(-2, 2))
    q = t.parent()([QQ(rng.randint(-2, 2)) for _ in range(d[0] - S + 1)])
    r = t.parent()([QQ(rng.randint(-2, 2)) for _ in range(d[-1])])
    return [coeffs((t ** S - a) * q, arch.k[0])] + w[1:-1] + [coeffs((t - a) * r, arch.k[-1])]


@pytest.mark.parametrize("arch", ARCHS, ids=str)
def test_random_points_agree_with_exact(arch):
    rng = random.Random(sum(arch.k) * 100 + sum(arch.s))
    decided, kinds = 0, set()
    for _ in range(25):
        w = [random_filter(rng, k) for k in arch.k]
        if rng.random() < 0.3:
            w = shared_class(rng, arch, w)
        P = mu_from_filters(arch, w)
        if all(c == 0 for c in P):
            continue
        got, exact = compare(arch, P)
        if got is not None and exact is not None:
            decided += 1
            kinds.add(got)
    assert decided >= 10
    if arch.L == 2 and not arch.stride_one and arch.d[-1] % 2:
        assert kinds == {True, False}          # both answers occur (shared roots are common)


def test_two_layer_boundary_against_perturbation():
    # P boundary (numerical answer False): points of V arbitrarily close to P outside M, by
    # dense random perturbation of the complex-pair kind: the double real class of T_S is
    # replaced by a random nearby pair of conjugate classes, the rest of the real factorization
    # is perturbed at random; each point is checked exactly (in V, not in M)
    rng = random.Random(5)
    for arch, c, rest in [(A((3, 2), (2, 1)), 1, t.parent().one()),
                          (A((4, 2), (2, 1)), -2, t - 3),
                          (A((4, 2), (3, 1)), 1, t.parent().one())]:
        S = arch.S[-1]
        M = FunctionSpace(arch)
        P = coeffs((t ** S - c) ** 2 * rest, arch.n)    # T_S(P) has the double class c
        assert structure(arch, P) == (False, "two layers: periodic part")
        for e in (QQ(1) / 10 ** 3, QQ(1) / 10 ** 6):
            for _ in range(4):
                a, b = (e * QQ(rng.randint(-9, 9)) / 9 for _ in range(2))
                b = b or e
                Tp = (t - c - a) ** 2 + b ** 2
                restp = rest + (e * QQ(rng.randint(-9, 9)) / 9 if rest.degree() > 0 else 0)
                Q = coeffs(Tp(t ** S) * restp, arch.n)
                assert max(abs(x - y) for x, y in zip(P, Q)) < 100 * e
                assert M.in_variety(Q) and not M.contains(Q, filters=False).member


def test_periodic_part_numeric_against_exact():
    # deg and real odd classes of T_S(P) numerically against the exact gcd of the phases
    from lcnalg.geometry import periodic
    from lcnalg.geometry.interior import _odd_real_classes
    from lcnalg.training.classify import _odd_real_classes as odd_num
    rng = random.Random(7)
    tol = MP.mpf(10) ** (-MP.dps // 3)
    for S in (2, 3, 4):
        for _ in range(12):
            p = t.parent().one()
            for _ in range(rng.randint(1, 3)):
                f = rng.choice([t ** S - rng.randint(-3, 3), t - rng.randint(-2, 2), t ** 2 + 1])
                p *= f ** rng.randint(1, 2)
            N = p.degree() + rng.randint(0, S + 1)                        # roots at infinity too
            P = coeffs(p, N + 1)
            T = periodic.periodic_part(periodic.Form.from_coeffs(P), S)
            classes = periodic_part_numeric(MP, num(P), S)
            assert sum(m for _, m in classes) == T.N, (S, p, N)
            assert odd_num(MP, classes, S, tol) == _odd_real_classes(T), (S, p, N)


def test_float_input():
    # float coefficients (CriticalPoint.u): roots clustered within 1e-6
    arch = A((3, 2), (2, 1))
    assert interior_by_structure(arch, [1.0, 0.0, -2.0, 0.0, 1.0])[0] is False
    assert interior_by_structure(arch, [4.0, 0.0, -5.0, 0.0, 1.0])[0] is True
