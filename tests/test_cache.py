"""The entry cache: keys, atomic writes, corrupted files, the retry rule."""
import json
import os

import pytest

from lcnalg import __version__
from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import Cache, EntryKey, atomic_write_text

A = Architecture((3, 2), (2, 1))


def test_key_path_and_parameters():
    key = EntryKey(A, "critical_points", "none", {"seed": 2})
    assert key.params == (("seed", 2),)
    assert str(key.relpath()) == f"v{__version__}/critical_points/none/k3-2_s2-1__seed=2.json"
    assert key == EntryKey(A, "critical_points", "none", (("seed", 2),))
    assert key != EntryKey(A, "critical_points", "none", {"seed": 3})
    assert key != EntryKey(A, "critical_points", "none", {"seed": 2}, version="0.0.0")
    with pytest.raises(TypeError, match="seed"):
        EntryKey(A, "x", params={"seed": [1]})


def test_put_get_roundtrip_and_key_check(tmp_path):
    c = Cache(tmp_path)
    key = EntryKey(A, "neurovarieties", "sage")
    c.put(key, {"status": "ok", "result": {"degree": 3}, "seconds": 0.1, "timeout": 10})
    assert c.get(key)["result"] == {"degree": 3}
    other = EntryKey(A, "neurovarieties", "sage", version="9.9")
    assert c.get(other) is None
    # a file whose stored key differs (say, copied by hand) is not trusted
    os.makedirs(c.path(other).parent, exist_ok=True)
    c.path(other).write_text(c.path(key).read_text())
    assert c.get(other) is None
    with pytest.raises(ValueError, match="status"):
        c.put(key, {"status": "done"})


@pytest.mark.parametrize("text", ["", "{", '{"status": "ok", "key": ', "[1, 2]", "\x00\x00"])
def test_corrupted_file_counts_as_missing(tmp_path, text):
    c = Cache(tmp_path)
    key = EntryKey(A, "t")
    c.path(key).parent.mkdir(parents=True)
    c.path(key).write_text(text)
    assert c.get(key) is None
    assert c.should_run(key, timeout=1)


def test_atomic_write_interrupted_leaves_old_file(tmp_path, monkeypatch):
    path = tmp_path / "t.json"
    atomic_write_text(path, "old")

    def boom(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(path, "new" * 10000)
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["t.json"]  # the temporary file was removed


def test_atomic_write_process_dies_mid_write(tmp_path):
    """A process that dies after writing part of the data but before the rename leaves
    the old file intact (and at most a stray temporary file, which readers ignore)."""
    c = Cache(tmp_path)
    key = EntryKey(A, "t")
    c.put(key, {"status": "ok", "result": 1})
    pid = os.fork()
    if pid == 0:  # child: write half of the data, then die hard
        try:
            def die(fd):
                os._exit(7)
            os.fsync = die
            c.put(key, {"status": "ok", "result": "x" * 100000})
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 7
    assert c.get(key)["result"] == 1
    leftovers = [p.name for p in c.path(key).parent.iterdir()]
    assert all(name == c.path(key).name or name.endswith(".tmp") for name in leftovers)
    json.loads(c.path(key).read_text())


def test_retry_rule(tmp_path):
    """Successes are kept; a timeout blocks runs under at most its limit; a failure, or a
    timeout under a limit that is not a positive number, never blocks a later run."""
    c = Cache(tmp_path)
    ok, err, tout, unlimited, nan = (EntryKey(A, name) for name in ("ok", "err", "tout", "unl", "nan"))
    c.put(ok, {"status": "ok", "result": 1, "timeout": 5})
    c.put(err, {"status": "error", "error": "ValueError: x", "timeout": 5})
    c.put(tout, {"status": "timeout", "timeout": 5})
    c.put(unlimited, {"status": "error", "error": "boom", "timeout": None})
    c.put(nan, {"status": "timeout", "timeout": float("nan")})
    for key in (ok, tout):
        assert not c.should_run(key, timeout=5)
        assert not c.should_run(key, timeout=2)
        assert c.should_run(key, timeout=5, force=True)
    assert not c.should_run(ok, timeout=50) and not c.should_run(ok, timeout=None)
    assert c.should_run(tout, timeout=6) and c.should_run(tout, timeout=None)
    for key in (err, unlimited, nan):
        assert c.should_run(key, timeout=2) and c.should_run(key, timeout=None)


def test_stale_temporaries_are_removed(tmp_path):
    c = Cache(tmp_path)
    key = EntryKey(A, "t")
    c.put(key, {"status": "ok", "result": 1})
    old = c.path(key).parent / f".{c.path(key).name}.abc.tmp"
    fresh = c.path(key).parent / f".{c.path(key).name}.def.tmp"
    old.write_text("{\"sta")
    fresh.write_text("{\"sta")
    os.utime(old, (1, 1))
    assert c.remove_stale_temporaries() == 1
    assert not old.exists() and fresh.exists() and c.get(key)["result"] == 1


def test_written_files_are_readable_by_others(tmp_path):
    # mkstemp creates 0600 files; a result table must get the usual umask-derived mode
    from lcnalg.tables.cache import atomic_write_bytes
    mask = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "t.csv", b"a,b\n")
    finally:
        os.umask(mask)
    assert (tmp_path / "t.csv").stat().st_mode & 0o777 == 0o644
