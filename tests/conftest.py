import os
import shutil

import pytest

from lcnalg import _sage

_sage.init()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``m2`` are skipped with a reason when Macaulay2 is not installed."""
    if os.environ.get("LCNALG_M2") or shutil.which("M2"):
        return
    skip = pytest.mark.skip(reason="Macaulay2 (M2) not installed: apt-get install macaulay2")
    for item in items:
        if "m2" in item.keywords:
            item.add_marker(skip)
