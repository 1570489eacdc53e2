"""Run many cached entries in parallel worker processes, or on a Dask cluster.

Each entry (:class:`Task`) runs in its own process, forked from a parent that has already
imported Sage (so a worker starts in milliseconds).  The worker calls
``task.func(arch, **kwargs)``, a top-level function returning a JSON-able dict, and writes
the record to the :class:`~lcnalg.tables.cache.Cache` itself, atomically, the moment it finishes.
So a run killed at any moment (even ``kill -9``) loses only the entries that were running,
and a restart recomputes nothing it had finished.

The parent enforces the time limit by killing the worker and everything it started (a
hung Singular or Macaulay2 call cannot hang the run) and records a timeout; a worker that
dies without a record (a segfault, ``os._exit``) is recorded as an error; neither stops
the run.  Workers lead their own process groups and die with the parent
(``PR_SET_PDEATHSIG`` on Linux), and so does every subprocess started through
:mod:`lcnalg.procs` (the Macaulay2 bridge): a ``kill -9`` of the whole run leaves nothing
behind.

With ``dask_scheduler`` the same entries go to a Dask cluster: each Dask task runs the
entry in a forked, killable process on its worker the same way and returns the record,
which the client writes to its cache as soon as it arrives.
"""
from __future__ import annotations

import collections
import faulthandler
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from typing import Callable

from lcnalg.tables.cache import Cache, EntryKey
from lcnalg.errors import EngineTimeout
from lcnalg.procs import fork_child, kill_tree, release


@dataclass(frozen=True)
class Task:
    """One entry: compute ``func(key.arch, **kwargs)`` and cache it under ``key``.

    ``timeout`` (seconds, None for none) is the limit recorded with the entry; the worker
    is killed ``grace`` seconds after it (the function may enforce it in-process first,
    raising :class:`~lcnalg.errors.EngineTimeout`)."""

    key: EntryKey
    func: Callable
    kwargs: dict = field(default_factory=dict)
    timeout: float | None = None

    def kill_after(self) -> float | None:
        if self.timeout is None:
            return None
        return self.timeout + min(5.0, 0.5 + 0.1 * self.timeout)


# --- one worker ---------------------------------------------------------------------

def _compute(task: Task, token: str, preload: Callable | None = None) -> dict:
    start = time.monotonic()
    try:
        if preload is not None:  # a no-op when the parent already did it
            preload()
        rec = {"status": "ok", "result": task.func(task.key.arch, **task.kwargs)}
    except EngineTimeout as e:
        rec = {"status": "timeout", "error": str(e)}
    except BaseException as e:  # noqa: BLE001 - every failure becomes a record
        rec = {"status": "error", "error": _one_line(e),
               "traceback": traceback.format_exc(limit=20)}
    rec.update(timeout=task.timeout, seconds=round(time.monotonic() - start, 4),
               token=token, host=socket.gethostname(), finished=time.time())
    return rec


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _child(task: Task, cache: Cache, token: str, preload) -> None:
    """Body of a forked worker (run by :func:`lcnalg.procs.fork_child`)."""
    faulthandler.disable()  # a crash is recorded, not dumped over the progress bar
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    rec = _compute(task, token, preload)
    try:
        cache.put(task.key, rec)
    except (TypeError, ValueError) as e:  # result not JSON-able
        cache.put(task.key, dict(rec, status="error", result=None,
                                 error=f"result not storable: {_one_line(e)}"))


@dataclass
class _Attempt:
    task: Task
    pid: int
    token: str
    start: float
    deadline: float | None


def _start(task: Task, cache: Cache, preload: Callable | None = None) -> _Attempt:
    token = uuid.uuid4().hex
    limit = task.kill_after()
    start = time.monotonic()
    pid = fork_child(lambda: _child(task, cache, token, preload))
    return _Attempt(task, pid, token, start, None if limit is None else start + limit)


