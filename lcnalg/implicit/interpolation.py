"""Former name of the ``multigraded`` engine, kept as an alias (``--backend interpolation``).

The previous implementation (exact kernels over QQ degree by degree) was replaced by the
modular, certificate-checked completion of :mod:`lcnalg.implicit.multigraded`; the benchmarks
keep a frozen copy of it as a baseline (``benchmarks/baselines/interpolation_v1.py``).
"""
from lcnalg.geometry.parameterization import mu_polynomials  # noqa: F401  (patched by tests)
from lcnalg.implicit.multigraded import CERTIFIED, complete, ideal_result, vanishing_ideal

__all__ = ["CERTIFIED", "complete", "ideal_result", "vanishing_ideal"]
