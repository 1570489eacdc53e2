"""Gradient descent on strided LCNs (numpy): loss curves, conserved quantities, endpoints.

Along the gradient flow of any loss ``L = ell o mu`` the differences
``delta_i = ||w_i||^2 - ||w_{i+1}||^2`` are conserved (MATH.md §7): rescaling invariance gives
``<w_i, dL/dw_i> = <w_j, dL/dw_j>`` for all layers.  Gradient descent with step ``eta``
changes them by exactly ``eta^2 (||g_i||^2 - ||g_{i+1}||^2)`` per step, so over a fixed time
``T = eta * steps`` the drift is ``O(eta)``: :func:`delta_drift` measures it.

Everything random takes a seed; runs are deterministic given it.  Nothing here is certified:
these are floating-point experiments.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.training.dynamics import synthetic_problem, gradient_descent
    >>> arch = Architecture((3, 2), (2, 1))
    >>> ell = synthetic_problem(arch, seed=0)
    >>> run = gradient_descent(arch, ell, step=0.02, steps=2000, seed=1)
    >>> bool(run.losses[-1] < run.losses[0]), run.deltas.shape
    (True, (2001, 1))
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lcnalg.geometry.architecture import Architecture
from lcnalg.training.loss import QuadraticLoss, loss_gradient, numeric_loss, patches
from lcnalg.geometry.parameterization import mu_numeric, network_forward

__all__ = ["numeric_loss", "synthetic_problem", "deltas", "gradient", "landing_shares",
           "gradient_descent", "GDRun", "delta_drift", "root_gap", "endpoints"]


def synthetic_problem(arch: Architecture, seed: int = 0, samples: int = 20, noise: float = 0.5,
                      length: int | None = None, target=None) -> QuadraticLoss:
    """Seeded synthetic regression as a mean squared error: Gaussian input signals; targets
    from a random teacher network of the same architecture, or from the end-to-end filter
    ``target`` (length ``n``, e.g. one outside ``M``), plus Gaussian noise (``noise`` times
    the targets' standard deviation)."""
    rng = np.random.default_rng(seed)
    length = length or arch.n + 3 * arch.stride
    if length < arch.n:
        raise ValueError(f"length {length} is shorter than the receptive field n={arch.n}")
    X = rng.standard_normal((length, samples))
    if target is None:
        teacher = [rng.standard_normal(k) for k in arch.k]
        Y = network_forward(X, teacher, arch.s)
    else:
        target = np.asarray(target, dtype=float)
        if target.shape != (arch.n,):
            raise ValueError(f"target must be an end-to-end filter of length {arch.n}")
        P = patches(arch, X)
        Y = (P @ target).reshape(-1, samples)
    Y = Y + noise * np.std(Y) * rng.standard_normal(Y.shape)
    return numeric_loss(arch, X, Y)


def deltas(filters) -> np.ndarray:
    """``delta_i = ||w_i||^2 - ||w_{i+1}||^2``, ``i = 1..L-1``."""
    sq = np.array([float(np.dot(w, w)) for w in filters])
    return sq[:-1] - sq[1:]


def gradient(arch: Architecture, ell: QuadraticLoss, filters) -> list[np.ndarray]:
    """``dL/dw_i`` of ``L = ell o mu`` (:func:`lcnalg.training.loss.loss_gradient`)."""
    return loss_gradient(arch, ell, filters)


@dataclass
class GDRun:
    """One gradient descent run: ``losses`` and ``deltas`` at every step (``steps + 1`` rows),
    the final ``filters`` and ``u = mu(filters)``, the final gradient norm, and whether the
    run diverged (non-finite or exploding loss)."""

    step: float
    losses: np.ndarray
    deltas: np.ndarray
    filters: list
    u: np.ndarray
    grad_norm: float
    diverged: bool

    @property
    def drift(self) -> float:
        """``max_t max_i |delta_i(t) - delta_i(0)|``."""
        if self.deltas.shape[1] == 0:
            return 0.0
        return float(np.max(np.abs(self.deltas - self.deltas[0])))


def _check(arch, step, steps):
    if not isinstance(arch, Architecture):
        raise ValueError(f"expected an Architecture, got {arch!r}")
    if not (isinstance(step, (int, float)) and np.isfinite(step) and step > 0):
        raise ValueError(f"step must be a positive number, got {step!r}")
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")


def gradient_descent(arch: Architecture, ell: QuadraticLoss, init=None, step: float = 1e-2,
                     steps: int = 1000, seed: int = 0, scale: float = 0.5) -> GDRun:
    """Plain gradient descent ``w <- w - step * grad L(w)`` from ``init`` (default: Gaussian
    filters times ``scale``, seeded).  Records the loss and the ``delta_i`` at every step."""
    _check(arch, step, steps)
    if init is None:
        rng = np.random.default_rng(seed)
        w = [scale * rng.standard_normal(k) for k in arch.k]
    else:
        w = [np.array(x, dtype=float) for x in init]
        if [len(x) for x in w] != list(arch.k):
            raise ValueError(f"init must have filter sizes {arch.k}, got {[len(x) for x in w]}")
    losses = np.empty(steps + 1)
    ds = np.empty((steps + 1, arch.L - 1))
    losses[0], ds[0] = ell(mu_numeric(arch, w)), deltas(w)
    diverged = False
    for t in range(1, steps + 1):
        g = gradient(arch, ell, w)
        w = [wi - step * gi for wi, gi in zip(w, g)]
        losses[t], ds[t] = ell(mu_numeric(arch, w)), deltas(w)
        if not np.isfinite(losses[t]) or losses[t] > 1e12 * max(1.0, abs(losses[0])):
            diverged = True
            losses[t + 1:] = np.nan
            ds[t + 1:] = np.nan
            break
    gn = float(np.sqrt(sum(np.dot(x, x) for x in gradient(arch, ell, w)))) if not diverged else float("nan")
    return GDRun(step, losses, ds, w, mu_numeric(arch, w), gn, diverged)


def delta_drift(arch: Architecture, ell: QuadraticLoss, steps_sizes=(0.04, 0.02, 0.01, 0.005),
                time: float = 10.0, seed: int = 0) -> list[dict]:
    """For each step size ``eta``: run gradient descent from the same seeded initialization
    for ``time / eta`` steps (same flow time) and report ``{"step", "steps", "drift",
    "final_loss", "diverged"}``; the drift should shrink like ``eta``."""
    out = []
    for eta in steps_sizes:
        n = int(round(time / eta))
        run = gradient_descent(arch, ell, step=float(eta), steps=n, seed=seed)
        out.append({"step": float(eta), "steps": n, "drift": run.drift,
                    "final_loss": float(run.losses[-1]), "diverged": run.diverged})
    return out


def root_gap(arch: Architecture, filters) -> float:
    """The smallest chordal distance on the Riemann sphere between hyperroots of two
    different layers (roots ``tau`` of ``w_i(tau^{S_i})``, with ``tau = oo`` when the degree
    drops); ``inf`` for one layer.  Zero iff two layers share a hyperroot (repeated filters)."""
    def hyperroots(w, k, S):
        up = np.zeros((k - 1) * S + 1)
        up[::S] = np.asarray(w, dtype=float)
        nz = np.flatnonzero(up)
        if len(nz) == 0:
            return []
        finite = list(np.roots(up[:nz[-1] + 1][::-1])) if nz[-1] > 0 else []
        return finite + [None] * (len(up) - 1 - nz[-1])       # None: the root oo

    def chordal(a, b):
        if a is None or b is None:
            return 0.0 if a is b else 1 / np.sqrt(1 + abs(b if a is None else a) ** 2)
        return abs(a - b) / np.sqrt((1 + abs(a) ** 2) * (1 + abs(b) ** 2))

    roots = [hyperroots(w, k, S) for w, k, S in zip(filters, arch.k, arch.S)]
    gaps = [chordal(a, b) for i in range(arch.L) for j in range(i + 1, arch.L)
            for a in roots[i] for b in roots[j]]
    return float(min(gaps, default=np.inf))


def endpoints(arch: Architecture, ell: QuadraticLoss, runs: int = 20, step: float = 1e-2,
              steps: int = 3000, seed: int = 0, gap_tol: float = 1e-2) -> dict:
    """Where gradient descent ends from ``runs`` seeded initializations: the final losses,
    end-to-end filters, root gaps, and how many runs end with (nearly) repeated filters
    (``root_gap < gap_tol``); also the distinct endpoints (``u`` clustered to 1e-3)."""
    finals = []
    for r in range(runs):
        run = gradient_descent(arch, ell, step=step, steps=steps, seed=seed * 100003 + r)
        finals.append(run)
    ok = [f for f in finals if not f.diverged]
    gaps = [root_gap(arch, f.filters) for f in ok]
    clusters: list[list] = []
    for f in ok:
        for c in clusters:
            if np.linalg.norm(f.u - c[0]) <= 1e-3 * max(1.0, np.linalg.norm(c[0])):
                c[1] += 1
                break
        else:
            clusters.append([f.u, 1])
    return {"runs": runs, "diverged": runs - len(ok),
            "final_losses": [float(f.losses[-1]) for f in ok],
            "grad_norms": [f.grad_norm for f in ok],
            "root_gaps": gaps,
            "repeated_filters": int(sum(g < gap_tol for g in gaps)),
            "endpoints": [{"u": c[0].tolist(), "count": c[1], "loss": ell(c[0])} for c in clusters],
            "seed": seed}


def landing_shares(arch: Architecture, ell: QuadraticLoss | None = None, seed: int = 0,
                   runs: int = 30, step: float = 1e-2, steps: int = 4000) -> dict:
    """KMMT's prediction, measured: where gradient descent lands vs what the real critical
    points are.  The real critical points of ``ell o mu`` (default: the data of
    :func:`lcnalg.training.loss.random_training_data` with ``seed``) come from
    :func:`lcnalg.training.critical.real_critical_points` (certified complete when its
    ``certified`` is True); each converged gradient-descent run (``runs`` seeded
    initializations) is matched to the critical point with the nearest end-to-end filter.
    Returns the shares of runs landing at points with repeated filters / on the boundary /
    pure, beside the shares of such points among all real critical points and among the
    minima (``unmatched``: runs ending farther than ``1e-3`` relative from every critical
    point, e.g. not yet converged).  Numerical experiment, seeded."""
    from lcnalg.training.critical import real_critical_points
    from lcnalg.training.loss import loss_from_data, random_training_data
    if ell is None:
        ell = loss_from_data(arch, *random_training_data(arch, seed))
    r = real_critical_points(arch, ell, seed=seed, certify=False)
    pts = r.points
    us = [np.array(p.u) for p in pts]
    ep = endpoints(arch, ell, runs=runs, step=step, steps=steps, seed=seed)
    landed = {"repeated_filters": 0, "boundary": 0, "pure": 0, "unmatched": 0}
    for e in ep["endpoints"]:
        u = np.array(e["u"])
        d = [np.linalg.norm(u - v) / max(1.0, np.linalg.norm(v)) for v in us]
        if not d or min(d) > 1e-3:
            landed["unmatched"] += e["count"]
            continue
        p = pts[int(np.argmin(d))]
        landed["repeated_filters"] += e["count"] * bool(p.repeated_filters)
        landed["boundary"] += e["count"] * bool(p.boundary)
        landed["pure"] += e["count"] * bool(p.pure)
    conv = runs - ep["diverged"]
    minima = [p for p in pts if p.hessian == "minimum"]

    def share(ps, key):
        return sum(bool(getattr(p, key)) for p in ps) / len(ps) if ps else None
    return {"runs": runs, "converged": conv, "landed": landed,
            "landed_share": {k: v / conv if conv else None for k, v in landed.items()},
            "critical_share": {k: share(pts, k) for k in ("repeated_filters", "boundary", "pure")},
            "minima_share": {k: share(minima, k) for k in ("repeated_filters", "boundary", "pure")},
            "real_points": len(pts), "certified_complete": r.complete,
            "seed": seed, "kind": "numerical experiment"}
