"""The neurovariety ``V_{k,s}``: its vanishing ideal by engine, and its invariants.

The engines and the default order live in :mod:`lcnalg.implicit.registry`: with no
``backend`` the first engine whose theorem applies runs (``segre``, ``determinantal``,
``pivot``), else the ``multigraded`` completion.  Every result is an
:class:`~lcnalg.implicit.result.IdealResult` saying which engine ran and what is certified;
invariants are cached on the object (one per architecture through :meth:`Neurovariety.of`).

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.neurovariety import Neurovariety
    >>> V = Neurovariety.of(Architecture((3, 2), (2, 1)))
    >>> V
    <Neurovariety V(k=(3,2) s=(2,1)) in C^5: dim 4, codim 1>
    >>> V.ideal()
    Ideal (c1*c2*c3 - c0*c3^2 - c1^2*c4) of Multivariate Polynomial Ring in c0, c1, c2, c3, c4 over Rational Field
    >>> V.ideal_result().engine, V.ideal_result().certification
    ('determinantal', 'certified')
    >>> V.degree(), V.codim, V.generator_degrees()
    (3, 1, {3: 1})
"""
from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import coordinate_ring
from lcnalg.implicit import registry
from lcnalg.implicit.hilbert import hilbert_data
from lcnalg.implicit.result import IdealResult
from lcnalg.procs import call_with_time_limit
from lcnalg.request import Request
from lcnalg.result import Result

__all__ = ["Neurovariety", "DegreeCheck", "hilbert_data", "minimal_generators"]


@dataclass
class DegreeCheck(Result):
    """``deg V * deg mu = multinomial`` (MATH.md §2): ``degree`` (``deg V`` from the engine's
    ideal), ``deg_mu`` (points of a random fibre, ``seed``) and the theorem's
    ``deg_mu_theorem``.  ``probabilistic``: the fibre is random."""
    degree: int
    deg_mu: int
    multinomial: int
    deg_mu_theorem: int
    seed: int = 0

    certification = "probabilistic"
    method = "deg V from the engine's ideal; deg mu at a random fibre (hyperroots)"

    @property
    def agrees(self) -> bool:
        return self.degree * self.deg_mu == self.multinomial

    @property
    def deg_mu_agrees_with_theorem(self) -> bool:
        return self.deg_mu == self.deg_mu_theorem

    @property
    def detail(self) -> str:
        return (f"deg V {self.degree} * deg mu {self.deg_mu} = {self.degree * self.deg_mu} "
                f"{'=' if self.agrees else '!='} multinomial {self.multinomial} (deg mu theorem "
                f"{self.deg_mu_theorem})")

    def __repr__(self) -> str:
        return f"<DegreeCheck: {self.detail}; {self.certification}, seed {self.seed}>"

    def to_dict(self) -> dict:
        return {"degree": self.degree, "deg_mu": self.deg_mu, "multinomial": self.multinomial,
                "agrees": self.agrees, "deg_mu_theorem": self.deg_mu_theorem,
                "deg_mu_agrees_with_theorem": self.deg_mu_agrees_with_theorem}


def minimal_generators(ideal) -> list:
    """Minimal homogeneous generators (Singular ``minbase``), sorted by degree."""
    if ideal.is_zero():
        return []
    from sage.libs.singular.function import singular_function
    from lcnalg.polynomials import primitive
    gens = [primitive(g) for g in singular_function("minbase")(ideal)]
    return sorted(gens, key=lambda g: (g.degree(), g))


