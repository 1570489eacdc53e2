"""A cache on disk for every computed entry of the result tables.

One JSON file per entry, at ::

    <root>/v<version>/<computation>/<backend>/<k..>_<s..>[__<param>=<value>...].json

(e.g. ``results/.cache/v0.1.0/neurovarieties/sage/k3-2_s2-1.json``).  The key is the
architecture, the computation (a table or field group), the backend, the parameters
that change the answer (e.g. the seed) and the package version; the file repeats the key
and is ignored if it does not match.  A record has ``status`` ``"ok"`` (with
``result``), ``"error"`` (with ``error``, the reason) or ``"timeout"``, and
``timeout`` (the limit it ran under, seconds or null) and ``seconds``.  A timed-out entry
is recomputed with ``force`` or a larger limit (or when its limit is not a positive
number, e.g. NaN); a failed one (``error``) at every run, since a failure may come from the
machine (memory, disk, a missing program), so it never blocks a later run.

Each record carries ``checksum``, the SHA-256 of its canonical JSON (sorted keys, the
checksum left out): a file whose values were edited by hand, or a record without the keys
its status needs (``result``), is *corrupt*; :meth:`Cache.read` says why, and the runner
recomputes it and says so on stderr.  (Records written before checksums existed have none
and are accepted; the tables recompute their own checks, e.g. ``deg V * deg mu =
multinomial``, from the values.)

Files are written atomically: a temporary file in the same directory, flushed and
fsynced, then :func:`os.replace`; a reader sees the old file or the new one, never a
part.  A file that does not parse (say, a disk that lost its last write) counts as
missing.

EXAMPLES::

    >>> import tempfile
    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.tables.cache import Cache, EntryKey
    >>> c = Cache(tempfile.mkdtemp())
    >>> key = EntryKey(Architecture((3, 2), (2, 1)), "neurovarieties", "sage")
    >>> c.get(key) is None, c.should_run(key, timeout=10)
    (True, True)
    >>> c.put(key, {"status": "timeout", "timeout": 10, "seconds": 10.0})
    >>> c.should_run(key, timeout=10), c.should_run(key, timeout=30)
    (False, True)
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lcnalg import __version__
from lcnalg.geometry.architecture import Architecture

#: Where the tables keep their cache unless told otherwise.
DEFAULT_ROOT = Path("results") / ".cache"

STATUSES = ("ok", "error", "timeout")


def atomic_write_text(path, text: str) -> None:
    """Write ``text`` to ``path`` so that ``path`` is never seen half-written."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path, data: bytes) -> None:
    """Write ``data`` to a temporary file in the same directory, fsync, rename over ``path``,
    fsync the directory: ``path`` is never seen half-written, and the rename is durable."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), 0o666 & ~_umask())  # mkstemp makes 0600; a table is for reading
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:  # make the rename itself durable
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _safe(text: str) -> str:
    out = "".join(ch if ch.isalnum() or ch in "-_.+" else "-" for ch in str(text))
    if not out:
        raise ValueError(f"empty cache key component {text!r}")
    return out


@dataclass(frozen=True)
class EntryKey:
    """What identifies one cached entry.  ``params`` is a sorted tuple of ``(name, value)``
    pairs (pass a dict; it is normalised); values must be str, int, float or bool."""

    arch: Architecture
    computation: str
    backend: str = "none"
    params: tuple = ()
    version: str = field(default=__version__)

    def __post_init__(self):
        params = self.params.items() if isinstance(self.params, dict) else self.params
        params = tuple(sorted((str(k), v) for k, v in params))
        for k, v in params:
            if not isinstance(v, (str, int, float, bool)):
                raise TypeError(f"cache key parameter {k}={v!r} is not a str/int/float/bool")
        object.__setattr__(self, "params", params)

    def relpath(self) -> Path:
        name = self.arch.label + "".join(f"__{_safe(k)}={_safe(v)}" for k, v in self.params)
        return (Path(f"v{_safe(self.version)}") / _safe(self.computation)
                / _safe(self.backend) / f"{name}.json")

    def to_dict(self) -> dict:
        return {"k": list(self.arch.k), "s": list(self.arch.s), "computation": self.computation,
                "backend": self.backend, "params": dict(self.params), "version": self.version}

    @property
    def label(self) -> str:
        """A short name for progress bars, e.g. ``neurovarieties/sage k3-2_s2-1``."""
        extra = "".join(f" {k}={v}" for k, v in self.params)
        return f"{self.computation}/{self.backend} {self.arch.label}{extra}"


class Cache:
    """The entries under ``root`` (default ``results/.cache``)."""

    def __init__(self, root=DEFAULT_ROOT):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"Cache({str(self.root)!r})"

    def path(self, key: EntryKey) -> Path:
        return self.root / key.relpath()

    def get(self, key: EntryKey) -> dict | None:
        """The record of ``key``, or None if missing, corrupt or not this key's."""
        return self.read(key)[0]

    def read(self, key: EntryKey) -> tuple[dict | None, str | None]:
        """``(record, None)``; ``(None, None)`` when there is no file or it is another key's
        (copied by hand, say); ``(None, why)`` when the file is corrupt: unparsable, without
        the keys its status needs, or edited (checksum mismatch)."""
        path = self.path(key)
        try:
            with open(path, encoding="utf-8") as f:
                rec = json.load(f)
        except FileNotFoundError:
            return None, None
        except (OSError, ValueError) as e:
            return None, f"cache entry {path} is unreadable ({type(e).__name__})"
        if not isinstance(rec, dict):
            return None, f"cache entry {path} is not a JSON object"
        if rec.get("key") != key.to_dict():
            return None, None
        why = (f"status {rec.get('status')!r} unknown" if rec.get("status") not in STATUSES
               else "no result" if rec["status"] == "ok" and "result" not in rec
               else "checksum mismatch: edited after it was written"
               if "checksum" in rec and rec["checksum"] != _checksum(rec) else None)
        return (None, f"cache entry {path} is corrupt ({why})") if why else (rec, None)

    def put(self, key: EntryKey, record: dict) -> None:
        """Store ``record`` (a dict with a ``status``) for ``key``, atomically, with its checksum."""
        if record.get("status") not in STATUSES:
            raise ValueError(f"cache record status must be one of {STATUSES}, got {record.get('status')!r}")
        rec = json.loads(json.dumps(dict(record, key=key.to_dict()), default=str))  # as it will read back
        rec.pop("checksum", None)
        rec["checksum"] = _checksum(rec)
        atomic_write_text(self.path(key), json.dumps(rec, indent=1, sort_keys=True) + "\n")

    def remove_stale_temporaries(self, max_age: float = 3600.0) -> int:
        """Delete temporary files older than ``max_age`` seconds left by writers that were
        killed mid-write; return how many.  (Fresh ones may belong to a running writer.)"""
        import time
        removed, now = 0, time.time()
        for p in self.root.rglob(".*.tmp"):
            try:
                if now - p.stat().st_mtime > max_age:
                    p.unlink()
                    removed += 1
            except OSError:
                pass
        return removed

    def should_run(self, key: EntryKey, timeout: float | None = None, force: bool = False) -> bool:
        """Whether ``key`` must be computed: it is missing or corrupt; or ``force``; or it
        failed (``error``); or it timed out under a smaller limit than ``timeout`` (None: no
        limit, larger than any; the record's ``timeout`` is the limit it ran under, and one
        that is not a positive number never blocks).  Successes are kept unless ``force``."""
        if force:
            return True
        rec = self.get(key)
        if rec is None or rec["status"] == "error":
            return True
        if rec["status"] == "ok":
            return False
        old = rec.get("timeout")
        if old is None:
            return False  # timed out without a limit: killed by a deadline larger than any
        if isinstance(old, bool) or not isinstance(old, (int, float)) or not math.isfinite(old) or old <= 0:
            return True
        return timeout is None or timeout > old


def _checksum(rec: dict) -> str:
    body = {k: v for k, v in rec.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
