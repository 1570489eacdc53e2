"""The homotopy solver (training/homotopy.py) against independent truth: the exact count of
real solutions over QQ (Groebner basis + Sturm), msolve's real root isolation, Shahverdi's
count gEDdeg, and the tensor family against the architecture's own system."""
import numpy as np
import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture as A
from lcnalg.training import homotopy as H
from lcnalg.training.eddegree import ged_degree
from lcnalg.training.loss import loss_from_data, random_quadratic, random_training_data


def _ell(arch, seed=0):
    return loss_from_data(arch, *random_training_data(arch, seed))


@pytest.mark.parametrize("arch", [A((3, 2, 4), (2, 3, 1)), A((2, 2), (1, 1)), A((3, 3), (2, 1))])
def test_tensor_family_is_the_architecture_system(arch):
    # m = C m_tensor, and the data (C^T Q C, C^T b) give the architecture's equations
    g = H.default_gauge(arch.k)
    F1, T = H.SliceFamily(arch, g), H.TensorFamily(arch.k, g)
    C = T.embed(arch)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, F1.N)) + 1j * rng.normal(size=(3, F1.N))
    m, mt, mtt = F1.geometry(X)
    M, Mt, Mtt = T.geometry(X)
    assert np.allclose(m, M @ C.T) and np.allclose(mt, Mt @ C.T) and np.allclose(mtt, Mtt @ C.T)
    Q = rng.normal(size=(arch.n, arch.n)); Q = Q + Q.T; b = rng.normal(size=arch.n)
    Fa, Ja = F1.FJ(X, (m, mt, mtt), Q, b)
    Fb, Jb = T.FJ(X, (M, Mt, Mtt), C.T @ Q @ C, C.T @ b)
    assert np.allclose(Fa, Fb) and np.allclose(Ja, Jb)


def test_family_matches_the_slice_system():
    # the numpy equations against the Sage polynomials of training.slice
    _sage.init()
    from sage.rings.rational_field import QQ
    from lcnalg.training.slice import SliceSystem
    arch = A((2, 3, 2), (2, 1, 1))
    ell, g = _ell(arch), H.default_gauge(arch.k)
    S = SliceSystem(arch, [[QQ(x) for x in r] for r in ell.Q], [QQ(x) for x in ell.b],
                    [[QQ(x) for x in a] for a in g], QQ)
    fam = H.SliceFamily(arch, g)
    x = np.array([0.5, -1.25, 0.75, 2.0, 1.5])
    Q = np.array([[float(v) for v in r] for r in ell.Q]); b = np.array([float(v) for v in ell.b])
    F, J = fam.FJ(x[None, :].astype(complex), fam.geometry(x[None, :].astype(complex)), Q, b)
    xs = [QQ(v) for v in x] + [0]
    assert np.allclose(F[0].real, [float(f(*xs)) for f in S.F])
    assert np.allclose(J[0].real, [[float(f.derivative(v)(*xs)) for v in S.vars] for f in S.F])


@pytest.mark.parametrize("arch", [A((3, 2), (2, 1)), A((2, 2), (1, 1)),
                                  pytest.param(A((2, 2, 2), (1, 2, 1)), marks=pytest.mark.slow),
                                  pytest.param(A((2, 3), (1, 1)), marks=pytest.mark.slow)])
def test_complete_and_real_count_is_exact(arch):
    # gEDdeg certified solutions (Shahverdi's count), and the symmetric boxes are exactly the
    # real solutions: compared with the exact count over QQ of the same slice system
    _sage.init()
    from sage.rings.rational_field import QQ
    from lcnalg.training.certify import exact_real_count
    from lcnalg.training.slice import SliceSystem
    ell = _ell(arch, 1)
    r = H.solve_critical(arch, ell, seed=1)
    assert r.complete and r.certified_count == ged_degree(arch.k) and r.reason is None
    S = SliceSystem(arch, [[QQ(x) for x in row] for row in ell.Q], [QQ(x) for x in ell.b],
                    [[QQ(x) for x in a] for a in r.gauge], QQ)
    assert exact_real_count(S, 120, "test") == r.real_count
    # every real solution solves the system
    for x in r.real:
        vals = [QQ(float(v)) for v in x] + [0]
        assert max(abs(float(f(*vals))) for f in S.F) < 1e-6


