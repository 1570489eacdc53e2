"""The result types share one base: the vocabulary, ``certified`` derived from the label."""
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.interior import InteriorResult
from lcnalg.geometry.membership import MembershipResult
from lcnalg.geometry.singular_locus import JacobianCheck, SingularLocus
from lcnalg.geometry.zariski import ZariskiResult
from lcnalg.implicit.result import IdealResult
from lcnalg.result import CERTIFICATIONS, Result
from lcnalg.training.critical import CriticalPointsSummary


def test_one_base_one_vocabulary():
    A = Architecture((2, 2), (2, 1))
    made = [IdealResult([], "segre", "checked", "through degree 2"),
            ZariskiResult(A, False, None, "criterion", "a witness", "checked"),
            InteriorResult(None, "undecided", "none", "no rule applies"),
            MembershipResult(True, [[1.0], [1.0]], "heuristic", True, "within the tolerance"),
            JacobianCheck(True, "dimension", "components singular at random points", 1e-9),
            CriticalPointsSummary(ged_degree=6, dense_parameters=4, seed=0, real=2,
                                  certified_reason="a box failed the Krawczyk test")]
    for r in made:
        assert isinstance(r, Result) and r.certified is False and r.detail and r.method is not None
        assert isinstance(r.to_dict(), dict)
    assert [r.certification for r in made[3:]] == ["heuristic", "probabilistic", "checked"]
    assert not made[3].exact and MembershipResult(False).exact
    assert SingularLocus(A, "theorem", []).certified
    assert JacobianCheck(None, None, "not checked: timed out").certification == "undecided"
    assert ZariskiResult(A, True, None, "criterion", "theorem").to_dict()["certified"] is True
    assert set(CERTIFICATIONS) <= set(InteriorResult.LABELS)
    for kind, args in [(IdealResult, ([], "x", "heuristic")),
                       (ZariskiResult, (A, True, None, "x", "y", "partial")),
                       (InteriorResult, (True, "set-theoretic", "x", "y")),
                       (MembershipResult, (True, None, "undecided"))]:
        with pytest.raises(ValueError, match="certification"):
            kind(*args)
