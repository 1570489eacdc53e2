"""Minimal generators from a Gröbner basis (:func:`lcnalg.polynomials.minimal_from_basis`)
against Singular's ``minbase`` (an independent algorithm: the Gröbner basis of ``m I``), on
random homogeneous ideals and on pivot charts."""
import collections
import itertools
import random

import pytest

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.polynomials import minimal_from_basis

_sage.init()

from sage.libs.singular.function import singular_function  # noqa: E402
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing  # noqa: E402
from sage.rings.rational_field import QQ  # noqa: E402


def degrees(gens):
    return collections.Counter(g.degree() for g in gens)


def same_ideal(A, B):
    R = A[0].parent()
    return list(singular_function("std")(R.ideal(A))) == list(singular_function("std")(R.ideal(B)))


def monomials(R, d):
    return [R.prod(c) for c in itertools.combinations_with_replacement(R.gens(), d)]


def random_ideal(rng, R, count, degs):
    mons = {d: monomials(R, d) for d in degs}
    return [sum(rng.randint(-3, 3) * m for m in rng.sample(mons[d], min(4, len(mons[d]))))
            for d in (rng.choice(degs) for _ in range(count))]


@pytest.mark.parametrize("seed", range(12))
def test_random_homogeneous_ideals_against_minbase(seed):
    rng = random.Random(seed)
    R = PolynomialRing(QQ, "x,y,z,w", order="degrevlex")
    gens = [g for g in random_ideal(rng, R, rng.randint(2, 5), [2, 3]) if g != 0]
    # redundant generators on purpose: products with variables and sums
    gens += [R.gens()[rng.randrange(4)] * gens[0]]
    gens += [g + h for g, h in zip(gens, gens[1:]) if g.degree() == h.degree()][:1]
    assert all(g.is_homogeneous() for g in gens)
    G = singular_function("std")(R.ideal(gens))
    ours = minimal_from_basis(G)
    theirs = [g for g in singular_function("minbase")(R.ideal(gens)) if g != 0]
    assert degrees(ours) == degrees(theirs)
    assert minimal_from_basis(G, "std") == ours  # the previous truncation picks the same
    assert set(ours) <= set(G)
    assert same_ideal(ours, list(G))


def test_a_basis_with_redundant_elements():
    # the twisted cubic: three quadrics, and a Gröbner basis with more elements in lex-like orders
    R = PolynomialRing(QQ, "a,b,c,d", order="degrevlex")
    a, b, c, d = R.gens()
    I = [a * c - b ** 2, b * d - c ** 2, a * d - b * c]
    G = list(singular_function("std")(R.ideal(I))) + [a * (a * c - b ** 2), I[0] + I[1]]
    ours = minimal_from_basis(G)
    assert degrees(ours) == {2: 3} and same_ideal(ours, I)


def test_rejects_inhomogeneous():
    x, y = PolynomialRing(QQ, "x,y", order="degrevlex").gens()
    with pytest.raises(ValueError, match="homogeneous"):
        minimal_from_basis([x ** 2 - y])
    with pytest.raises(ValueError, match="truncation"):
        minimal_from_basis([x ** 2], "buchberger")


@pytest.mark.parametrize("k,s", [((3, 3, 3), (2, 2, 1)), ((4, 2, 3), (3, 2, 1))])
def test_pivot_ideals_against_minbase(k, s):
    from lcnalg.implicit import pivot
    arch = Architecture(k, s)
    gens = pivot.vanishing_ideal(arch)
    theirs = [g for g in singular_function("minbase")(gens[0].parent().ideal(gens)) if g != 0]
    assert degrees(gens) == degrees(theirs)


@pytest.mark.parametrize("seed", range(8))
def test_truncated_slimgb_has_the_leading_terms_of_truncated_std(seed):
    """The truncation ``minimal_from_basis`` relies on: ``slimgb`` under ``degBound = D``
    stops at ``D`` and has the leading terms of ``std``'s truncated basis through ``D``."""
    from sage.libs.singular.option import opt
    rng = random.Random(100 + seed)
    R = PolynomialRing(QQ, "x,y,z,w,v", order="degrevlex")
    gens = random_ideal(rng, R, rng.randint(2, 5), [2, 2, 3])
    for bound in (3, 4, 5):
        leads = {}
        for alg in ("std", "slimgb"):
            saved = opt["degBound"]
            opt["degBound"] = bound
            try:
                G = [g for g in singular_function(alg)(R.ideal(gens)) if g != 0]
            finally:
                opt["degBound"] = saved
            assert max(g.degree() for g in G) <= bound
            lt = R.ideal([g.lm() for g in G])
            leads[alg] = {m for d in range(2, bound + 1) for m in monomials(R, d)
                          if singular_function("reduce")(m, lt, attributes={lt: {"isSB": 1}}) == 0}
        assert leads["std"] == leads["slimgb"]
