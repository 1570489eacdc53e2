"""Process control: forked time limits, process-group kills, subprocesses (one mechanism).

An alarm cannot safely stop Singular: interrupting an interpreted Singular procedure (e.g.
``standard.lib::groebner``) leaves its state behind, and the next Singular call in the same
process fails or crashes.  So a computation with a time limit runs in a forked child (cheap:
copy-on-write after Sage is loaded); the result comes back pickled.  Every child this module
starts (:func:`fork_child`, :func:`start_process`) leads a process group of its own and dies
with its parent (Linux ``PR_SET_PDEATHSIG``); :func:`kill_tree` kills the child, its whole
group and every process below it, so an ``msolve`` or ``M2`` that the child started dies too.
Each forked child gets a private temporary directory (``TMPDIR``), removed when the child is
killed or reaped, so files of a killed ``msolve`` or ``M2`` run are not left behind.  The
command line runs in a private temporary directory too (:func:`private_tmpdir`), handles
SIGTERM like SIGINT (:func:`sigterm_raises`: children killed, directories removed), and on
start removes the directories of lcnalg processes that are gone (:func:`sweep_orphans`;
each directory's name carries the pid of the process that made it, so a ``kill -9`` leaves
nothing that a later run does not remove).
The table runner (:mod:`lcnalg.tables.runner`), the Macaulay2 bridge and
:func:`call_with_time_limit` and :func:`race` all go through these functions.

EXAMPLES::

    >>> from lcnalg.procs import call_with_time_limit
    >>> call_with_time_limit(lambda: 6 * 7, 10, "a product")
    42
    >>> import time
    >>> call_with_time_limit(lambda: time.sleep(5), 0.2, "a nap")
    Traceback (most recent call last):
    ...
    lcnalg.errors.EngineTimeout: a nap timed out after 0.2 s
"""
from __future__ import annotations

import collections
import contextlib
import gc
import os
import pickle
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
from typing import Callable, Iterable, TypeVar

from lcnalg.errors import EngineError, EngineTimeout, Terminated

T = TypeVar("T")

#: private temporary directory of each forked child, by pid (removed by :func:`release`)
_CHILD_TMP: dict[int, str] = {}
#: in a child of :func:`stream_from_child`: sends one more item to the parent (else None)
_REPORT: Callable[[object], None] | None = None


def report(item) -> bool:
    """Send ``item`` to the parent as one more item of :func:`stream_from_child` when this
    process is its child and the consumer asked for reports (``reports=True``; it sees the
    item between the generator's own); nothing, and False, elsewhere (also in a child of
    that child).  For progress reports from deep
    inside a computation, e.g. a step of the chart certificate inside the completion.

    EXAMPLES::

        >>> report("anything")  # not in a streaming child
        False
        >>> def steps():
        ...     report("from inside")
        ...     yield "the generator's own"
        >>> list(stream_from_child(steps, 10, "two items", reports=True))
        ['from inside', "the generator's own"]
        >>> list(stream_from_child(steps, 10, "one item"))
        ["the generator's own"]
    """
    if _REPORT is None:
        return False
    _REPORT(item)
    return True


def release(pid: int) -> None:
    """Remove the private temporary directory of the (killed or reaped) child ``pid``."""
    d = _CHILD_TMP.pop(pid, None)
    if d:
        shutil.rmtree(d, ignore_errors=True)


#: temporary directories of lcnalg: ``lcnalg-run-<pid>-*`` (a command) and
#: ``lcnalg-child-<pid>-*`` (a forked child of process ``pid``)
_OURS = re.compile(r"^lcnalg-(?:run|child)-(\d+)-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def sweep_orphans(root: str | None = None) -> list[str]:
    """Remove the temporary directories (in ``root``, default the system's) of lcnalg
    processes that no longer run (killed with ``kill -9``, say); return their paths.
    Their children died with them (``PR_SET_PDEATHSIG``), so nothing writes there."""
    root = root or tempfile.gettempdir()
    removed = []
    try:
        names = os.listdir(root)
    except OSError:
        return removed
    for name in names:
        m = _OURS.match(name)
        if m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1))):
            path = os.path.join(root, name)
            shutil.rmtree(path, ignore_errors=True)
            if not os.path.exists(path):
                removed.append(path)
    return removed


