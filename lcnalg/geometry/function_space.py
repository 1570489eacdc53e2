"""The function space ``M_{k,s}`` of an architecture: real membership (MATH.md §4.1, the
recursion by periodic parts and the hyperroot enumeration: :mod:`lcnalg.geometry.membership`,
whose docstring says how each kind of input is decided), the interior test and the
semialgebraic description, on one object.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.function_space import FunctionSpace
    >>> M = FunctionSpace(Architecture((3, 2), (2, 1)))
    >>> M.contains([1, 0, 0, 0, 1]).member, M.in_variety([1, 0, 0, 0, 1])   # x^4 + y^4
    (False, True)
    >>> M.contains([1, 0, -5, 0, 4]).method              # (1 - t^2)(1 - 4 t^2)
    'periodic parts'
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
