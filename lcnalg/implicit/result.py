"""The answer of an implicitization engine: generators of ``I(V)`` and what is known of them.

``certification`` is one of

- ``certified``: ``J = I(V)`` is proved (Gröbner elimination, the Segre theorem,
  Eagon–Northcott with the checks named in ``detail``);
- ``checked``: part of it is proved, ``detail`` says which (e.g. ``certified through degree
  6, ...; dim R/J = dim V and deg R/J = deg V``) and what is not;
- ``probabilistic``: random choices (``seed``) and nothing certified beyond ``J ⊆ I(V)``;
- ``set-theoretic``: ``V(J) = V`` only (``J`` may not be radical);
- ``partial``: only ``J ⊆ I(V)`` (a start for a completion, e.g. ``V(J)`` may be larger).

EXAMPLES::

    >>> r = IdealResult(["c1*c2 - c0*c3"], "segre", "certified", "Segre theorem", 0.01, None)
    >>> r
    <IdealResult segre: 1 generator, certified (Segre theorem), 0.01 s>
    >>> sorted(r.to_dict())
    ['certification', 'detail', 'engine', 'generators', 'seconds', 'seed']
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["IdealResult", "Completion", "CERTIFICATIONS"]

from lcnalg.result import CERTIFICATIONS as SHARED, Result

#: the labels of ideals: the shared ones but ``heuristic``, and two of their own
CERTIFICATIONS = tuple(c for c in SHARED if c != "heuristic") + ("set-theoretic", "partial")


@dataclass
class Completion:
    """What the multigraded completion established: ``J = I(V)`` degree by degree through
    ``certified_through``; ``complete``: no generator in the next degree and (when
    ``dim_degree_checked``) ``dim``, ``deg`` of ``R/J`` those of ``V``; ``prime`` of the
    modular computation; the certificates tried (``cm_length``: length of ``R/(J + l)`` mod
    p, ``elimination_degree``: top generator degree of ``I(V)`` by elimination,
    ``chart_certificate``)."""

    certified_through: int | None
    complete: bool
    dim_degree_checked: bool
    prime: int | None = None
    cm_length: int | None = None
    elimination_degree: int | None = None
    #: the chart certificate (:mod:`lcnalg.implicit.chartcert`): why it did not apply, or
    #: None when it was not tried or held; ``hilbert_numerator``: ``h(z)`` of ``R/I(V)`` when
    #: it held
    chart_certificate: str | None = None
    hilbert_numerator: list | None = None


@dataclass
class IdealResult(Result):
    """Generators ``gens`` of an ideal ``J`` with ``J ⊆ I(V)``, the engine that found them
    and how far ``J = I(V)`` is known (see the module docstring)."""

    gens: list
    engine: str
    certification: str
    detail: str = ""
    seconds: float = 0.0
    seed: int | None = None
    #: the generators are minimal (else ``minbase`` makes them so)
    minimal: bool = field(default=False, repr=False, compare=False)
    #: the Hilbert data of ``R/J`` when the engine knows it (:mod:`lcnalg.implicit.hilbert`)
    hilbert: dict | None = field(default=None, repr=False, compare=False)
    #: the ideals this one was built from (e.g. ``"upper"``: the upper layers' ``I(V')``)
    inputs: dict = field(default_factory=dict, repr=False, compare=False)
    #: the multigraded completion's record (None for the other engines)
    completion: Completion | None = field(default=None, repr=False, compare=False)

    LABELS = CERTIFICATIONS

    def __post_init__(self):
        self.check_label()

    @property
    def method(self) -> str:
        """The engine that ran."""
        return self.engine

    def __repr__(self) -> str:
        n = len(self.gens)
        detail = f" ({self.detail})" if self.detail else ""
        seed = f", seed {self.seed}" if self.seed is not None else ""
        return (f"<IdealResult {self.engine}: {n} generator{'s' if n != 1 else ''}, "
                f"{self.certification}{detail}, {self.seconds:.2f} s{seed}>")

    def summary(self) -> IdealResult:
        """The same labels without the generators (what an engine run in a forked child sends
        back about the ideals it used, e.g. ``inputs["upper"]``)."""
        return IdealResult([], self.engine, self.certification, self.detail, self.seconds,
                           self.seed)

    def to_dict(self) -> dict:
        """Plain data (generators as strings)."""
        return {"generators": [str(g) for g in self.gens], "engine": self.engine,
                "certification": self.certification, "detail": self.detail,
                "seconds": self.seconds, "seed": self.seed}