@contextlib.contextmanager
def private_tmpdir():
    """Run the block with ``TMPDIR`` (and :mod:`tempfile`'s default) set to a fresh directory
    ``lcnalg-run-<pid>-*``, removed afterwards with everything in it (Sage's ``sage_*``
    directories, ``msolve``'s files, the children's directories).  Restores the old values."""
    old_env, old_default = os.environ.get("TMPDIR"), tempfile.tempdir
    path = tempfile.mkdtemp(prefix=f"lcnalg-run-{os.getpid()}-")
    os.environ["TMPDIR"] = tempfile.tempdir = path
    try:
        yield path
    finally:
        tempfile.tempdir = old_default
        if old_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old_env
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def sigterm_raises():
    """In the block, SIGTERM raises :class:`lcnalg.errors.Terminated` in the main thread, so
    the cleanup that runs on Ctrl-C (children's process groups killed, temporary
    directories removed) runs on SIGTERM too.  A no-op outside the main thread."""
    def handler(signum, frame):
        raise Terminated("terminated by SIGTERM")
    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def set_pdeathsig() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (a no-op elsewhere)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def descendants(pid: int) -> list[int]:
    """All processes below ``pid``, read from ``/proc`` (empty where there is none).

    EXAMPLES::

        >>> import os
        >>> os.getpid() in descendants(os.getppid())
        True
    """
    children = collections.defaultdict(list)
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for d in entries:
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children[ppid].append(int(d))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), ()):
            out.append(c)
            todo.append(c)
    return out


