"""The engines for ``I(V)``, in the default order, and how one is chosen and run.

An engine is a module with

- ``NAME``: its name (``--backend NAME``), the last part of its module name;
- ``plan(arch) -> Plan``: whether it runs on ``arch`` (``runs``), whether the default may
  choose it (``default``: a theorem applies, or it is the generic engine), why (``reason``),
  and for how long the default lets it try before the next one (``budget``);
- ``run(plan, request) -> IdealResult``: the ideal, under ``request.limit()`` seconds, seeded
  by ``request.seed``.

:data:`ENGINES` lists them in the default order: with no backend, the first engine whose plan
says ``default`` runs.  Adding an engine is one module and one line here.  The list holds
module names, imported on first use (the registry imports no engine itself: engines that
recurse, like ``pivot``, ask it for the default engine of a smaller architecture).  Plans
are cached per architecture (:func:`clear_plans` forgets them).

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> default_plan(Architecture((3, 3), (3, 1))).engine, default_plan(Architecture((3, 3), (2, 1))).engine
    ('segre', 'determinantal')
    >>> resolve("interpolation"), names()[:3]
    ('multigraded', ['segre', 'determinantal', 'product'])
"""
from __future__ import annotations

import functools
import importlib
import time
from dataclasses import dataclass

from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit.result import IdealResult
from lcnalg.request import Request

__all__ = ["ENGINES", "ALIASES", "Plan", "names", "resolve", "engine", "plan", "clear_plans",
           "default_plan", "run", "run_default"]

#: the engine modules, in the default order
ENGINES: list[str] = [
    "lcnalg.implicit.segre",          # non-overlapping after reduction: the Segre theorem
    "lcnalg.implicit.determinantal",  # two layers, two phases after reduction: Eagon–Northcott
    "lcnalg.implicit.product",        # the lower layers inside one period: a Segre product
    "lcnalg.implicit.pivot",          # a constant phase of w_1: one saturation, theorem
    "lcnalg.implicit.lastlayer",      # no constant phase, a better chart at the last layer
    "lcnalg.implicit.subresultant",   # no constant phase (k_1 >= 2S): one saturation, theorem
    "lcnalg.implicit.multigraded",    # the generic default: completion with certificates
    "lcnalg.implicit.sage",           # Singular elimination (certified), by request only
    "lcnalg.implicit.m2",             # Macaulay2 ker (certified), by request only
    "lcnalg.implicit.resultant",      # Shahverdi's recursion (set-theoretic), by request only
]
#: other names accepted for ``--backend``
ALIASES = {"interpolation": "multigraded"}


@dataclass(frozen=True)
class Plan:
    """What an engine would do on ``arch``, decided once (see the module docstring)."""

    engine: str
    arch: Architecture
    runs: bool
    default: bool
    reason: str
    budget: float | None = None


def names() -> list[str]:
    """The engine names, in the default order (aliases not included)."""
    return [e.rpartition(".")[2] for e in ENGINES]


def resolve(backend: str | None) -> str | None:
    """The engine ``backend`` names (aliases resolved; None stays None for the default);
    ValueError naming the known ones."""
    if backend is None or backend == "default":
        return None
    backend = ALIASES.get(backend, backend)
    if backend not in names():
        raise ValueError(f"unknown backend {backend!r}: choose one of "
                         f"{', '.join(names() + list(ALIASES))}")
    return backend


def engine(name: str):
    """The module of engine ``name`` (checked to declare that name)."""
    name = resolve(name)
    if name is None:
        raise ValueError("engine(): a name is needed, not the default")
    module = importlib.import_module(ENGINES[names().index(name)])
    if getattr(module, "NAME", None) != name:
        raise AssertionError(f"engine module {module.__name__} declares NAME = "
                             f"{getattr(module, 'NAME', None)!r}, registered as {name!r}")
    return module


@functools.lru_cache(maxsize=4096)
def _plan(path: str, arch: Architecture) -> Plan:
    return importlib.import_module(path).plan(arch)


def clear_plans() -> None:
    """Forget the cached plans (after changing an engine's parameters)."""
    _plan.cache_clear()


def plan(name: str, arch: Architecture) -> Plan:
    """The plan of engine ``name`` for ``arch`` (computed once per architecture)."""
    engine(name)
    return _plan(ENGINES[names().index(name)], arch)


def default_plan(arch: Architecture, after: str | None = None) -> Plan:
    """The plan of the first engine in the default order that the default may choose for
    ``arch`` (only among the engines after ``after``)."""
    order = names()
    for name in order[order.index(after) + 1:] if after else order:
        p = plan(name, arch)
        if p.default:
            return p
    raise AssertionError(f"no default engine for {arch}: the generic engine must say default")


def run(arch: Architecture, request: Request) -> IdealResult:
    """The ideal by ``request.backend`` (the default when None: :func:`run_default`), its
    ``seconds`` measured here."""
    name = resolve(request.backend)
    if name is None:
        return run_default(arch, request)
    p = plan(name, arch)
    if not p.runs:
        raise ValueError(p.reason)
    start = time.perf_counter()
    result = engine(name).run(p, request)
    result.seconds = time.perf_counter() - start
    return result


def run_default(arch: Architecture, request: Request = Request()) -> IdealResult:
    """The default engine's ideal; an engine with a ``budget`` that runs out hands over to the
    next default engine (saying so in ``detail``)."""
    from lcnalg.errors import EngineTimeout
    p = default_plan(arch)
    start = time.perf_counter()
    limit = request.limit()
    if p.budget is None or (limit is not None and limit <= p.budget):
        result = engine(p.engine).run(p, request)
        result.seconds = time.perf_counter() - start
        return result
    try:
        result = engine(p.engine).run(p, request.replace(timeout=p.budget))
        result.seconds = time.perf_counter() - start
        return result
    except EngineTimeout:
        pass
    left = None if limit is None else limit - (time.perf_counter() - start)
    nxt = default_plan(arch, after=p.engine)
    result = engine(nxt.engine).run(nxt, request.replace(timeout=left))
    result.detail += f"; run by the default after the {p.engine} engine's {p.budget:g} s budget"
    result.seconds = time.perf_counter() - start
    return result
