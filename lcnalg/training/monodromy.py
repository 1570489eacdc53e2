"""Numerical monodromy count of the complex critical points of the squared loss (MATH.md §6).

A second method beside the msolve count over ``GF(p)``
(:func:`lcnalg.training.critical.count_complex`): the same critical equations on the same
kind of gauge slice (:class:`lcnalg.training.slice.SliceSystem`, ``lam * z = 1`` excludes
``mu(w) = 0``), with the quadratic's data ``Q, b`` as parameters.  The equations are linear
in them, so a random complex point and parameters in the kernel at it give a seed pair;
Macaulay2's ``MonodromySolver`` (``lcnalg/m2scripts/monodromy.m2``, seeded with
``setRandomSeed``) collects nonsingular solutions until it stalls.  The result is
probabilistic (seed): Macaulay2 1.21 has no trace test, so the confirmation is agreement
with the msolve count (``confirmed_by``).

Limitation: monodromy stays on the irreducible component of the incidence variety
``{(data, point)}`` through the seed pair, the one through a random point.  Where the
incidence variety is reducible this undercounts: on stride-one architectures seen so far
((2,2),(1,1): 2 of gEDdeg 6; (3,3),(1,1): 6 of 39) it finds only the fibre of ``mu`` over the
unconstrained minimizer (``deg mu`` points), not the critical points on the ramification
locus.  Then ``confirm`` does not confirm (``confirmed_by`` None); never use an unconfirmed
count as the critical point count.

EXAMPLES::

    >>> needs_m2()  # in the test suite: skips these examples without Macaulay2
    >>> from lcnalg.geometry.architecture import Architecture
    >>> r = monodromy_count(Architecture((2, 2), (2, 1)), seed=1, timeout=120)
    >>> r["count"], r["label"]
    (6, 'probabilistic (seed 1)')
"""
from __future__ import annotations

import time

import numpy as np

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.macaulay2 import run_script
from lcnalg.training.slice import SliceSystem, random_gauge

__all__ = ["monodromy_input", "monodromy_count"]


def monodromy_input(arch: Architecture, seed: int = 0) -> str:
    """The M2 input of ``monodromy.m2``: ``nP``, ``nX`` and the equations in ``p0..``
    (``Q`` upper triangle, then ``b``) and ``x0..`` (slice coordinates, ``lam``, ``z``)."""
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    n = arch.n
    nq = n * (n + 1) // 2
    P = PolynomialRing(QQ, [f"p{i}" for i in range(nq + n)])
    p, Q, idx = P.gens(), [[None] * n for _ in range(n)], 0
    for i in range(n):
        for j in range(i, n):
            Q[i][j] = Q[j][i] = p[idx] if i == j else p[idx] / 2
            idx += 1
    b = list(p[nq:])
    gauge = random_gauge(arch, np.random.default_rng(seed + 15485863))
    S = SliceSystem(arch, Q, b, [[QQ(x) for x in a] for a in gauge], P)
    nx = S.R.ngens()

    def text(f):
        terms = []
        for e, c in f.dict().items():
            mono = "*".join(f"x{i}^{k}" for i, k in enumerate(e) if k)
            terms.append(f"({c})" + (f"*{mono}" if mono else ""))
        return " + ".join(terms) or "0"
    eqs = ", ".join('"' + text(f) + '"' for f in S.equations)
    return f"nP = {nq + n}; nX = {nx};\neqs = {{{eqs}}};\n"


def monodromy_count(arch: Architecture, seed: int = 0, timeout: float | None = 600,
                    confirm: bool = False) -> dict:
    """Complex critical points (``mu(w) != 0``, nonsingular) of ``ell o mu`` for random complex
    data, by numerical monodromy in Macaulay2 (probabilistic, seeded).

    Keys: ``count``, ``seed``, ``seconds``, ``label`` (``probabilistic (seed s)``),
    ``confirmed_by`` (with ``confirm``: ``"msolve count over GF(p), seed s"`` when
    :func:`lcnalg.training.critical.count_complex` gives the same number, else None; the
    msolve count is in ``msolve``).  ``timeout`` bounds the M2 run (process group killed)."""
    if not isinstance(arch, Architecture):
        raise ValueError(f"expected an Architecture, got {arch!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 10 ** 9:
        raise ValueError(f"seed must be an integer in [0, 10^9), got {seed!r}")
    start = time.perf_counter()
    data = run_script("monodromy.m2", [seed], timeout, input_text=monodromy_input(arch, seed))
    res = {"count": data["count"], "seed": seed, "m2_seconds": data["seconds"],
           "label": f"probabilistic (seed {seed})", "confirmed_by": None, "msolve": None}
    if confirm:
        from lcnalg.training.critical import count_complex
        c = count_complex(arch, seed=seed, timeout=timeout, images=False, distinct=False)
        res["msolve"] = c.complex
        if c.complex == res["count"]:
            res["confirmed_by"] = f"{c.method} count over GF({c.prime}), seed {seed}"
    res["seconds"] = round(time.perf_counter() - start, 4)
    return res
