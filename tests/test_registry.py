"""The engine registry: one module and one line add an engine, and everything asks it."""
import json

import pytest

from lcnalg.cli import build_parser, main
from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.neurovariety import Neurovariety
from lcnalg.implicit import registry
from lcnalg.request import Request


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(registry, "ENGINES", ["toy", *registry.ENGINES])  # the registration


def _ideal(arch, gens):
    from lcnalg.geometry.parameterization import coordinate_ring
    R = coordinate_ring(arch)
    return R.ideal([R(str(g)) for g in gens])


def test_a_toy_engine_runs_through_the_neurovariety_and_the_cli(toy, capsys):
    arch = Architecture((3, 3), (2, 1))
    V = Neurovariety(arch)
    assert V.engine() == "toy"  # first in the default order, and it says default
    r = V.ideal_result()
    assert (r.engine, r.certification, r.detail) == ("toy", "probabilistic", "a toy")
    # the same ideal as the determinantal theorem's, computed without the toy
    from lcnalg.implicit import determinantal
    assert V.ideal() == _ideal(arch, determinantal.ideal_result(arch).gens)
    assert Neurovariety(Architecture((2, 2, 2), (1, 2, 1))).engine() == "toy"  # reduces to L = 2
    assert Neurovariety(Architecture((3, 2, 2), (2, 2, 1))).engine() == "pivot"  # toy does not apply
    assert main(["describe", "3,2", "2,1", "--json", "--backend", "toy", "--fields", "degree"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["backend"], out["engine"], out["degree"]) == ("toy", "toy", 3)
    assert "toy" in build_parser()._subparsers._group_actions[0].choices["describe"].format_help()


def test_an_engine_that_does_not_apply_refuses_with_its_reason(toy):
    with pytest.raises(ValueError, match="toy: k=\\(3,2,2\\)"):
        registry.run(Architecture((3, 2, 2), (2, 2, 1)), Request(backend="toy"))


def test_names_aliases_and_unknown_backends():
    assert registry.resolve("interpolation") == "multigraded"
    assert registry.resolve(None) is None and registry.resolve("default") is None
    with pytest.raises(ValueError, match="unknown backend 'magma': choose one of segre, "):
        registry.resolve("magma")
    for name in registry.names():  # every registered module declares its name and protocol
        module = registry.engine(name)
        assert module.NAME == name and callable(module.plan) and callable(module.run)


def test_plans_say_why():
    p = registry.plan("segre", Architecture((3, 3), (2, 1)))
    assert not p.runs and "k_i <= s_i" in p.reason
    p = registry.plan("determinantal", Architecture((7, 3), (3, 1)))
    assert p.runs and not p.default and "3 phases" in p.reason
    assert registry.default_plan(Architecture((7, 3), (3, 1))).engine == "subresultant"
    p = registry.plan("subresultant", Architecture((5, 3), (3, 1)))  # a constant phase: pivot
    assert not p.runs and "k_1 >= 2S" in p.reason


def test_the_cli_makes_one_request(monkeypatch, capsys):
    import lcnalg.describe
    seen = []

    def fake(arch, fields=None, request=None, **kw):
        seen.append(request)
        return {"sections": {}, "seconds": 0.0}
    monkeypatch.setattr(lcnalg.describe, "describe", fake)
    assert main(["describe", "3,2", "2,1", "--backend", "interpolation", "--budget", "50",
                 "--timeout", "7", "--seed", "3", "--check", "jacobian", "--quiet"]) == 0
    [r] = seen
    assert (r.backend, r.timeout, r.seed, r.check) == ("multigraded", 7.0, 3, "jacobian")
    assert 0 < r.time_left() <= 50 and r.limit() == 7.0