def _exit_reason(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return f"worker process killed by signal {name}"
    return f"worker process exited with code {os.waitstatus_to_exitcode(status)} without a result"


def _finish(att: _Attempt, cache: Cache, status: int | None) -> dict:
    """The record of a finished (``status`` from waitpid) or killed (None) attempt; writes
    it to the cache when the worker did not."""
    rec = cache.get(att.task.key)
    if rec is not None and rec.get("token") == att.token:
        return rec
    seconds = round(time.monotonic() - att.start, 4)
    if status is None:
        rec = {"status": "timeout", "timeout": att.task.timeout, "seconds": seconds,
               "error": f"{att.task.key.label} killed after {seconds:.1f} s "
                        f"(limit {att.task.timeout:g} s)"}
    else:
        rec = {"status": "error", "timeout": att.task.timeout, "seconds": seconds,
               "error": _exit_reason(status)}
    rec.update(token=att.token, host=socket.gethostname(), finished=time.time())
    cache.put(att.task.key, rec)
    return rec



def _poll(att: _Attempt, cache: Cache, now: float) -> dict | None:
    """The record if the attempt is over (finished or killed at its deadline), else None."""
    pid, status = os.waitpid(att.pid, os.WNOHANG)
    if pid:
        release(att.pid)
        return _finish(att, cache, status)
    if att.deadline is not None and now >= att.deadline:
        kill_tree(att.pid)
        os.waitpid(att.pid, 0)
        return _finish(att, cache, None)
    return None


def _abort(running) -> None:
    for att in running:
        kill_tree(att.pid)
        try:
            os.waitpid(att.pid, 0)
        except ChildProcessError:
            pass


def run_isolated(task: Task, cache_root=None, preload: Callable | None = None) -> dict:
    """Run one entry in a forked, killable worker and return its record.  With
    ``cache_root`` the record is also stored there; without, a private temporary cache is
    used (a Dask worker on another machine need not see the client's disk).  ``preload``
    runs in the forked worker, not here: Sage set up in one thread (signal handlers, PARI's
    thread-local stack) must not be used from another, and a Dask task runs in a side
    thread; so on Dask every entry pays for importing Sage once."""
    with tempfile.TemporaryDirectory(prefix="lcnalg-") as tmp:
        cache = Cache(cache_root if cache_root is not None else tmp)
        att = _start(task, cache, preload)
        try:
            while True:
                rec = _poll(att, cache, time.monotonic())
                if rec is not None:
                    return rec
                time.sleep(0.02)
        except BaseException:
            _abort([att])
            raise


# --- many workers ---------------------------------------------------------------------

def _describe_running(running) -> str:
    labels = [a.task.key.label for a in running]
    text = ", ".join(labels)
    return text if len(text) <= 80 else text[:77] + "..."


def run(tasks, cache: Cache | None = None, jobs: int = 1, force: bool = False,
        progress: bool = True, preload: Callable | None = None,
        dask_scheduler: str | None = None, desc: str = "entries",
        skip: Callable | None = None) -> dict:
    """Compute every task not already in ``cache`` (see :meth:`Cache.should_run`), at most
    ``jobs`` at a time (or on the Dask scheduler at ``dask_scheduler``), and return
    ``{key: record}`` for all of them, in the order given.

    ``preload()`` runs once before the first fork (e.g. to import Sage).  ``skip(task,
    done)``, called just before a task would start with the records known so far, may
    return a reason not to run it: the task then gets the record ``{"status": "skipped",
    "error": reason}``, which is not cached (the next run asks again)."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    cache = cache if cache is not None else Cache()
    unique = list({t.key: t for t in tasks}.values())
    done, todo = {}, []
    for t in unique:
        why = cache.read(t.key)[1]
        if why:
            print(f"lcnalg: {why}; recomputing it", file=sys.stderr, flush=True)
        if cache.should_run(t.key, t.timeout, force):
            todo.append(t)
        else:
            done[t.key] = cache.get(t.key)
    if todo:
        if dask_scheduler is not None:
            _run_dask(todo, cache, dask_scheduler, progress, preload, desc, done, skip)
        else:
            if preload is not None and threading.current_thread() is threading.main_thread():
                preload()  # once, so that forked workers start warm (else each one preloads)
            _run_local(todo, cache, jobs, progress, desc, done, skip, preload)
    return {t.key: done.get(t.key) for t in unique}


def _skipped(task: Task, done: dict, skip) -> bool:
    """Record ``task`` as skipped in ``done`` if ``skip`` says so."""
    reason = skip(task, done) if skip is not None else None
    if reason:
        done[task.key] = {"status": "skipped", "error": str(reason), "timeout": task.timeout,
                          "seconds": 0.0}
    return bool(reason)


def _bar(total: int, progress: bool, desc: str):
    from tqdm.auto import tqdm
    return tqdm(total=total, desc=desc, unit="entry", disable=not progress,
                dynamic_ncols=True, mininterval=0.5)


def _count(counts, rec) -> str:
    counts[rec["status"]] += 1
    return " ".join(f"{k}={v}" for k, v in sorted(counts.items()))


def _run_local(todo, cache: Cache, jobs: int, progress: bool, desc: str, done: dict, skip,
               preload) -> None:
    pending = collections.deque(todo)
    running: list[_Attempt] = []
    counts = collections.Counter()
    bar = _bar(len(todo), progress, desc)
    try:
        while pending or running:
            while pending and len(running) < jobs:
                task = pending.popleft()
                if _skipped(task, done, skip):
                    bar.set_description(f"{desc} [{_count(counts, done[task.key])}]", refresh=False)
                    bar.update(1)
                    continue
                running.append(_start(task, cache, preload))
                bar.set_postfix_str("running: " + _describe_running(running), refresh=False)
            now = time.monotonic()
            still = []
            for att in running:
                rec = _poll(att, cache, now)
                if rec is None:
                    still.append(att)
                else:
                    done[att.task.key] = rec
                    bar.set_description(f"{desc} [{_count(counts, rec)}]", refresh=False)
                    bar.update(1)
            if len(still) != len(running):
                running = still
                bar.set_postfix_str("running: " + _describe_running(running), refresh=False)
            else:
                time.sleep(0.02)
    except BaseException:
        _abort(running)
        raise
    finally:
        bar.close()


def _run_dask(todo, cache: Cache, address: str, progress: bool, preload, desc: str,
              done: dict, skip) -> None:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        from lcnalg.errors import MissingExtra
        raise MissingExtra("dask.distributed", "dask", "--dask-scheduler") from None
    counts = collections.Counter()
    bar = _bar(len(todo), progress, desc)
    with Client(address) as client:
        # all entries are submitted at once, so ``skip`` sees only what was known before
        futures = {}
        for t in todo:
            if _skipped(t, done, skip):
                bar.set_description(f"{desc} [{_count(counts, done[t.key])}]", refresh=False)
                bar.update(1)
                continue
            futures[client.submit(run_isolated, t, None, preload, pure=False,
                                  key=f"lcnalg-{uuid.uuid4().hex}")] = t
        try:
            for fut in as_completed(futures):
                task = futures[fut]
                try:
                    rec = fut.result()
                except Exception as e:  # noqa: BLE001 - a lost Dask worker, say
                    rec = {"status": "error", "timeout": task.timeout, "seconds": None,
                           "error": f"dask: {_one_line(e)}"}
                cache.put(task.key, rec)
                done[task.key] = rec
                bar.set_description(f"{desc} [{_count(counts, rec)}]", refresh=False)
                bar.update(1)
        finally:
            for fut in futures:
                fut.cancel()
            bar.close()
