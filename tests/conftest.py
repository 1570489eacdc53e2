import os
import shutil
import time

import pytest

from lcnalg import _sage, procs

_sage.init()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``m2`` are skipped with a reason when Macaulay2 is not installed."""
    if os.environ.get("LCNALG_M2") or shutil.which("M2"):
        return
    skip = pytest.mark.skip(reason="Macaulay2 (M2) not installed: apt-get install macaulay2")
    for item in items:
        if "m2" in item.keywords:
            item.add_marker(skip)


def _live_descendants() -> set[int]:
    out = set()
    for p in procs.descendants(os.getpid()):
        try:
            with open(f"/proc/{p}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                    out.add(p)
        except OSError:
            pass
    return out


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()[:120]
    except OSError:
        return "?"


@pytest.fixture(autouse=True)
def no_process_left_behind():
    """A test must not leave a process behind (M2, msolve, a forked worker...): checked in
    /proc after it, with a few seconds' grace for processes that are exiting."""
    before = _live_descendants()
    yield
    deadline = time.monotonic() + 5
    left = _live_descendants() - before
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = _live_descendants() - before
    if left:
        names = [f"{p}: {_command(p)}" for p in sorted(left)]
        for p in left:
            procs.kill_tree(p)
        pytest.fail(f"processes left behind: {names}")
