"""The result types share one base: the vocabulary, ``certified`` derived from the label."""
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.interior import InteriorResult
from lcnalg.geometry.zariski import ZariskiResult
from lcnalg.implicit.result import IdealResult
from lcnalg.result import CERTIFICATIONS, Result


def test_one_base_one_vocabulary():
    A = Architecture((2, 2), (2, 1))
    made = [IdealResult([], "segre", "checked", "through degree 2"),
            ZariskiResult(A, False, None, "criterion", "a witness", "checked"),
            InteriorResult(None, "undecided", "none", "no rule applies")]
    for r in made:
        assert isinstance(r, Result) and r.certified is False and r.detail
    assert ZariskiResult(A, True, None, "criterion", "theorem").to_dict()["certified"] is True
    assert set(CERTIFICATIONS) <= set(InteriorResult.LABELS)
    for kind, args in [(IdealResult, ([], "x", "heuristic")),
                       (ZariskiResult, (A, True, None, "x", "y", "partial")),
                       (InteriorResult, (True, "set-theoretic", "x", "y"))]:
        with pytest.raises(ValueError, match="certification"):
            kind(*args)
