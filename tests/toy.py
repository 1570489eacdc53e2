"""A toy ideal engine for tests/test_registry.py: the whole registration is one line there.

It runs on every architecture with at most two layers after reduction (and is then the
default), and answers with Sage's elimination, labelled as its own."""
from lcnalg.implicit import sage
from lcnalg.implicit.registry import Plan
from lcnalg.implicit.result import IdealResult

NAME = "toy"


def plan(arch):
    ok = arch.reduced().L <= 2
    return Plan(NAME, arch, ok, ok, "at most two layers" if ok else f"toy: {arch} has more layers")


def run(plan, request):
    gens = sage.vanishing_ideal(plan.arch, timeout=request.limit())
    return IdealResult(gens, NAME, "probabilistic", "a toy", 0.0, request.seed)
