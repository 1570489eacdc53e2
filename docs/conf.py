"""Sphinx configuration of the lcnalg documentation (``make docs``).

Sphinx with autodoc, because the docstrings are reStructuredText in Sage's style (``EXAMPLES::``
literal blocks with doctests, ``:func:`` roles): autodoc renders them as they are, so napoleon (for
Google/NumPy sections, which lcnalg does not use) is not needed.  The narrative pages are Markdown
(MyST), so parts of the README and the result tables are included rather than copied.  The
notebooks are rendered by myst-nb from their committed outputs (execution off: the test suite
executes them), which needs no pandoc.  Nothing here runs Macaulay2.

The build is strict: ``sphinx-build -W --keep-going`` with ``nitpicky`` on, so a renamed function
or a broken cross-reference fails it.  Files made from the repository at build time (the API
pages, the notebooks, the tables, the list of certification labels) go to ``_generated/``
(see ``_ext/lcnalg_docs.py``).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(HERE, "_ext"))

import lcnalg  # noqa: E402

project = "lcnalg"
author = "the lcnalg developers"
copyright = "the lcnalg developers (GPL-2.0-or-later)"
release = version = lcnalg.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "myst_nb",
    "lcnalg_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_generated", "_ext", "Thumbs.db", ".DS_Store"]
root_doc = "index"

# --- strictness ---------------------------------------------------------------------------
nitpicky = True
# Types from other packages appear in signatures and docstrings; there is no intersphinx here
# (the build is offline), so their references are not resolved and must not warn.
nitpick_ignore_regex = [
    (r"py:(class|obj|data|exc|func|meth|mod|attr)", r"(sage|numpy|np|scipy|dask|distributed|matplotlib|flint|concurrent|pathlib|os|subprocess|signal|json|collections|dataclasses|typing|enum|fractions|types|importlib|tempfile|threading|multiprocessing|io|argparse)(\..*)?"),
    # private helpers and type variables named in annotations have no entries
    (r"py:class", r"lcnalg\.(.*\.)?(_\w+|T)"),
    (r"py:class", r"(Path|Fraction|ndarray|NDArray|Ideal|Ideal_generic|MPolynomial|MPolynomialIdeal|PolynomialRing|Matrix|Integer|Rational|RealNumber|ComplexNumber|Element|Callable|Iterable|Iterator|Sequence|Mapping|Any|Self|T)"),
]

# --- autodoc --------------------------------------------------------------------------------
autodoc_default_options = {"members": True, "undoc-members": True, "member-order": "bysource", "show-inheritance": True}
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autoclass_content = "both"

# --- MyST / myst-nb -------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"            # notebooks are committed with their outputs
nb_merge_streams = True
nb_render_markdown_format = "gfm"    # Markdown outputs (the tables the notebooks display) with tables

# --- HTML -----------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"lcnalg {release}"
html_static_path = []
html_copy_source = False
