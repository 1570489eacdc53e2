"""The Riemannian geometry of gradient flow on function space (Achour–Kohn–Rauhut; MATH.md §7).

Along parameter gradient flow ``w' = -grad (ell o mu)(w)`` the end-to-end filter ``u = mu(w)``
moves by ``u' = -K(w) grad ell(u)`` with ``K(w) = J J^T``, ``J = D mu(w)``.  The theorem: for
reduced 1D architectures with all strides > 1, and for 2D convolutions, ``K`` depends only on
``u`` and the conserved invariants ``delta_i = ||w_i||^2 - ||w_{i+1}||^2``, so ``u(t)`` is a
Riemannian gradient flow for the metric ``K(u; delta)^{-1}``.  For stride one it fails: fibre
points with equal ``delta`` but different root assignments have different ``K``.  [observed]
Wherever ``u`` has several real factorizations ``K`` differs between them too: at the singular
points of ``M`` with strides > 1 (e.g. ``(x^2 - 4y^2)(x^2 - 9y^2)`` for ``k=(3,2), s=(2,1)``),
and in 2D stride one for the layer swap ``(w_2, w_1)`` of equal filter shapes; so the
statement holds per factorization (fibre component), which is unique for generic ``u`` in 1D
with strides > 1 and in 2D without interchangeable layers.

The fibre points of given ``delta`` over ``u``: every real factorization of ``u`` (root
assignment, :mod:`lcnalg.geometry.hyperroots`; 1D only), rescaled by ``lambda_i`` with
``prod lambda_i = 1`` solved for ``delta`` (unique positive solution for the ``lambda_i^2``,
KMMT Cor. 5.14), times the sign flips; or (``method='search'``, also 2D) every point a seeded
least-squares search finds.  All of this is floating point: results carry ``tolerance``, ``seed``
and ``kind = 'numerical experiment'``.

EXAMPLES::

    >>> import numpy as np
    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.training.flow import fibre_metrics
    >>> A = Architecture((3, 2), (1, 1))
    >>> u = np.convolve([2.0, -1.0, -1.0], [1.0, 3.0])   # roots 1, -1/2 and -3: three assignments
    >>> fm = fibre_metrics(A, u, [0.5])
    >>> fm.assignments, fm.agrees                          # stride one: K is not a function of (u, delta)
    (3, False)
    >>> fibre_metrics(Architecture((3, 2), (2, 1)), np.convolve([2.0, -1.0, -1.0], [1, 0, 3.0]), [0.5]).agrees
    True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, least_squares

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import jacobian_numeric, mu_numeric
from lcnalg.training.dynamics import deltas as _deltas_1d

__all__ = ["ntk", "induced_velocity", "invariants", "rescale_to_invariants", "factorizations",
           "fibre_metrics", "FibreMetrics", "metric", "compare_flows", "FlowComparison"]

KIND = "numerical experiment"


# --- the maps: 1D architectures and anything with .mu / .jacobian / .shapes (conv2d) ----------

def _maps(arch):
    if isinstance(arch, Architecture):
        return (lambda f: mu_numeric(arch, f)), (lambda f: jacobian_numeric(arch, f)), [(k,) for k in arch.k]
    if all(hasattr(arch, a) for a in ("mu", "jacobian", "shapes")):
        return (lambda f: np.ravel(arch.mu(f))), arch.jacobian, list(arch.shapes)
    raise TypeError(f"expected an Architecture or a Conv2dArchitecture, got {type(arch).__name__}")


def _filters(arch, filters):
    shapes = _maps(arch)[2]
    out = [np.asarray(w, dtype=float) for w in filters]
    if [w.shape for w in out] != shapes:
        raise ValueError(f"filters must have shapes {shapes}, got {[w.shape for w in out]}")
    return out


def ntk(arch, filters) -> np.ndarray:
    """``K(w) = J J^T`` (``n x n``), ``J`` the Jacobian of ``mu`` at the filters ``w``.

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> ntk(Architecture((2, 2), (2, 1)), [[1.0, 0.0], [1.0, 0.0]]).diagonal().tolist()
        [2.0, 1.0, 1.0, 0.0]
    """
    J = _maps(arch)[1](_filters(arch, filters))
    return J @ J.T


def induced_velocity(arch, filters, grad_u) -> np.ndarray:
    """``u' = -K(w) grad ell(u)``: the velocity of ``u = mu(w)`` under parameter gradient flow."""
    return -ntk(arch, filters) @ np.ravel(np.asarray(grad_u, dtype=float))


