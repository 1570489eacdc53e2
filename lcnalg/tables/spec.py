"""What every table spec shares: :class:`TableSpec`, the status of entries, the base columns.

A table spec (one module per table in :mod:`lcnalg.tables`) holds its entry function, its
tasks, its rows and its columns together.  Its rows read the cached records (a dict with
``status``, ``result``, ``seconds``, ``error``, ``timeout``; :mod:`lcnalg.tables.cache`, or
None when missing) through :func:`entry_result`, :func:`entry_seconds`, :func:`entry_status`,
:func:`combined_status` and :func:`entry_notes`.

EXAMPLES::

    >>> rec = {"status": "timeout", "timeout": 20, "seconds": 20.1}
    >>> entry_status(rec), entry_result(rec), entry_seconds(rec), entry_status(None)
    ('timeout (20 s)', None, None, 'missing')
    >>> combined_status({"sage": rec, "m2": {"status": "ok", "result": {}}})
    'sage timeout (20 s)'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.formats import Column


@dataclass(frozen=True)
class TableSpec:
    """A result table: its entries (``tasks``), its ``rows`` and ``columns``."""

    name: str
    title: str
    doc: str
    tasks: Callable
    rows: Callable
    columns: Callable
    #: default per-entry time limit (seconds) of ``make tables``
    timeout: float = 5.0
    #: when set, the table is always over this named catalogue (unless an explicit list of
    #: architectures is given)
    catalogue: str | None = None
    #: when set, ``summary(rows)`` is a Markdown summary of the table for ``results/README.md``
    summary: Callable | None = None
    #: the table's own parameters and their defaults (``seeds``, ``backends``), passed to
    #: ``tasks`` and ``rows`` (and ``backends`` to ``columns``) and recorded in the table's meta
    params: dict = field(default_factory=dict)
    #: whether ``lcnalg tables`` (no ``--only``) and ``make tables`` compute it; an opt-in
    #: table (False) runs only when named
    default: bool = True
    #: whether an entry that timed out skips the same computation on larger architectures
    #: with the same strides (``make._dominated``); False when a task is not one
    #: architecture's (the atlas's batches are named by their first architecture only)
    skip_dominated: bool = True
    #: per named catalogue, parameters that replace the defaults in ``params`` (e.g. the large
    #: catalogue's bound on the cross-checked sizes)
    catalogue_params: dict = field(default_factory=dict)
    #: when set, ``finished(row)`` says whether an ``ok`` row of a kept table needs no
    #: recomputing (``lcnalg tables --keep``; e.g. only certified ideals)
    finished: Callable | None = None
    #: when set, ``recheck(arch, row)`` returns a kept row with the columns derived from its
    #: values and the architecture recomputed (so a kept row cannot carry a stale check)
    recheck: Callable | None = None


def classes(arch: Architecture) -> str:
    """The classes of MATH.md §3 that ``arch`` belongs to, e.g. ``"thin, reduced"``."""
    words = ["thick" if arch.thick else "thin"]
    words += [w for w, flag in (("stride-one", arch.stride_one), ("filling", arch.filling),
                                ("reduced", arch.is_reduced), ("non-overlapping", arch.non_overlapping))
              if flag]
    return ", ".join(words)


def entry_status(rec: dict | None) -> str:
    """The status of a record: ``ok``, ``timeout (20 s)`` (with its limit), ``error``,
    ``skipped`` or ``missing`` (None)."""
    if rec is None:
        return "missing"
    if rec["status"] == "timeout" and rec.get("timeout") is not None:
        return f"timeout ({rec['timeout']:g} s)"
    return rec["status"]


def combined_status(recs: dict) -> str:
    """``ok`` if every part is ok, else the parts that are not, e.g. ``sage timeout (20 s)``."""
    bad = [f"{part} {entry_status(rec)}" for part, rec in recs.items() if entry_status(rec) != "ok"]
    return "; ".join(bad) if bad else "ok"


def entry_notes(recs: dict) -> dict:
    """``{part: reason}`` of the parts whose record has an error (the rows' JSON ``notes``)."""
    return {part: rec.get("error") for part, rec in recs.items()
            if rec is not None and rec.get("error")}


def entry_result(rec: dict | None) -> dict | None:
    """The result of a record that is ``ok``, else None."""
    return rec["result"] if rec is not None and rec["status"] == "ok" else None


def entry_seconds(rec: dict | None) -> float | None:
    """The seconds of a record that is ``ok``, else None."""
    return rec.get("seconds") if rec is not None and rec["status"] == "ok" else None


def base_row(arch: Architecture) -> dict:
    """The columns every table starts with: ``k``, ``s``, ``n``."""
    return {"k": list(arch.k), "s": list(arch.s), "n": arch.n}


BASE_COLUMNS = (Column("k", "k", "filter sizes k_1..k_L"),
                Column("s", "s", "strides s_1..s_L (the last one is always 1)"),
                Column("n", "n", "size of the end-to-end filter, 1 + sum d_i S_i"))
STATUS_COLUMN = Column("status", "status",
                       "`ok`, or the computations that did not finish: `timeout (T s)` (killed "
                       "or stopped at the limit T), `error` (the reason is in the JSON `notes`), "
                       "`skipped` (the same computation timed out under at least this limit on "
                       "an architecture with the same strides and smaller or equal filters)")
