"""pytest configuration shared by tests/ and the doctests of lcnalg/ (``--doctest-modules``).

Doctests get ``HAVE_M2`` (Macaulay2 runs here) and ``needs_m2()`` (skips the docstring's
examples when it does not) instead of ``# doctest: +SKIP``."""
import os
import shutil

import pytest

collect_ignore = ["lcnalg/__main__.py", "build", "notebooks", "benchmarks", "results"]

HAVE_M2 = bool(os.environ.get("LCNALG_M2") or shutil.which("M2"))


def _needs_m2():
    if not HAVE_M2:
        pytest.skip("Macaulay2 (M2) not installed: apt-get install macaulay2")


@pytest.fixture(autouse=True, scope="session")
def _start_cache(tmp_path_factory):
    """The homotopy solver's start systems in a temporary folder shared by the session (not
    the user's ~/.cache): each filter-size tuple is solved once per test run."""
    old = os.environ.get("LCNALG_START_CACHE")
    os.environ["LCNALG_START_CACHE"] = str(tmp_path_factory.mktemp("starts"))
    yield
    if old is None:
        os.environ.pop("LCNALG_START_CACHE", None)
    else:
        os.environ["LCNALG_START_CACHE"] = old


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    doctest_namespace["HAVE_M2"] = HAVE_M2
    doctest_namespace["needs_m2"] = _needs_m2
