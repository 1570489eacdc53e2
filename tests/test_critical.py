"""Critical points of the squared loss: loss vs the actual network, counts vs the gEDdeg
theorem, real critical points vs brute-force numerics, the stride contrast of MATH.md §6."""
import json

import numpy as np
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.training.classify import interior_by_roots, interior_by_structure
from lcnalg.training.critical import (count_complex, critical_points_summary, fibre_degree,
                                      real_critical_points)
from lcnalg.training.dense import dense_count, dense_parameters, dense_widths, eckart_young
from lcnalg.training.loss import (QuadraticLoss, loss_from_data, loss_gradient, network_loss,
                                  random_quadratic, random_training_data)
from lcnalg.training.eddegree import ged_degree
from lcnalg.errors import EngineTimeout
from lcnalg.geometry.parameterization import mu_numeric, random_filters, split_parameters

A = Architecture
STRIDED = [A((2, 2), (2, 1)), A((3, 2), (2, 1)), A((2, 3), (3, 2)), A((2, 2, 2), (2, 2, 1))]


# --- the loss of an actual network -------------------------------------------------

@pytest.mark.parametrize("arch", STRIDED + [A((2, 2), (1, 1)), A((3, 2, 2), (1, 2, 3))])
def test_loss_is_the_network_loss(arch):
    rng = np.random.default_rng(3)
    X, Y = random_training_data(arch, seed=5, samples=3, length=arch.n + 3 * arch.stride)
    ell = loss_from_data(arch, X, Y)
    for _ in range(3):
        w = random_filters(arch, rng)
        assert ell(mu_numeric(arch, w)) == pytest.approx(network_loss(arch, w, X, Y), rel=1e-10)


@pytest.mark.parametrize("arch", STRIDED)
def test_gradient_by_finite_differences(arch):
    rng = np.random.default_rng(1)
    X, Y = random_training_data(arch, seed=2)
    ell = loss_from_data(arch, X, Y)
    w = random_filters(arch, rng)
    theta = np.concatenate(w)
    g = np.concatenate(loss_gradient(arch, ell, w))
    h = 1e-6
    fd = [(network_loss(arch, split_parameters(arch, theta + h * e), X, Y)
           - network_loss(arch, split_parameters(arch, theta - h * e), X, Y)) / (2 * h)
          for e in np.eye(len(theta))]
    assert np.allclose(g, fd, rtol=1e-5, atol=1e-5)


