"""The function space ``M_{k,s}`` of an architecture: real membership (MATH.md §4.1).

``FunctionSpace(arch).contains(P)`` decides whether the real form ``P`` (coefficients
``c_0..c_{n-1}``) is ``mu`` of real filters.  Rational input goes through the recursion by
periodic parts (:mod:`lcnalg.geometry.periodic`: exact gcds over ``QQ`` and Sturm counts,
polynomial time without branching); the real filters are then read off along the same
recursion as rational factors of the periodic parts, or, when a periodic part has no
rational factor of the needed type, from the hyperroot enumeration
(:mod:`lcnalg.geometry.hyperroots`, small ``n`` only).  Real algebraic and float input use the
enumeration (floats within the tolerance: ``exact=False``).  Filters, when returned, are
checked: ``mu(filters) == P``.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.function_space import FunctionSpace
    >>> M = FunctionSpace(Architecture((3, 2), (2, 1)))
    >>> M.contains([1, 0, 0, 0, 1]).member           # x^4 + y^4: in V, not in M
    False
    >>> M.in_variety([1, 0, 0, 0, 1])
    True
    >>> r = M.contains([1, 0, -5, 0, 4])               # (1 - t^2)(1 - 4 t^2)
    >>> r.member, r.exact, r.method
    (True, True, 'periodic parts')
    >>> from lcnalg.geometry.parameterization import mu_from_filters
    >>> mu_from_filters(M.arch, r.filters) == [1, 0, -5, 0, 4]
    True
"""
from __future__ import annotations

from lcnalg.geometry.interior import InteriorResult, is_interior
from lcnalg.geometry.membership import Membership, MembershipResult
from lcnalg.geometry.semialgebraic import SemialgebraicDescription, semialgebraic

__all__ = ["FunctionSpace", "MembershipResult"]


class FunctionSpace(Membership):
    """The function space ``M_{k,s}`` of an architecture (a semialgebraic subset of ``R^n``):
    membership (:class:`~lcnalg.geometry.membership.Membership`: ``contains``,
    ``in_variety``, ``random_point``), the interior test and the semialgebraic description."""

    def is_interior(self, P) -> InteriorResult:
        """Whether the rational point ``P`` of ``M`` is in the relative interior of ``M`` in
        ``V(R)``: an :class:`lcnalg.geometry.interior.InteriorResult` (``interior`` True /
        False / None, ``certification``, ``reason``, ``nearby``)."""
        return is_interior(self, P)

    def semialgebraic(self, qe_seconds: float | None = None, points: int = 0,
                      seed: int = 0) -> SemialgebraicDescription:
        """A quantifier-free description ``M = V(R) ∩ {formula}``: a
        :class:`lcnalg.geometry.semialgebraic.SemialgebraicDescription` (``qe_seconds``: also
        QEPCAD; ``points``: compared with
        :meth:`~lcnalg.geometry.membership.Membership.contains` on that many points of ``V``)."""
        return semialgebraic(self.arch, qe_seconds=qe_seconds, points=points, seed=seed)
