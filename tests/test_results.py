"""The result types share one base: the vocabulary, ``certified`` derived from the label."""
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.interior import InteriorResult
from lcnalg.geometry.membership import MembershipResult
from lcnalg.geometry.neurovariety import DegreeCheck
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
                                  certified_reason="a box failed the Krawczyk test"),
            DegreeCheck(3, 1, 3, 1)]
    for r in made:
        assert isinstance(r, Result) and r.certified is False and r.detail and r.method is not None
        assert isinstance(r.to_dict(), dict)
    assert [r.certification for r in made[3:]] == ["heuristic", "probabilistic", "checked", "probabilistic"]
    assert made[-1].agrees and not DegreeCheck(3, 2, 3, 1).agrees
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


def test_tables_read_back_what_the_results_wrote():
    """A cached entry is JSON; the tables read it back into the result types (``from_dict``),
    and the read-back object says what the computed one says."""
    import json
    from lcnalg.geometry.semialgebraic import DescriptionSummary, semialgebraic
    from lcnalg.geometry.singular_locus import singular_locus
    from lcnalg.geometry.zariski import zariski_closed
    from lcnalg.tables.neurovarieties import IdealEntry
    from lcnalg.describe import describe

    def back(d):  # through the cache's format
        return json.loads(json.dumps(d))

    for arch in (Architecture((3, 2), (2, 1)), Architecture((2, 4, 3), (2, 2, 1))):
        r = zariski_closed(arch, points=5)
        z = ZariskiResult.from_dict(arch, back(r.to_dict()))
        assert z.to_dict() == back(r.to_dict()) and z.certification == r.certification
        # the independent check: for "not closed", the witness's own exact checks
        assert z.check == ("witness verified" if not r.closed else "5 points of V, 0 outside M")
    arch = Architecture((2, 2, 2), (1, 2, 1))
    S = singular_locus(arch, method="theorem", compare=False)
    T = SingularLocus.from_dict(arch, back(S.to_dict()))
    assert (T.dim, T.codim, T.degree, T.label) == (S.dim, S.codim, S.degree, S.label)
    assert T.ideal() == S.ideal()  # the components' primes rebuilt from their generators
    D = semialgebraic(Architecture((3, 2), (2, 1)), points=5)
    d = DescriptionSummary.from_dict(back(D.to_dict()))
    assert (d.atoms, d.polynomial_count, d.max_degree) == (len(D.formula.atoms()), len(D.polynomials), 2)
    assert d.membership_check == f"5 points of V ({D.checks['membership']['outside_M']} outside M): all agree"
    e = IdealEntry.from_dict(back(describe(Architecture((3, 2), (2, 1)),
                                           fields=["degree", "generator_degrees", "degree_check"])))
    assert e.degree == 3 and e.degree_agrees(Architecture((3, 2), (2, 1))) is True  # 3 * 1 = (2+1)!/2!
    assert IdealEntry.from_dict(None).degree_agrees(arch) is None
