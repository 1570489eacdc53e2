"""The shared vocabulary of answers, and the base of the result types.

``certified`` = a proof; ``checked`` = what was verified is stated, and what was not;
``probabilistic`` = random choices, seed given; ``heuristic`` = none of these (README,
"Certified, checked, probabilistic, heuristic").  A result type may add labels of its own
(ideals: ``set-theoretic``, ``partial``; the interior test: ``undecided``).

EXAMPLES::

    >>> from lcnalg.geometry.interior import InteriorResult
    >>> r = InteriorResult(True, "certified", "stride-one: real roots", "3 real roots")
    >>> r.certified, r.detail
    (True, '3 real roots')
    >>> InteriorResult(True, "proved", "x", "y")
    Traceback (most recent call last):
    ...
    ValueError: certification 'proved': choose one of certified, checked, probabilistic, heuristic, undecided
"""
from __future__ import annotations

__all__ = ["CERTIFICATIONS", "Result"]

CERTIFICATIONS = ("certified", "checked", "probabilistic", "heuristic")


class Result:
    """Base of the result types (ideals, closedness, membership, interior, singular loci,
    critical points): a ``certification`` from :data:`LABELS` (checked on creation,
    :meth:`check_label`) and ``certified``, derived from it.  Subclasses hold (as fields or
    properties) ``certification``, ``method`` (how the answer was found), ``detail`` (what was
    shown and what not, or why not) and :meth:`to_dict`; ``seconds`` and ``seed`` where they
    time themselves or make random choices (else None)."""

    #: the labels this result type uses
    LABELS: tuple = CERTIFICATIONS
    #: seconds taken (None: not timed)
    seconds: float | None = None
    #: the seed of the random choices (None: none made)
    seed: int | None = None

    def check_label(self) -> None:
        """ValueError unless ``certification`` is one of :data:`LABELS`."""
        if self.certification not in self.LABELS:
            raise ValueError(f"certification {self.certification!r}: choose one of "
                             f"{', '.join(self.LABELS)}")

    @property
    def certified(self) -> bool:
        """Whether the answer is proved."""
        return self.certification == "certified"

    def to_dict(self) -> dict:
        """Plain data (JSON)."""
        raise NotImplementedError
