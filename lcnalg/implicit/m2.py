"""The ``m2`` engine: ``I(V)`` as Macaulay2's ``mingens ker`` of ``mu^*`` (certified), through
the bridge :mod:`lcnalg.macaulay2`.

EXAMPLES::

    >>> needs_m2()  # in the test suite: skips these examples without Macaulay2
    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.implicit import m2
    >>> A = Architecture((3, 2), (2, 1))
    >>> m2.vanishing_ideal(A)
    [c1*c2*c3 - c0*c3^2 - c1^2*c4]
    >>> {k: v for k, v in m2.invariants(A).items() if k in ("codim", "degree")}
    {'codim': 1, 'degree': 3}
"""
from __future__ import annotations

import copy
import re
import time

from lcnalg.errors import EngineError
from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit.registry import Plan
from lcnalg.implicit.result import IdealResult
from lcnalg.macaulay2 import parse_polynomial, run_script
from lcnalg.request import Request

NAME = "m2"


def plan(arch: Architecture) -> Plan:
    """Runs on every architecture (when Macaulay2 is installed); chosen only by request."""
    return Plan(NAME, arch, True, False, "Macaulay2 ker, the generic certified engine")


def run(plan: Plan, request: Request) -> IdealResult:
    """The generators under ``request.limit()``, certified (an exact Gröbner basis)."""
    start = time.perf_counter()
    gens = vanishing_ideal(plan.arch, timeout=request.limit())
    return IdealResult(gens, NAME, "certified", "Gröbner elimination",
                       time.perf_counter() - start, None)


_data_cache: dict[tuple, dict] = {}
_POLY_CHARS = re.compile(r"\A[-+*/^() 0-9]*\Z")


def neurovariety_data(arch: Architecture, timeout: float | None = None) -> dict:
    """The raw JSON of ``lcnalg/m2scripts/neurovariety.m2`` for ``arch`` (cached per architecture;
    ``timeout=None``: no limit)."""
    key = (arch.k, arch.s)
    if key not in _data_cache:
        data = run_script("neurovariety.m2", [",".join(map(str, arch.k)), ",".join(map(str, arch.s))],
                          timeout=timeout)
        if data.get("n") != arch.n:
            raise EngineError(f"Macaulay2 script neurovariety.m2 for {arch} returned n={data.get('n')}, "
                              f"expected {arch.n}")
        if len(_data_cache) >= 256:
            _data_cache.clear()
        _data_cache[key] = data
    return copy.deepcopy(_data_cache[key])


def vanishing_ideal(arch: Architecture, timeout: float | None = None) -> list:
    """Minimal generators of ``I(V_{k,s})`` (M2's ``mingens ker``) as polynomials in
    :func:`lcnalg.geometry.parameterization.coordinate_ring`.  Thick architectures: ``[]`` (no M2)."""
    if arch.thick:
        return []
    from lcnalg.geometry.parameterization import coordinate_ring
    R = coordinate_ring(arch)
    return [parse_polynomial(R, g, arch.n, "neurovariety.m2") for g in neurovariety_data(arch, timeout)["mingens"]]


def invariants(arch: Architecture, timeout: float | None = None) -> dict:
    """``dim`` (affine), ``codim``, ``degree``, ``generator_degrees`` (degree as a string ->
    number of minimal generators), ``hilbert_numerator`` (``h_e`` with Hilbert series
    ``sum h_e T^e / (1-T)^dim``), ``hilbert_polynomial`` (in ``QQ['i']``), ``seconds``.
    Thick architectures (``V = C^n``) are answered without M2."""
    from lcnalg import _sage
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    P = PolynomialRing(QQ, "i")
    n = arch.n
    if arch.thick:
        i = P.gen()
        hp = P.one()
        for m in range(1, n):
            hp *= (i + m) / m  # binomial(i + n - 1, n - 1)
        return {"dim": n, "codim": 0, "degree": 1, "generator_degrees": {}, "hilbert_numerator": [1],
                "hilbert_polynomial": hp, "seconds": 0.0}
    data = neurovariety_data(arch, timeout)
    hp_text = data["hilbert_polynomial"]
    if not _POLY_CHARS.match(hp_text.replace("i", "")):
        raise EngineError(f"unexpected Hilbert polynomial from neurovariety.m2: {hp_text[:200]!r}")
    degrees: dict[str, int] = {}
    for e in sorted(data["mingens_degrees"]):
        degrees[str(e)] = degrees.get(str(e), 0) + 1
    return {"dim": int(data["dim"]), "codim": int(data["codim"]), "degree": int(data["degree"]),
            "generator_degrees": degrees, "hilbert_numerator": [int(h) for h in data["hilbert_numerator"]],
            "hilbert_polynomial": P(hp_text), "seconds": float(data["seconds"])}
