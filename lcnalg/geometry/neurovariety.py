"""The neurovariety ``V_{k,s}``: its vanishing ideal by backend, and its invariants.

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.neurovariety import Neurovariety
    >>> V = Neurovariety(Architecture((3, 2), (2, 1)))
    >>> V.ideal()
    Ideal (c1*c2*c3 - c0*c3^2 - c1^2*c4) of Multivariate Polynomial Ring in c0, c1, c2, c3, c4 over Rational Field
    >>> V.degree(), V.codim, V.generator_degrees()
    (3, 1, {3: 1})
"""
from __future__ import annotations

import importlib
import time
from collections import Counter

from lcnalg.geometry.architecture import Architecture
from lcnalg.geometry.parameterization import coordinate_ring

#: backend name -> module in lcnalg.implicit (each has ``vanishing_ideal`` and ``CERTIFIED``)
BACKENDS = {"sage": "sage", "m2": "m2", "interpolation": "interpolation"}


def backend_module(name: str):
    """The module implementing backend ``name`` (ValueError naming the known ones)."""
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}: choose one of {', '.join(BACKENDS)}")
    return importlib.import_module(f"lcnalg.implicit.{BACKENDS[name]}")


def minimal_generators(ideal) -> list:
    """Minimal homogeneous generators (Singular ``minbase``), sorted by degree."""
    if ideal.is_zero():
        return []
    from sage.libs.singular.function import singular_function
    from lcnalg.polynomials import primitive
    gens = [primitive(g) for g in singular_function("minbase")(ideal)]
    return sorted(gens, key=lambda g: (g.degree(), g))


def hilbert_data(ideal) -> dict:
    """Dimension, degree, Hilbert series ``h(z)/(1-z)^dim`` and Hilbert polynomial."""
    hs = ideal.hilbert_series()
    z = hs.parent().gen()
    dim = ideal.dimension()
    h = hs * (1 - z) ** dim
    numerator = h.numerator() * h.denominator()(0) ** -1 if h.denominator().degree() == 0 else None
    if numerator is None:
        raise ArithmeticError(f"Hilbert series {hs} has an unexpected denominator")
    return {"dim": int(dim), "degree": int(numerator(1)),
            "hilbert_numerator": [int(a) for a in numerator.list()],
            "hilbert_series": str(hs), "hilbert_polynomial": str(ideal.hilbert_polynomial())}


class Neurovariety:
    """The Zariski closure ``V_{k,s}`` of the function space, in ``C^n`` with coordinates
    ``c0..c{n-1}``."""

    def __init__(self, arch: Architecture):
        self.arch = arch
        self._ideals: dict[str, object] = {}
        self.seconds: dict[str, float] = {}

    def __repr__(self) -> str:
        return f"Neurovariety({self.arch!r})"

    @property
    def dim(self) -> int:
        return self.arch.dim

    @property
    def codim(self) -> int:
        return self.arch.codim

    def ring(self):
        """``QQ[c0..c{n-1}]``."""
        return coordinate_ring(self.arch)

    def ideal(self, backend: str = "sage", timeout: float | None = None):
        """The vanishing ideal computed by ``backend`` (cached per backend)."""
        if backend not in self._ideals:
            module = backend_module(backend)
            start = time.perf_counter()
            gens = module.vanishing_ideal(self.arch, timeout=timeout)
            self.seconds[backend] = time.perf_counter() - start
            self._ideals[backend] = self.ring().ideal(gens)
        return self._ideals[backend]

    def certified(self, backend: str = "sage") -> bool:
        """Whether ``backend`` proves its ideal is the whole vanishing ideal."""
        return bool(backend_module(backend).CERTIFIED)

    def minimal_generators(self, backend: str = "sage", timeout: float | None = None) -> list:
        return minimal_generators(self.ideal(backend, timeout))

    def generator_degrees(self, backend: str = "sage", timeout: float | None = None) -> dict[int, int]:
        """Number of minimal generators in each degree."""
        return dict(sorted(Counter(g.degree() for g in self.minimal_generators(backend, timeout)).items()))

    def hilbert_data(self, backend: str = "sage", timeout: float | None = None) -> dict:
        return hilbert_data(self.ideal(backend, timeout))

    def degree(self, backend: str = "sage", timeout: float | None = None) -> int:
        return self.hilbert_data(backend, timeout)["degree"]

    def deg_mu(self, seed: int = 0) -> int:
        """Points of a generic fibre of ``mu`` modulo rescaling (random point: probabilistic)."""
        from lcnalg.geometry.hyperroots import fibre_degree
        return fibre_degree(self.arch, seed=seed)

    def degree_check(self, backend: str = "sage", timeout: float | None = None, seed: int = 0) -> dict:
        """``deg V * deg mu`` against the multinomial coefficient of MATH.md §2."""
        deg_v = self.degree(backend, timeout)
        deg_mu = self.deg_mu(seed)
        return {"degree": deg_v, "deg_mu": deg_mu, "multinomial": self.arch.multinomial,
                "agrees": deg_v * deg_mu == self.arch.multinomial}

    def same_ideal(self, backend_a: str, backend_b: str, timeout: float | None = None) -> bool:
        """Compare two backends' ideals as ideals (Gröbner bases), not as strings."""
        return self.ideal(backend_a, timeout) == self.ideal(backend_b, timeout)