def kill_tree(pid: int) -> None:
    """SIGKILL ``pid``, its process group and every process below it (``pid`` itself is not
    reaped: the caller waits for it)."""
    try:
        os.kill(pid, signal.SIGSTOP)  # freeze it: no new children while we look
    except ProcessLookupError:
        return
    for p in [pid] + descendants(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    if pid in _CHILD_TMP:  # the group is dead: nothing writes there any more
        release(pid)


def _kill_and_reap(pid: int) -> None:
    kill_tree(pid)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _reap(pid: int) -> int:
    """Wait for a child that has closed its pipe (it is exiting), then SIGKILL what it left in
    its process group (on Linux a group's id is not reused while the group has members)."""
    status = os.waitpid(pid, 0)[1]
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    release(pid)
    return status


def fork_child(body: Callable[[], int | None]) -> int:
    """Fork; the child leads a new process group, dies with this process, runs ``body()``
    and leaves with ``os._exit`` (its return value, 0 for None; 1 on an exception), never
    running the parent's cleanup.  Returns the child's pid."""
    parent = os.getpid()
    tmp = tempfile.mkdtemp(prefix=f"lcnalg-child-{parent}-")
    # the objects existing now go to the collector's permanent generation, in the child for
    # good: a collection there would otherwise write to every object's header and copy the
    # parent's whole heap page by page (copy-on-write), which costs more than small jobs
    gc.freeze()
    pid = os.fork()
    if pid:
        gc.unfreeze()
        _CHILD_TMP[pid] = tmp
        return pid
    code = 1
    global _REPORT
    _REPORT = None  # a report from here does not go into the parent's stream
    try:
        with contextlib.suppress(ValueError):  # the parent's SIGTERM handler is for the parent
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.environ["TMPDIR"] = tempfile.tempdir = tmp
        os.setpgid(0, 0)
        set_pdeathsig()
        if os.getppid() == parent:  # else the parent died before prctl
            code = body() or 0
    except BaseException:  # noqa: BLE001
        code = 1
    finally:
        os._exit(code)


def _spawn(fn: Callable[[], T], what: str) -> tuple[int, int]:
    """Run ``fn`` in a forked child (:func:`fork_child`) that sends ``(True, value)`` or
    ``(False, exception)`` back pickled; returns the child's pid and the pipe's read end."""
    read_end, write_end = os.pipe()

    def body():
        os.close(read_end)
        try:
            payload = (True, fn())
        except BaseException as e:  # noqa: BLE001 - sent back to the parent
            payload = (False, e)
        try:
            data = pickle.dumps(payload)
        except Exception as e:  # noqa: BLE001
            data = pickle.dumps((False, EngineError(f"{what}: result not picklable: {e}")))
        with os.fdopen(write_end, "wb") as f:
            f.write(data)

    pid = fork_child(body)
    os.close(write_end)
    return pid, read_end


def _payload(pid: int, chunks: list[bytes], what: str) -> tuple[bool, object]:
    """Reap a child whose pipe is closed and decode what it sent (a crash: EngineError)."""
    status = _reap(pid)
    if not chunks:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
        return False, EngineError(f"{what} crashed ({how})")
    return pickle.loads(b"".join(chunks))


def race(fns: dict[str, Callable[[], T]], seconds: float | None, what: str,
         delays: dict[str, float] | None = None) -> tuple[str, T]:
    """``(name, fns[name]())`` for the first of ``fns`` to finish, each run in a forked child
    (:func:`fork_child`); the others' process trees are killed.  A child that fails (exception
    or crash) leaves the race to the others; when all fail the first failure is raised.  After
    ``seconds`` (None: no limit) all are killed and :class:`EngineTimeout` names ``what``.
    ``delays[name]``: start that one only after so many seconds, if no other has finished.

    EXAMPLES::

        >>> import time
        >>> race({"slow": lambda: time.sleep(5), "fast": lambda: 6 * 7}, 10, "two ways")
        ('fast', 42)
        >>> race({"bad": lambda: 1 / 0, "good": lambda: time.sleep(0.2) or "ok"}, 10, "two ways")
        ('good', 'ok')
        >>> race({"first": lambda: 1, "late": lambda: 2}, 10, "two ways", delays={"late": 5})
        ('first', 1)
    """
    start = time.monotonic()
    deadline = None if not seconds else start + seconds
    waiting = sorted(((start + (delays or {}).get(name, 0.0), name) for name in fns), reverse=True)
    running = {}  # read end -> (name, pid, chunks)
    failures = []
    try:
        while running or waiting:
            now = time.monotonic()
            while waiting and (waiting[-1][0] <= now or not running):
                name = waiting.pop()[1]
                pid, fd = _spawn(fns[name], f"{what} ({name})")
                running[fd] = (name, pid, [])
            wake = [t for t in (deadline, waiting[-1][0] if waiting else None) if t is not None]
            left = None if not wake else min(wake) - now
            if deadline is not None and now >= deadline:
                raise EngineTimeout(what, seconds)
            ready, _, _ = select.select(list(running), [], [], left)
            for fd in ready:
                name, pid, chunks = running[fd]
                chunk = os.read(fd, 1 << 20)
                if chunk:
                    chunks.append(chunk)
                    continue
                os.close(fd)
                del running[fd]
                ok, value = _payload(pid, chunks, f"{what} ({name})")
                if ok:
                    return name, value
                failures.append(value)
        raise failures[0]
    finally:
        for fd, (_, pid, _) in running.items():
            os.close(fd)
            _kill_and_reap(pid)


def call_with_time_limit(fn: Callable[[], T], seconds: float | None, what: str) -> T:
    """``fn()``, or :class:`EngineTimeout` naming ``what`` after ``seconds``.

    Without a limit ``fn`` runs in this process.  With one it runs in a forked child (see
    :func:`fork_child`) whose whole process tree is killed on timeout (or on any exception
    here, e.g. ``KeyboardInterrupt``); an exception raised by ``fn`` is re-raised here, a
    crash of the child becomes :class:`EngineError`.  The result must be picklable."""
    if not seconds:
        return fn()
    pid, read_end = _spawn(fn, what)
    chunks, deadline = [], time.monotonic() + seconds
    try:
        with os.fdopen(read_end, "rb") as f:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise EngineTimeout(what, seconds)
                ready, _, _ = select.select([f], [], [], left)
                if ready:
                    chunk = os.read(f.fileno(), 1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
    except BaseException:
        _kill_and_reap(pid)
        raise
    ok, value = _payload(pid, chunks, what)
    if ok:
        return value
    raise value


#: yielded by :func:`stream_from_child` while nothing arrives for ``tick`` seconds
TICK = object()


def stream_from_child(gen: Callable[[], Iterable], seconds: float | None, what: str,
                      tick: float | None = None, reports: bool = False):
    """Yield what ``gen()`` yields, computed in a forked child (see :func:`fork_child`), as
    each item arrives; :data:`TICK` whenever ``tick`` seconds pass without one.  After
    ``seconds`` (None: no limit) the child's tree is killed and :class:`EngineTimeout`
    naming ``what`` is raised; so it is when the consumer stops early.  An exception in
    ``gen`` is re-raised here.  Items must be picklable.  With ``reports``, :func:`report`
    called in the child (outside ``gen``'s own yields) adds items too; without, it sends
    nothing (a consumer that does not expect them never sees them).

    EXAMPLES::

        >>> import time
        >>> def steps():
        ...     yield 1
        ...     time.sleep(30)
        ...     yield 2
        >>> got = []
        >>> try:
        ...     for x in stream_from_child(steps, 0.5, "two steps"):
        ...         got.append(x)
        ... except EngineTimeout as e:
        ...     print(got, e)
        [1] two steps timed out after 0.5 s
    """
    read_end, write_end = os.pipe()

    def body():
        os.close(read_end)
        with os.fdopen(write_end, "wb") as f:
            def send(payload):
                try:
                    data = pickle.dumps(payload)
                except Exception as e:  # noqa: BLE001
                    data = pickle.dumps((False, EngineError(f"{what}: result not picklable: {e}")))
                f.write(len(data).to_bytes(8, "big") + data)
                f.flush()
            if reports:
                global _REPORT
                _REPORT = lambda item: send((True, item))  # noqa: E731
            try:
                for item in gen():
                    send((True, item))
            except BaseException as e:  # noqa: BLE001 - sent back to the parent
                send((False, e))

    pid = fork_child(body)
    os.close(write_end)
    deadline = None if not seconds else time.monotonic() + seconds
    buf, reaped = b"", False
    try:
        with os.fdopen(read_end, "rb") as f:
            while True:
                while len(buf) >= 8 and len(buf) >= 8 + int.from_bytes(buf[:8], "big"):
                    size = int.from_bytes(buf[:8], "big")
                    ok, value = pickle.loads(buf[8:8 + size])
                    buf = buf[8 + size:]
                    if not ok:
                        raise value
                    yield value
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise EngineTimeout(what, seconds)
                wait = min(x for x in (left, tick) if x is not None) if (left or tick) else None
                ready, _, _ = select.select([f], [], [], wait)
                if not ready:
                    if tick is not None and (left is None or left > tick):
                        yield TICK
                    continue
                chunk = os.read(f.fileno(), 1 << 20)
                if not chunk:
                    break
                buf += chunk
        status, reaped = _reap(pid), True
        if buf or os.waitstatus_to_exitcode(status) != 0:
            how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
            raise EngineError(f"{what} crashed ({how})")
    finally:
        if not reaped:
            _kill_and_reap(pid)


def start_process(cmd: list[str], **kwargs) -> subprocess.Popen:
    """``subprocess.Popen(cmd, **kwargs)`` in a session of its own that dies with this
    process; stop it with :func:`communicate_with_time_limit` or :func:`kill_tree`."""
    return subprocess.Popen(cmd, start_new_session=True, preexec_fn=set_pdeathsig, **kwargs)


def communicate_with_time_limit(proc: subprocess.Popen, seconds: float | None, what: str):
    """``proc.communicate()`` within ``seconds`` (None: no limit); on expiry (or any
    exception, e.g. ``KeyboardInterrupt``) the process tree is killed and, for a timeout,
    :class:`EngineTimeout` naming ``what`` is raised.

    EXAMPLES::

        >>> p = start_process(["sleep", "30"], stdout=subprocess.PIPE)
        >>> communicate_with_time_limit(p, 0.2, "a short sleep")
        Traceback (most recent call last):
        ...
        lcnalg.errors.EngineTimeout: a short sleep timed out after 0.2 s
        >>> p.returncode == -signal.SIGKILL
        True
    """
    try:
        return proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        kill_tree(proc.pid)
        proc.communicate()
        raise EngineTimeout(what, seconds) from None
    except BaseException:
        kill_tree(proc.pid)
        proc.communicate()
        raise
