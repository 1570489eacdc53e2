"""lcnalg: the algebraic geometry of linear convolutional networks.

``from lcnalg import *`` gives the main objects; heavy engines load lazily.
"""
__version__ = "0.1.0"

from .architecture import Architecture, ArchitectureError  # noqa: E402

__all__ = ["Architecture", "ArchitectureError", "__version__"]
