"""The runner on a Dask cluster (a LocalCluster started here) gives the local results."""
import time

import pytest

distributed = pytest.importorskip("dask.distributed")

from lcnalg.geometry.architecture import Architecture  # noqa: E402
from lcnalg.tables.cache import Cache, EntryKey  # noqa: E402
from lcnalg.tables.runner import Task, run  # noqa: E402
from lcnalg.tables.make import preload
from lcnalg.tables.neurovarieties import neurovariety_entry  # noqa: E402

from test_runner import ARCHS, counted, exit_hard, hang, marker_lines, tasks_for  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None, silence_logs=50) as c:
        yield c


def _strip(rec):
    """A record without what depends on the run: times, hosts, the checksum (over all of
    them), and the measured kill time inside a timeout's message ("killed after 0.8 s")."""
    out = {k: v for k, v in rec.items() if k not in ("seconds", "token", "host", "finished",
                                                       "key", "traceback", "checksum")}
    if out.get("status") == "timeout":
        out.pop("error", None)
    return out


def test_dask_matches_local(tmp_path, cluster):
    marker = tmp_path / "marker"
    tasks = tasks_for(counted, ARCHS[:4], marker=str(marker))
    tasks.append(Task(EntryKey(ARCHS[0], "hang"), hang, {}, 0.3))
    tasks.append(Task(EntryKey(ARCHS[1], "crash"), exit_hard, {}, 10))
    local = run(tasks, Cache(tmp_path / "local"), jobs=2, progress=False)
    remote_cache = Cache(tmp_path / "dask")
    remote = run(tasks, remote_cache, progress=False, dask_scheduler=cluster.scheduler_address)
    assert [_strip(remote[t.key]) for t in tasks] == [_strip(local[t.key]) for t in tasks]
    assert remote[tasks[-2].key]["status"] == "timeout"
    assert "exited with code 3" in remote[tasks[-1].key]["error"]
    for t in tasks:  # the client wrote every record to its cache
        assert _strip(remote_cache.get(t.key)) == _strip(remote[t.key])
    n = len(marker_lines(marker))
    run(tasks, remote_cache, progress=False, dask_scheduler=cluster.scheduler_address)
    assert len(marker_lines(marker)) == n  # cached: nothing sent to the cluster


def test_dask_real_entry(tmp_path, cluster):
    """A real Sage computation on the cluster equals the local one (same reduced Gröbner basis)."""
    arch = Architecture((3, 2), (2, 1))
    task = Task(EntryKey(arch, "neurovarieties", "sage"), neurovariety_entry,
                {"backend": "sage", "timeout": 60}, 60)
    start = time.monotonic()
    remote = run([task], Cache(tmp_path / "d"), progress=False, preload=preload,
                 dask_scheduler=cluster.scheduler_address)[task.key]
    local = run([task], Cache(tmp_path / "l"), progress=False, preload=preload)[task.key]
    assert remote["status"] == local["status"] == "ok", remote.get("error")
    for key in ("degree", "generator_degrees", "ideal", "groebner"):
        assert remote["result"][key] == local["result"][key]
    assert remote["result"]["generator_degrees"] == {"3": 1}
    assert time.monotonic() - start < 60