class Neurovariety:
    """The Zariski closure ``V_{k,s}`` of the function space, in ``C^n`` with coordinates
    ``c0..c{n-1}``.  ``backend=None`` everywhere means the default engine."""

    _instances: "weakref.WeakValueDictionary[Architecture, Neurovariety]" = weakref.WeakValueDictionary()

    def __init__(self, arch: Architecture):
        self.arch = arch
        # keyed by (engine, seed used; None: no seed)
        self._results: dict[tuple, IdealResult] = {}
        self._ideals: dict[tuple, object] = {}
        self._mingens: dict[tuple, list] = {}
        self._hilbert: dict[tuple, dict] = {}
        self._deg_mu: dict[int, int] = {}
        self.seconds: dict[str, float] = {}

    @classmethod
    def of(cls, arch: Architecture) -> "Neurovariety":
        """The shared instance for ``arch`` (caches live as long as someone holds it)."""
        V = cls._instances.get(arch)
        if V is None:
            V = cls._instances[arch] = cls(arch)
        return V

    def __repr__(self) -> str:
        return f"<Neurovariety V({self.arch}) in C^{self.arch.n}: dim {self.dim}, codim {self.codim}>"

    @property
    def dim(self) -> int:
        """Affine dimension ``sum k_i - L + 1`` [theorem] (the projective one is one less)."""
        return self.arch.dim

    @property
    def codim(self) -> int:
        """Codimension in ``C^n`` (affine)."""
        return self.arch.codim

    def ring(self):
        """``QQ[c0..c{n-1}]``."""
        return coordinate_ring(self.arch)

    def engine(self, backend: str | None = None) -> str:
        """The engine ``backend`` stands for (the default one when ``None``)."""
        return registry.resolve(backend) or registry.default_plan(self.arch).engine

    def _key(self, backend: str | None) -> str:
        """The cache key of ``backend``: ``"default"`` for ``None`` (the registry's default)."""
        return registry.resolve(backend) or "default"

    def ideal_result(self, backend: str | None = None, timeout: float | None = None,
                     seed: int = 0) -> IdealResult:
        """The :class:`IdealResult` of ``backend`` (default engine if ``None`` or
        ``"default"``) for ``seed``, cached (an answer that used no seed serves every seed)."""
        key = self._key(backend)
        for slot in ((key, None), (key, seed)):
            if slot in self._results:
                return self._results[slot]
        result = registry.run(self.arch, Request(None if key == "default" else key, timeout, seed))
        self.seconds[key] = result.seconds
        self._results[self._slot(key, result)] = result
        return result

    @staticmethod
    def _slot(key: str, result: IdealResult) -> tuple:
        """Where the invariants of ``result`` are cached: by engine and the seed it used."""
        return key, result.seed

    def ideal(self, backend: str | None = None, timeout: float | None = None, seed: int = 0):
        """The vanishing ideal computed by ``backend`` (a Sage ideal, cached)."""
        key = self._key(backend)
        r = self.ideal_result(key, timeout, seed)
        slot = self._slot(key, r)
        if slot not in self._ideals:
            R = self.ring()
            self._ideals[slot] = R.ideal([R(g) for g in r.gens])
        return self._ideals[slot]

    def certified(self, backend: str | None = None) -> bool:
        """Whether ``backend``'s ideal is proved to be the whole vanishing ideal (runs it)."""
        return self.ideal_result(backend).certified

    def minimal_generators(self, backend: str | None = None, timeout: float | None = None,
                           seed: int = 0) -> list:
        """Minimal generators (from the engine when it proves them minimal, else ``minbase``
        under ``timeout``)."""
        key = self._key(backend)
        r = self.ideal_result(key, timeout, seed)
        slot = self._slot(key, r)
        if slot not in self._mingens:
            R = self.ring()
            if r.minimal:
                gens = sorted((R(g) for g in r.gens), key=lambda g: (g.degree(), g))
            else:
                I = self.ideal(key, timeout, seed)
                gens = [R(g) for g in call_with_time_limit(
                    lambda: [str(g) for g in minimal_generators(I)], timeout,
                    f"minimal generators (minbase) of I(V) for {self.arch}")]
            self._mingens[slot] = gens
        return self._mingens[slot]

    def generator_degrees(self, backend: str | None = None, timeout: float | None = None,
                          seed: int = 0) -> dict[int, int]:
        """Number of minimal generators in each degree."""
        gens = self.minimal_generators(backend, timeout, seed)
        return dict(sorted(Counter(g.degree() for g in gens).items()))

    def hilbert_data(self, backend: str | None = None, timeout: float | None = None,
                     seed: int = 0) -> dict:
        """Dimension, degree, Hilbert series and polynomial of ``R/I`` (by theorem when the
        engine supplies them, else from a Gröbner basis under ``timeout``)."""
        key = self._key(backend)
        r = self.ideal_result(key, timeout, seed)
        slot = self._slot(key, r)
        if slot not in self._hilbert:
            data = r.hilbert
            if not data:
                I = self.ideal(key, timeout, seed)
                data = call_with_time_limit(lambda: hilbert_data(I), timeout,
                                            f"Hilbert series of I(V) for {self.arch}")
            self._hilbert[slot] = dict(data)
        return self._hilbert[slot]

    def degree(self, backend: str | None = None, timeout: float | None = None,
               seed: int = 0) -> int:
        return self.hilbert_data(backend, timeout, seed)["degree"]

    def deg_mu(self, seed: int = 0, timeout: float | None = None) -> int:
        """Points of a generic fibre of ``mu`` modulo rescaling (random point: probabilistic)."""
        if seed not in self._deg_mu:
            from lcnalg.geometry.hyperroots import fibre_degree
            self._deg_mu[seed] = call_with_time_limit(lambda: fibre_degree(self.arch, seed=seed), timeout,
                                                      f"deg mu (hyperroots) for {self.arch}")
        return self._deg_mu[seed]

    def degree_check(self, backend: str | None = None, timeout: float | None = None,
                     seed: int = 0) -> DegreeCheck:
        """``deg V * deg mu`` against the multinomial coefficient of MATH.md §2 (``deg V`` as
        certified by the engine, ``deg mu`` at a random fibre, seeded), and that ``deg mu``
        against :attr:`Architecture.deg_mu` [theorem]: a :class:`DegreeCheck`.

        EXAMPLES::

            >>> Neurovariety.of(Architecture((2, 2, 2), (1, 1, 1))).degree_check()
            <DegreeCheck: deg V 1 * deg mu 6 = 6 = multinomial 6 (deg mu theorem 6); probabilistic, seed 0>
        """
        return DegreeCheck(self.degree(backend, timeout, seed), self.deg_mu(seed, timeout),
                           self.arch.multinomial, self.arch.deg_mu, seed)