@pytest.mark.slow
def test_agrees_with_msolve_on_the_images():
    # the real critical points as end-to-end filters u = mu(w) do not depend on the gauge:
    # the homotopy's (its own gauge) equal msolve's real isolation (a random gauge)
    from lcnalg.training.critical import real_critical_points
    arch = A((3, 3), (2, 1))
    h = real_critical_points(arch, seed=0, method="homotopy", certify=False)
    m = real_critical_points(arch, seed=0, method="msolve", certify=False)
    assert h.certified and len(h.points) == len(m.points)
    key = lambda p: tuple(np.round(np.array(p.u) / max(abs(c) for c in p.u), 6))  # noqa: E731
    assert sorted(map(key, h.points)) == sorted(map(key, m.points))
    assert sorted(p.hessian for p in h.points) == sorted(p.hessian for p in m.points)


def test_certificate_refuses():
    # Krawczyk fails on a box around a point that is not a solution; a duplicate is counted
    # once; refinement never makes more certified solutions than there are
    arch = A((3, 2), (2, 1))
    ell = _ell(arch)
    r = H.solve_critical(arch, ell)
    fam = H.SliceFamily(arch, r.gauge)
    pts = np.array(r.real + r.nonreal)
    scale = max(max(abs(float(x)) for row in ell.Q for x in row), max(abs(float(x)) for x in ell.b))
    Qe, be = H._exact_data(ell, scale)
    from flint import acb
    c = np.array([acb(complex(z)) for z in pts[0] + 1e-3], dtype=object)   # boxes miss the solution
    assert not any(H._krawczyk(fam, Qe, be, c, rad, False) for rad in (1e-9, 1e-7, 1e-5))
    assert len(H.certify(fam, ell, np.vstack([pts, pts]), scale)) == len(pts)
    moved = pts + 1e-3
    got = H.certify(fam, ell, moved, scale)
    assert len(got) <= len(pts)
    for x, _, _ in got:   # each certified box is around one of the true solutions
        assert min(np.abs(x - p).max() for p in pts) < 1e-8


def test_lost_paths_give_a_lower_bound(monkeypatch):
    arch = A((3, 2), (2, 1))
    ten = H.TensorFamily(arch.k, H.default_gauge(arch.k))
    p0, X, _ = H.start_system(ten)
    # 3 of 10 start solutions: with their conjugates at most 6 can be found
    monkeypatch.setattr(H, "start_system", lambda fam, **kw: (p0, X[:3], 0.0))
    monkeypatch.setattr(H, "_random_data", lambda n, rng: p0)   # no retry can find more
    r = H.solve_critical(arch, _ell(arch))
    assert not r.complete and r.certified_count < ged_degree(arch.k)
    assert "lower bound" in r.reason


@pytest.mark.slow
def test_gradient_descent_lands_on_certified_critical_points():
    # every converged run ends at one of the certified-complete list's points (an independent
    # check of completeness: descent finds minima the list must contain)
    from lcnalg.training.dynamics import landing_shares
    r = landing_shares(A((2, 2, 2), (1, 1, 1)), seed=0, runs=8, steps=3000)
    assert r["certified_complete"] and r["converged"] >= 6
    assert r["landed"]["unmatched"] == 0
    assert sum(r["landed"][k] for k in ("pure", "boundary")) >= r["converged"]


def test_recentred_charts_describe_the_same_points():
    # moving rows to the charts centred at their filters keeps u = lam * m (the point of the
    # Segre cone), the charts' m_t span the same tangent directions, and going back to the
    # gauge's chart returns the original coordinates
    k = (3, 2, 4)
    T = H.TensorFamily(k, H.default_gauge(k))
    rng = np.random.default_rng(1)
    X = rng.normal(size=(4, T.N)) + 1j * rng.normal(size=(4, T.N))
    charts = T.default_charts(4)
    m0, mt0, _ = T.geometry(X)
    assert np.allclose(T.geometry(X, charts)[0], m0)
    Y, ch = T.recentred(X, charts, np.array([0, 2]))
    m1, mt1, _ = T.geometry(Y, ch)
    assert np.allclose(Y[:, -1, None] * m1, X[:, -1, None] * m0)
    assert np.allclose(np.abs(Y[[0, 2], :-1]), 0) and np.allclose(Y[[1, 3]], X[[1, 3]])
    for r in range(4):   # the same tangent space of the cone: [m, m_t] has the same span
        A0 = np.vstack([m0[r], mt0[r]]); A1 = np.vstack([m1[r], mt1[r]])
        assert np.linalg.matrix_rank(np.vstack([A0, A1]), tol=1e-8) == np.linalg.matrix_rank(A0, tol=1e-8)
    assert np.allclose(T.to_gauge(Y, ch), X)


