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

from .architecture import Architecture, ArchitectureError  # noqa: E402

#: public name -> module that defines it (imported lazily)
_LAZY = {
    "Neurovariety": "neurovariety",
    "FunctionSpace": "function_space",
    "zariski_closed": "realgeom",
    "singular_locus": "singular",
    "ged_degree": "eddegree",
    "critical_points_summary": "critical",
    "real_critical_points": "critical",
    "count_complex": "critical",
    "gradient_descent": "dynamics",
    "synthetic_problem": "dynamics",
    "describe": "describe",
    "mu_polynomials": "parameterization",
    "parameterization_map": "parameterization",
    "coordinate_ring": "parameterization",
    "end_to_end_filter": "parameterization",
    "jacobian_matrix": "parameterization",
    "catalogue": "catalogue",
    "run_tables": "tables",
}

__all__ = ["Architecture", "ArchitectureError", "__version__", *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        from . import _sage
        _sage.init()
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'lcnalg' has no attribute {name!r}")