def test_loss_input_errors():
    arch = A((2, 2), (2, 1))
    with pytest.raises(ValueError, match="rows"):
        loss_from_data(arch, np.zeros((5, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="shorter"):
        loss_from_data(arch, np.zeros((3, 1)), np.zeros((1, 1)))
    with pytest.raises(ValueError, match="samples"):
        loss_from_data(arch, np.zeros((5, 2)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match="non-finite"):
        loss_from_data(arch, np.full((5, 1), np.nan), np.zeros((2, 1)))
    with pytest.raises(ValueError, match="symmetric"):
        QuadraticLoss(((1, 2), (3, 4)), (0, 0))
    with pytest.raises(ValueError):
        random_quadratic(0)
    with pytest.raises(ValueError, match="size"):
        real_critical_points(arch, random_quadratic(3))


def test_random_quadratic_positive_definite():
    for seed in range(3):
        ell = random_quadratic(5, seed)
        assert ell.is_positive_definite()
        assert np.all(np.linalg.eigvalsh(ell.numeric()[0]) > 0)
    assert not QuadraticLoss(((1, 2), (2, 1)), (0, 0)).is_positive_definite()


# --- complex counts -------------------------------------------------------------

COUNT_CASES = [A((2, 2), (2, 1)), A((2, 2), (1, 1)), A((3, 2), (2, 1)), A((2, 3), (1, 1)),
               A((2, 2, 2), (2, 2, 1)), A((2, 2, 2), (1, 2, 1)), A((3, 3), (2, 1)),
               A((3, 3), (3, 1)), A((2, 1, 2), (2, 1, 1))]


@pytest.mark.parametrize("arch", COUNT_CASES)
def test_count_equals_ged_degree(arch):
    # Shahverdi's theorem: the count for generic data is gEDdeg of the Segre variety
    r = count_complex(arch, seed=11)
    assert r.complex == ged_degree(arch.k) == r.ged_degree
    assert r.agrees and r.radical and r.distinct == r.complex
    assert 1 <= r.distinct_images <= r.complex
    assert r.certified is False and r.certification == "probabilistic" and r.to_dict()["seed"] == 11


def test_count_two_seeds_same():
    arch = A((3, 2), (2, 1))
    assert count_complex(arch, seed=0).complex == count_complex(arch, seed=123).complex


def test_stride_one_2_2_images():
    # k=(2,2), s=(1,1): V = C^3.  The critical points are the two factorizations of
    # u* = Q^{-1} b (deg mu = 2) and the critical points on the cone of squares w1 ~ w2, a
    # smooth conic in P^2 with generic ED degree 2 * (1 + 1) = 4: 6 points, 5 images.
    r = count_complex(A((2, 2), (1, 1)), seed=4)
    assert (r.complex, r.distinct_images) == (6, 5)


# deg V from MATH.md §8 (and V = C^n when thick): deg mu = multinomial / deg V
@pytest.mark.parametrize("k, s, deg_v", [((3, 2), (2, 1), 3), ((2, 2, 2), (1, 2, 1), 3),
                                         ((2, 2), (2, 1), 2), ((3, 3), (2, 1), 6),
                                         ((2, 2, 2), (2, 2, 1), 6), ((2, 2), (1, 1), 1)])
def test_fibre_degree(k, s, deg_v):
    arch = A(k, s)
    assert fibre_degree(arch, seed=2) * deg_v == arch.multinomial


def test_dense_comparison():
    # widths: two layers (a0, r, aL), r (a0 + aL) = p, the most Eckart-Young critical points
    assert dense_widths(6) == [3, 1, 3] and dense_parameters([3, 1, 3]) == 6
    assert dense_widths(20) == [10, 1, 10] and eckart_young([5, 2, 5]) == eckart_young([10, 1, 10]) == 10
    with pytest.raises(ValueError):
        dense_widths(1)
    # the computed count (solving the dense system) against Eckart-Young C(min(a0, aL), r)
    for widths in ([3, 1, 3], [2, 1, 5], [4, 2, 4], [3, 2, 4]):
        for seed in (0, 1):
            c = dense_count(widths, seed=seed)
            assert c["complex"] == c["distinct"] == eckart_young(widths), (widths, seed)
    arch = A((2, 2, 2), (2, 2, 1))
    r = critical_points_summary(arch, seed=0, real=False)
    assert r.dense_widths == [3, 1, 3] and r.dense_complex == 3 < r.complex == 34
    assert r.certification == "probabilistic" and r.real is None


def test_timeout():
    with pytest.raises(EngineTimeout):
        count_complex(A((3, 3, 3), (2, 2, 1)), seed=0, timeout=1)   # msolve needs about a minute


# --- real critical points ------------------------------------------------------------

def _full_hessian(arch, ell, w, h=1e-5):
    theta = np.concatenate(w)
    f = lambda th: np.concatenate(loss_gradient(arch, ell, split_parameters(arch, th)))  # noqa: E731
    H = np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in np.eye(len(theta))])
    return (H + H.T) / 2


@pytest.mark.parametrize("arch", [A((2, 2), (1, 1)), A((3, 2), (2, 1)), A((2, 2, 2), (1, 1, 1))])
def test_real_points_are_critical_and_hessian_agrees(arch):
    r = real_critical_points(arch, seed=1)
    ell = r.loss
    assert r.certified and r.complete
    assert len(r.points) <= r.complex == ged_degree(arch.k)
    for p in r.points:
        w = [np.array(x) for x in p.filters]
        g = np.concatenate(loss_gradient(arch, ell, w))
        scale = np.linalg.norm(np.concatenate(loss_gradient(arch, ell, [x * 1.1 for x in w])))
        assert np.linalg.norm(g) <= 1e-8 * max(scale, 1)
        assert np.allclose(mu_numeric(arch, w), p.u)
        assert ell(p.u) == pytest.approx(p.loss)
        # the full Hessian: L - 1 zero eigenvalues along the orbit; signs of the rest
        ev = np.linalg.eigvalsh(_full_hessian(arch, ell, w))
        tol = 1e-4 * max(1, np.abs(ev).max())
        if p.hessian == "minimum":
            assert ev.min() > -tol
        elif p.hessian == "saddle":
            assert ev.min() < -tol and ev.max() > tol


def test_generic_quadratic_data():
    arch = A((2, 2), (2, 1))
    r = real_critical_points(arch, random_quadratic(arch.n, seed=3), seed=3)
    assert r.complex == 6 and r.certified
    assert any(p.hessian == "minimum" for p in r.points)


@pytest.mark.parametrize("arch", [A((2, 2), (2, 1)), A((3, 2), (2, 1)), A((2, 2, 2), (2, 2, 1)),
                                  A((2, 3), (3, 1))])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reduced_strided_only_pure(arch, seed):
    # MATH.md §6 [theorem]: reduced, all strides > 1, generic data: every critical point with
    # mu(w) != 0 is pure.
    r = real_critical_points(arch, seed=seed)
    assert r.points, "a minimum exists (the loss is coercive on M)"
    for p in r.points:
        assert p.pure and p.regular and p.smooth and p.interior
        assert not p.spurious and not p.repeated_filters
        # and proved so on the point's (tight) Krawczyk box, not only numerically
        assert p.pure_certified and p.proved["repeated_filters"] is False and p.hessian_certified


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stride_one_2_2_boundary_and_spurious(seed):
    arch = A((2, 2), (1, 1))
    r = real_critical_points(arch, seed=seed)
    ell = r.loss
    spurious = [p for p in r.points if p.spurious]
    assert spurious
    for p in r.points:
        w1, w2 = (np.array(x) for x in p.filters)
        proportional = abs(w1[0] * w2[1] - w1[1] * w2[0]) < 1e-9 * np.linalg.norm(w1) * np.linalg.norm(w2)
        assert p.repeated_filters == proportional           # linear filters: a shared root
        # V = C^3: spurious iff the gradient of ell at u does not vanish
        assert p.spurious == (np.linalg.norm(ell.gradient(p.u)) > 1e-8)
        c0, c1, c2 = p.u                                      # M = {c1^2 >= 4 c0 c2}
        assert c1 ** 2 - 4 * c0 * c2 >= -1e-9
        assert p.boundary == (abs(c1 ** 2 - 4 * c0 * c2) < 1e-9)


def test_stride_one_often_spurious():
    found = {"spurious": 0, "boundary": 0, "repeated": 0}
    for arch in [A((2, 2, 2), (1, 1, 1)), A((3, 3), (1, 1)), A((3, 2), (1, 1))]:
        for seed in range(2):
            for p in real_critical_points(arch, seed=seed).points:
                found["spurious"] += p.spurious
                found["boundary"] += bool(p.boundary)
                found["repeated"] += p.repeated_filters
                if not p.regular:
                    assert p.repeated_filters  # stride one: singular points of mu share roots
    assert found["spurious"] > 0 and found["boundary"] > 0 and found["repeated"] > 0


def test_interior_two_methods_agree():
    # stride one (V = R^3): the root criterion against exact membership of dense random
    # rational perturbations of u (interior: all in M; boundary: some outside M)
    from fractions import Fraction
    from lcnalg.geometry.function_space import FunctionSpace
    rng = np.random.default_rng(0)
    arch = A((2, 2), (1, 1))
    M = FunctionSpace(arch)
    for p in real_critical_points(arch, seed=0).points:
        assert interior_by_roots(arch, p.u) == p.interior
        assert interior_by_structure(arch, p.u)[0] == p.interior
        assert p.interior_method in ("smooth point, submersion", "stride-one: real roots")
        near = [[Fraction(x).limit_denominator(10 ** 12) + Fraction(int(r), 10 ** 6)
                 for x, r in zip(p.u, rng.integers(-9, 10, size=3))] for _ in range(20)]
        inside = [M.contains([str(c) for c in Q], filters=False).member for Q in near]
        assert all(inside) if p.interior else not all(inside)


def test_non_reduced_boundary():
    # k=(2,2,2), s=(1,2,1): M = {A(t) B(t^2): A a real-rooted quadratic}.  A critical point
    # with w1 ~ w2 has A a square, which perturbs to complex roots: boundary; otherwise A has
    # two simple real roots and mu(w) is interior.  The structure rules (interior_by_structure)
    # have no rule for a non-filling stride-one block below strided layers: the squares are
    # left undecided (None), never answered wrongly; the others are interior by submersion.
    arch = A((2, 2, 2), (1, 2, 1))
    pts = real_critical_points(arch, seed=0).points
    assert any(not p.regular for p in pts) and any(p.interior for p in pts)
    for p in pts:
        w1, w2 = (np.array(x) for x in p.filters[:2])
        proportional = abs(w1[0] * w2[1] - w1[1] * w2[0]) < 1e-9 * np.linalg.norm(w1) * np.linalg.norm(w2)
        assert proportional == p.repeated_filters == (not p.regular)
        assert p.interior in (None, not proportional)
        if p.regular:
            assert p.interior is True and p.interior_method == "smooth point, submersion"


#: the keys of ``critical_points`` in ``describe --json`` as the dict-building code of
#: critical_points_summary made them before the typed result (DESIGN.md: never renamed)
SUMMARY_KEYS = ["complex", "ged_degree", "agrees", "distinct", "distinct_images", "deg_mu", "real",
                "minima", "saddles", "maxima", "degenerate", "pure", "boundary", "singular",
                "spurious", "repeated_filters", "undecided", "real_complex", "dense_complex",
                "dense_eckart_young", "dense_widths", "dense_parameters", "seed",
                "hessian_certified", "pure_certified", "numerical", "complex_certified",
                "exact_real", "real_method", "certified", "certified_reason", "skipped"]


def test_summary_keys_and_json():
    r = critical_points_summary(A((3, 2), (2, 1)), seed=0, points=True)
    d = r.to_dict()
    assert list(d) == SUMMARY_KEYS + ["points", "seconds"]
    assert r.agrees and r.complex == 10 and r.pure == r.real
    # homotopy: gEDdeg certified boxes prove the count for these data (MATH.md §6)
    assert d["certified"] == {"complex": True, "real": True} and r.certification == "certified"
    assert r.complex_certified == r.ged_degree == r.complex
    assert len(d["points"]) == r.real and r.seconds > 0 and r.seed == 0
    assert type(r).from_dict(json.loads(json.dumps(d))) == r
    big = critical_points_summary(A((4, 4, 4), (2, 2, 1)), seed=0, max_ged=50)
    assert list(big.to_dict()) == SUMMARY_KEYS + ["seconds"]
    assert big.skipped and big.complex is None and big.ged_degree == ged_degree((4, 4, 4))
    assert big.detail == big.skipped and not big.certified


def test_summary_bad_input():
    with pytest.raises(ValueError):
        critical_points_summary((2, 2))


@pytest.mark.slow
def test_catalogue_counts_agree():
    from lcnalg.tables.catalogue import catalogue
    checked = 0
    for arch in catalogue("small"):
        if ged_degree(arch.k) > 120:
            continue
        try:
            r = count_complex(arch, seed=7, timeout=60)
        except EngineTimeout as e:  # a timeout fails, naming the case
            pytest.fail(f"count_complex({arch}, seed=7) timed out: {e}")
        assert r.agrees, arch
        checked += 1
    assert checked >= 10