def test_paths_through_the_gauge_hyperplane_are_tracked():
    # all gEDdeg paths of (4,4),(2,1) arrive within the default 600 steps; in the gauge's
    # own chart some of them pass near its hyperplane at infinity (measured: 12 of 284 failed)
    arch = A((4, 4), (2, 1))
    T = H.TensorFamily(arch.k, H.default_gauge(arch.k))
    p0, S0, _ = H.start_system(T)
    ell = _ell(arch)
    Q = np.array([[float(v) for v in r] for r in ell.Q]); b = np.array([float(v) for v in ell.b])
    C = T.embed(arch)
    X, ok = H.track(T, S0, p0, ((C.T @ Q @ C).astype(complex), (C.T @ b).astype(complex)))
    assert ok.all() and len(H._new_rows([], list(X), tol=1e-8)) == ged_degree(arch.k)


def test_a_partial_start_system_is_completed_from_a_solved_instance(monkeypatch, tmp_path):
    # solutions at other data, tracked back to p0, give the start solutions monodromy missed;
    # the completed start system (gEDdeg rows, Shahverdi's count) is stored for the next run
    monkeypatch.setenv("LCNALG_START_CACHE", str(tmp_path))
    monkeypatch.setattr(H, "_START_CACHE", {})
    k = (3, 3)
    T = H.TensorFamily(k, H.default_gauge(k))
    p0, S, _ = H.start_system(T)
    G = ged_degree(k)
    q = H._random_data(T.n, np.random.default_rng(5))
    X, ok = H.track(T, S, p0, q)
    assert ok.all()
    H._save_start(H._start_path(T, 0), p0, S[:-5])     # what an interrupted monodromy left
    H._START_CACHE.clear()
    assert len(H.start_system(T, resume=False)[1]) == G - 5
    S1 = H._completed_start(T, p0, S[:-5], X, q)
    assert len(S1) == G and len(H._new_rows(list(S), list(S1))) == 0
    H._START_CACHE.clear()
    assert len(H.start_system(T, resume=False)[1]) == G


@pytest.mark.parametrize("k", [(3, 2), (2, 4, 4), (2, 2, 2, 2)])
def test_rank_one_system_is_the_geometry_system(k):
    # TensorFamily.system (contractions of the rank-one tensor, data on a line) against the
    # explicit m, m_t, m_tt of geometry() with the data interpolated per row
    T = H.TensorFamily(k, H.default_gauge(k))
    rng = np.random.default_rng(1)
    B = 4
    X = rng.normal(size=(B, T.N)) + 1j * rng.normal(size=(B, T.N))
    X, charts = T.recentred(X, T.default_charts(B), np.arange(B))
    X = X + 0.1 * rng.normal(size=X.shape)
    Q0 = rng.normal(size=(T.n, T.n)) + 1j * rng.normal(size=(T.n, T.n)); Q0 = Q0 + Q0.T
    dQ = rng.normal(size=(T.n, T.n)); dQ = dQ + dQ.T
    b0, db, w = rng.normal(size=T.n) + 0j, rng.normal(size=T.n) + 0j, rng.random(B)
    F, J, Ft = T.system(X, charts, H.DataLine(Q0, dQ, b0, db, w), with_t=True)
    g = T.geometry(X, charts)
    F2, J2 = T.FJ(X, g, Q0[None] + w[:, None, None] * dQ[None], b0[None] + w[:, None] * db[None])
    Ft2 = T.F(X, g, np.broadcast_to(dQ, (B, T.n, T.n)), np.broadcast_to(db, (B, T.n)))
    assert np.allclose(F, F2) and np.allclose(J, J2) and np.allclose(Ft, Ft2)
    F3, J3, _ = T.system(X, None, (Q0, b0))
    F4, J4 = T.FJ(X, T.geometry(X), Q0, b0)
    assert np.allclose(F3, F4) and np.allclose(J3, J4)