def invariants(filters) -> np.ndarray:
    """``delta_i = ||w_i||^2 - ||w_{i+1}||^2`` (filters of any shape)."""
    return _deltas_1d([np.ravel(np.asarray(w, dtype=float)) for w in filters])


def rescale_to_invariants(filters, delta) -> list[np.ndarray]:
    """The rescaling ``(lambda_i w_i)``, ``lambda_i > 0``, ``prod lambda_i = 1``, with invariants
    ``delta`` (same ``mu``).  With ``x_i = lambda_i^2``, ``a_i = ||w_i||^2`` and ``s = x_L a_L``:
    ``x_i a_i = s + sum_{j >= i} delta_j``, and ``sum_i log(x_i) = 0`` is increasing in ``s``, so
    the solution is unique (KMMT Cor. 5.14); found by ``brentq``."""
    filters = [np.asarray(w, dtype=float) for w in filters]
    delta = np.asarray(delta, dtype=float).ravel()
    if len(delta) != len(filters) - 1:
        raise ValueError(f"expected {len(filters) - 1} invariants delta_i, got {len(delta)}")
    a = np.array([float(np.sum(w * w)) for w in filters])
    if np.any(a == 0):
        raise ValueError("a zero filter cannot be rescaled to given invariants")
    tails = np.append(np.cumsum(delta[::-1])[::-1], 0.0)   # sum_{j >= i} delta_j
    lo = max(0.0, -float(tails.min()))

    def F(s):
        return float(np.sum(np.log(s + tails) - np.log(a)))

    hi = lo + 1.0
    while F(hi) < 0:
        hi = lo + 2 * (hi - lo)
    left = lo + 1e-300 if lo == 0 else np.nextafter(lo, np.inf)
    s = brentq(F, left, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    lam = np.sqrt((s + tails) / a)
    lam[-1] /= np.prod(lam)  # prod lambda_i = 1 to rounding
    return [l * w for l, w in zip(lam, filters)]


def factorizations(arch: Architecture, u, tol: float = 1e-6) -> list[list[np.ndarray]]:
    """All real factorizations ``mu(w) = u`` modulo rescaling, one per real root assignment
    (:func:`lcnalg.geometry.hyperroots.iter_assignments`; roots by ``numpy.roots``, compared
    with relative tolerance ``tol``)."""
    from lcnalg.geometry.hyperroots import INF, RootData, iter_assignments
    if not isinstance(arch, Architecture):
        raise TypeError(f"factorizations needs a 1D Architecture, got {type(arch).__name__}")
    u = np.asarray(u, dtype=float)
    if u.shape != (arch.n,):
        raise ValueError(f"u must be an end-to-end filter of length n={arch.n}, got shape {u.shape}")
    if not np.any(u):
        raise ValueError("u = 0: the fibre is not a finite union of rescaling orbits")
    out = []
    for assignment in iter_assignments(arch, RootData(list(u), tol), real=True):
        filters = []
        for orbits in assignment:
            w = np.ones(1, dtype=complex)
            for o in orbits:
                w = np.convolve(w, [1.0, 0.0] if o.tau is INF else [-complex(o.tau), 1.0])
            filters.append(w)
        if max(np.max(np.abs(w.imag)) / np.max(np.abs(w)) for w in filters) > 1e3 * tol:
            continue
        filters = [w.real for w in filters]
        v = mu_numeric(arch, filters)
        c = float(v @ u / (v @ v))
        filters[0] = c * filters[0]
        if np.linalg.norm(mu_numeric(arch, filters) - u) <= 1e3 * tol * np.linalg.norm(u):
            out.append(filters)
    return out


@dataclass
class FibreMetrics:
    """Fibre points over ``u`` with invariants ``delta`` and ``K`` at each.  ``spread`` is
    ``max_i ||K_i - K_0|| / ||K_0||`` (Frobenius); ``agrees`` is ``spread <= tolerance``."""

    u: np.ndarray
    delta: np.ndarray
    points: list
    K: list
    assignments: int
    method: str
    tolerance: float
    seed: int | None = None
    kind: str = KIND
    residuals: list = field(default_factory=list)

    @property
    def spread(self) -> float:
        if not self.K:
            return float("nan")
        K0 = self.K[0]
        return float(max(np.linalg.norm(K - K0) for K in self.K) / np.linalg.norm(K0))

    @property
    def agrees(self) -> bool:
        return bool(self.spread <= self.tolerance)

    def __repr__(self):
        return (f"<FibreMetrics ({self.kind}, {self.method}): {len(self.points)} points, "
                f"{self.assignments} assignments, K spread {self.spread:.1e} "
                f"({'agrees' if self.agrees else 'differs'} at tolerance {self.tolerance:g})>")


def _sign_flips(filters):
    L = len(filters)
    for eps in product((1, -1), repeat=L - 1):
        eps = eps + (int(np.prod(eps)),)
        yield [e * w for e, w in zip(eps, filters)]


def _canonical(filters):
    """Representative modulo sign flips with product one (all but the last layer: largest entry > 0)."""
    out, sign = [], 1.0
    for w in filters[:-1]:
        e = 1.0 if w.flat[np.argmax(np.abs(w))] > 0 else -1.0
        out.append(e * w)
        sign *= e
    return out + [sign * filters[-1]]


def _fibre_problem(arch, u, delta):
    """``(split, residual, jacobian)`` of ``th -> [mu(w) - u, delta(w) - delta] / ||u||``."""
    mu, jac, shapes = _maps(arch)
    sizes = [int(np.prod(s)) for s in shapes]
    cuts = np.cumsum(sizes)[:-1]
    scale = np.linalg.norm(u)

    def split(th):
        return [p.reshape(s) for p, s in zip(np.split(th, cuts), shapes)]

    def residual(th):
        w = split(th)
        return np.concatenate([mu(w) - u, invariants(w) - delta]) / scale

    def jacobian(th):
        w = split(th)
        D = np.zeros((len(delta), len(th)))
        for i in range(len(delta)):
            D[i, sum(sizes[:i]):cuts[i]] = 2 * np.ravel(w[i])
            D[i, cuts[i]:sum(sizes[:i + 2])] = -2 * np.ravel(w[i + 1])
        return np.vstack([jac(w), D]) / scale

    return split, residual, jacobian


def _solve_fibre(arch, u, delta, start):
    split, residual, jacobian = _fibre_problem(arch, u, delta)
    sol = least_squares(residual, start, jac=jacobian, method="trf", xtol=1e-15, ftol=1e-15,
                        gtol=1e-15, max_nfev=2000)
    return split(sol.x), float(np.linalg.norm(sol.fun)), sol.x


def _search(arch, u, delta, starts, seed, tol):
    """Fibre points by least squares on ``[mu(w) - u, delta(w) - delta]`` from seeded starts."""
    sizes = [int(np.prod(s)) for s in _maps(arch)[2]]
    rng = np.random.default_rng(seed)
    scale = np.linalg.norm(u)
    r0 = scale ** (1.0 / len(sizes)) / np.sqrt(max(sizes))
    found = []
    for _ in range(starts):
        w, r, _ = _solve_fibre(arch, u, delta, r0 * rng.standard_normal(sum(sizes)))
        if r > tol:
            continue
        w = _canonical(w)
        if not any(all(np.allclose(a, b, atol=1e3 * tol * np.sqrt(scale)) for a, b in zip(w, v)) for v in found):
            found.append(w)
    return found


def fibre_metrics(arch, u, delta, method: str | None = None, tol: float = 1e-6,
                  tolerance: float = 1e-8, signs: bool = True, starts: int = 40,
                  seed: int = 0) -> FibreMetrics:
    """Fibre points ``w`` with ``mu(w) = u`` and invariants ``delta``, and ``K`` at each.

    ``method='roots'`` (1D default): every real factorization (:func:`factorizations`, root
    tolerance ``tol``) rescaled by :func:`rescale_to_invariants`, with all sign flips if
    ``signs``.  ``method='search'`` (2D default): every point found by ``starts`` seeded
    Levenberg–Marquardt runs (residual ``<= tol``), distinct modulo sign flips.
    ``tolerance``: the relative spread of ``K`` up to which it counts as one ``K``."""
    mu, _, _ = _maps(arch)
    u = np.ravel(np.asarray(u, dtype=float))
    delta = np.atleast_1d(np.asarray(delta, dtype=float))
    method = method or ("roots" if isinstance(arch, Architecture) else "search")
    if method == "roots":
        facs = factorizations(arch, u, tol)
        points = [rescale_to_invariants(f, delta) for f in facs]
        assignments, seed = len(facs), None
    elif method == "search":
        points = _search(arch, u, delta, starts, seed, tol)
        assignments = len(points)
    else:
        raise ValueError(f"method must be 'roots' or 'search', got {method!r}")
    if signs:
        points = [p for q in points for p in _sign_flips(q)]
    res = [float(max(np.linalg.norm(mu(p) - u) / np.linalg.norm(u),
                     np.max(np.abs(invariants(p) - delta), initial=0.0) / np.linalg.norm(u))) for p in points]
    return FibreMetrics(u, delta, points, [ntk(arch, p) for p in points], assignments, method,
                        tolerance, seed, residuals=res)


def metric(arch, u, delta, tol: float = 1e-6, tolerance: float = 1e-8) -> np.ndarray:
    """``K(u; delta)`` from the fibre points (1D roots); raises ``ValueError`` if they disagree
    beyond ``tolerance`` (e.g. stride one) or if none is real.  ``K`` is ``n x n`` of rank
    ``dim M`` at regular points; the Riemannian metric on ``T_u M`` (its image) is its inverse there."""
    fm = fibre_metrics(arch, u, delta, method="roots", tol=tol, tolerance=tolerance, signs=False)
    if not fm.points:
        raise ValueError(f"u has no real factorization for {arch} at root tolerance {tol:g}")
    if not fm.agrees:
        raise ValueError(f"K is not a function of (u, delta) here: {len(fm.points)} fibre points, "
                         f"spread {fm.spread:.2e} > tolerance {tolerance:g}")
    return fm.K[0]


@dataclass
class FlowComparison:
    """``u(T)`` from the function-space ODE vs ``mu(w(T))`` of parameter-space flows:
    ``ode_gap`` against the parameter ODE, and per GD step ``{"step", "steps", "gap"}``
    (relative gaps ``||.|| / ||u(T)||``); ``projection_residual``: the largest residual of the
    fibre points solved for at the ODE stages (off ``M`` by the integrator's error)."""

    time: float
    u_function_space: np.ndarray
    u_parameter_ode: np.ndarray
    ode_gap: float
    gd: list
    rtol: float
    projection_residual: float
    kind: str = KIND

    def __repr__(self):
        gd = ", ".join(f"{g['step']:g}: {g['gap']:.1e}" for g in self.gd)
        return (f"<FlowComparison ({self.kind}, rtol {self.rtol:g}) at T={self.time:g}: "
                f"parameter ODE gap {self.ode_gap:.1e}; GD gaps by step {{{gd}}}>")


def compare_flows(arch: Architecture, loss, init, time: float = 1.0,
                  steps_sizes=(0.02, 0.01, 0.005), rtol: float = 1e-10) -> FlowComparison:
    """Integrate ``u' = -K(u; delta) grad ell(u)`` (``solve_ivp``, DOP853, ``rtol``) from
    ``mu(w_0)`` and compare at time ``time`` with ``mu(w(T))`` for the parameter ODE
    ``w' = -J^T grad ell(mu(w))`` and for gradient descent with each step in ``steps_sizes``.
    ``loss``: any object with ``gradient(u)`` (e.g. :func:`lcnalg.training.dynamics.synthetic_problem`)."""
    from lcnalg.training.dynamics import gradient_descent
    if not isinstance(arch, Architecture):
        raise TypeError(f"compare_flows needs a 1D Architecture, got {type(arch).__name__}")
    mu, jac, shapes = _maps(arch)
    w0 = _filters(arch, init)
    delta = invariants(w0)
    u0 = mu(w0)
    fm = fibre_metrics(arch, u0, delta, signs=False)
    if not fm.agrees:
        raise ValueError(f"K is not a function of (u, delta) at mu(w_0) for {arch}: {fm!r}")
    state = {"x": np.concatenate([np.ravel(w) for w in fm.points[0]]), "residual": 0.0}

    def rhs(t, u):  # K(u; delta) at the fibre point over u, continued from the last one
        w, r, state["x"] = _solve_fibre(arch, u, delta, state["x"])
        state["residual"] = max(state["residual"], r)
        return -ntk(arch, w) @ loss.gradient(u)

    fs = solve_ivp(rhs, (0, time), u0, method="DOP853", rtol=rtol, atol=rtol * np.linalg.norm(u0))
    sizes = np.cumsum([w.size for w in w0])[:-1]
    ps = solve_ivp(lambda t, th: -jac(np.split(th, sizes)).T @ loss.gradient(mu(np.split(th, sizes))),
                   (0, time), np.concatenate(w0), method="DOP853", rtol=rtol, atol=rtol)
    if not (fs.success and ps.success):
        raise RuntimeError(f"solve_ivp failed: {fs.message if not fs.success else ps.message}")
    uT = fs.y[:, -1]
    norm = np.linalg.norm(uT)
    gd = []
    for eta in steps_sizes:
        n = int(round(time / eta))
        run = gradient_descent(arch, loss, init=w0, step=float(eta), steps=n)
        gd.append({"step": float(eta), "steps": n, "gap": float(np.linalg.norm(run.u - uT) / norm)})
    u_ps = mu(np.split(ps.y[:, -1], sizes))
    return FlowComparison(time, uT, u_ps, float(np.linalg.norm(u_ps - uT) / norm), gd, rtol,
                          state["residual"])
