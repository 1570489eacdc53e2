"""lcnalg: the algebraic geometry of linear convolutional networks.

``from lcnalg import *`` gives the main objects.  Everything that needs Sage is imported on
first use, so ``import lcnalg`` stays light (the command line starts fast).

EXAMPLES::

    >>> from lcnalg import *
    >>> V = Neurovariety(Architecture((3, 2), (2, 1)))
    >>> V.degree(), ged_degree((3, 2))
    (3, 10)
"""
import importlib

__version__ = "0.1.0"

from lcnalg.geometry.architecture import Architecture, ArchitectureError  # noqa: E402

#: public name -> module that defines it (imported lazily)
_LAZY = {
    "Neurovariety": "geometry.neurovariety",
    "FunctionSpace": "geometry.function_space",
    "zariski_closed": "geometry.zariski",
    "singular_locus": "geometry.singular_locus",
    "ged_degree": "training.eddegree",
    "critical_points_summary": "training.critical",
    "real_critical_points": "training.critical",
    "count_complex": "training.critical",
    "gradient_descent": "training.dynamics",
    "synthetic_problem": "training.dynamics",
    "ntk": "training.flow",
    "fibre_metrics": "training.flow",
    "compare_flows": "training.flow",
    "Conv2dArchitecture": "geometry.conv2d",
    "min_fourier_l1": "training.bias",
    "describe": "describe",
    "mu_polynomials": "geometry.parameterization",
    "parameterization_map": "geometry.parameterization",
    "coordinate_ring": "geometry.parameterization",
    "end_to_end_filter": "geometry.parameterization",
    "jacobian_matrix": "geometry.parameterization",
    "catalogue": "tables.catalogue",
    "run_tables": "tables",
}

__all__ = ["Architecture", "ArchitectureError", "__version__", *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        from lcnalg import _sage
        _sage.init()
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'lcnalg' has no attribute {name!r}")
