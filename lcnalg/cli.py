"""The ``lcnalg`` command line (also ``python -m lcnalg``).

    lcnalg describe K S [--json] [--backend NAME] [--timeout SEC] [--fields a,b]
    lcnalg tables [--catalogue NAME] [--only TABLE] [--out DIR] [--jobs N] [--force] ...

``describe`` reports progress on stderr (the computation running and the elapsed time: a
spinner on a terminal, plain lines otherwise; ``--quiet`` turns it off) and in text mode prints
each section as it finishes.  ``--budget`` bounds the whole command: what finished is printed,
with ``incomplete`` listing the rest (exit code 0).

Every failure is one line on stderr (long arguments shortened) with an exit code
(:data:`EXIT_CODES`): bad input 2 (every numeric option is checked before any computation);
a computation that timed out 3; an engine that fails or is missing 4; an input/output error
(a directory that cannot be written, a full disk, a closed pipe as in ``| head``) 5;
``tables`` with entries that failed 6 (the tables are written); Ctrl-C 130; SIGTERM 143.
On Ctrl-C and SIGTERM the children's process groups are killed and the temporary
directories removed; each run works in a private temporary directory and first removes
those of lcnalg runs that are gone (:func:`lcnalg.procs.sweep_orphans`).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys

from lcnalg import __version__, options, procs
from lcnalg.geometry.architecture import Architecture
from lcnalg.errors import EngineError, EngineTimeout, MissingExtra, Terminated
from lcnalg.implicit import registry
from lcnalg.request import Request


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "-2,1" and "-1e3" are values (say, strides or a limit to refuse), not options
        self._negative_number_matcher = re.compile(r"^-\.?\d[\d,.eE+-]*$")

    def error(self, message):  # one line, no usage dump
        self.exit(2, f"lcnalg: error: {_line(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="lcnalg", description="Algebraic geometry of linear convolutional networks.")
    p.add_argument("--version", action="version", version=f"lcnalg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    d = sub.add_parser("describe", help="describe one architecture")
    d.add_argument("K", help="filter sizes, comma-separated, e.g. 3,2")
    d.add_argument("S", nargs="?", default=None, help="strides, comma-separated (default all 1)")
    d.add_argument("--json", action="store_true", help="print one JSON object")
    d.add_argument("--backend", default=None,
                   help=f"force an engine: {', '.join(registry.names() + list(registry.ALIASES))} "
                        "(default: the first in this order whose theorem applies, else multigraded; "
                        "reported as `backend`)")
    d.add_argument("--timeout", type=float, default=600.0,
                   help="seconds per section (the ideal, the singular locus, ...; default 600): a "
                        "section out of time is reported in `timed_out` and the others still run")
    d.add_argument("--budget", type=float, default=None,
                   help="deadline in seconds for the whole command: stop cleanly with what finished")
    d.add_argument("--check", choices=["jacobian"], default=None,
                   help="jacobian: check the theorem's singular locus by the Jacobian criterion under "
                        "the whole section limit (default: only under a small share of it)")
    d.add_argument("--quiet", action="store_true", help="no progress on stderr")
    d.add_argument("--fields", default=None, help="compute only these keys, e.g. ged_degree,degree")
    d.add_argument("--seed", type=int, default=0, help="seed of randomized computations")
    from lcnalg.tables.make import add_tables_arguments
    add_tables_arguments(sub.add_parser("tables", help="regenerate the result tables"))
    return p


def _describe(args) -> int:
    from lcnalg.describe import GROUP_TITLES, describe, head_text, parse_fields, section_text, tail_text
    from lcnalg.progress import Progress
    timeout = options.seconds("--timeout", args.timeout)
    budget = options.seconds("--budget", args.budget)
    options.integer("--seed", args.seed, 0, options.MAX_SEED)
    arch = Architecture.parse(args.K, args.S)
    fields = parse_fields(args.fields)
    request = Request(registry.resolve(args.backend), timeout, args.seed, args.check,
                      Request.deadline_in(budget))  # decided once, passed down
    progress = Progress(sys.stderr, enabled=not args.quiet)
    if not args.json:
        print(head_text(arch.summary()), flush=True)

    def report(event, group, result, seconds):
        title = GROUP_TITLES.get(group, group)
        if event == "done" and not args.json:
            text = section_text(group, result)
            if text:
                progress.clear()
                print(text, flush=True)
        status = result["sections"].get(group, {}).get("status", "ok") if event == "done" else "ok"
        if status != "ok":
            words = {"timeout": "timed out", "error": "failed"}.get(status, status)
            progress.note(f"{title}: {words} ({seconds:.1f} s)")
        else:
            progress.event(event, title, seconds)

    progress.note(f"describing {arch}" + (f" (budget {budget:g} s)" if budget else ""))
    try:
        result = describe(arch, fields=fields, request=request, report=report, isolate=True,
                          tick=progress.tick)
    finally:
        progress.close()
    if result.get("incomplete"):
        progress.note(f"budget of {budget:g} s used up; incomplete: {', '.join(result['incomplete'])}")
    print(json.dumps(result) if args.json else tail_text(result), flush=True)
    return _sections_exit(result)


def _sections_exit(result: dict) -> int:
    """0 when every section that ran is ok; else one line naming the sections that timed out
    or failed (the others were printed) and exit code 4 (a failure) or 3 (timeouts only)."""
    bad = {g: st for g, st in result["sections"].items() if st["status"] in ("timeout", "error")}
    if not bad:
        return 0
    from lcnalg.describe import GROUP_TITLES
    failed = [f"{GROUP_TITLES.get(g, g)}: {st['reason']}" for g, st in bad.items() if st["status"] == "error"]
    parts = failed + [st["reason"] for st in bad.values() if st["status"] == "timeout"]
    label, code = ("engine error", 4) if failed else ("timeout", 3)
    print(f"lcnalg: {label}: {_line('; '.join(parts))}; the other sections were printed", file=sys.stderr)
    return code


def main(argv=None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    try:
        procs.sweep_orphans()
        with procs.sigterm_raises(), procs.private_tmpdir():
            return _main(argv)
    except Terminated:  # while the temporary directory was being removed
        print("lcnalg: terminated", file=sys.stderr)
        return 143
    except OSError as e:  # no temporary directory
        print(f"lcnalg: I/O error: {_line(e)}", file=sys.stderr)
        return 5


def _main(argv) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as e:  # argparse: bad usage (2, message printed), --help/--version (0)
        return e.code if isinstance(e.code, int) else 0
    try:
        if args.command == "describe":
            return _describe(args)
        from lcnalg.tables.make import tables_command
        return tables_command(args)
    except (EngineTimeout, MissingExtra, EngineError, ValueError, OSError, KeyboardInterrupt,
            Terminated) as e:
        label, code = next(v for t, v in _EXITS if isinstance(e, t))
        if isinstance(e, OSError):
            _quiet_stdout()
        with contextlib.suppress(OSError):
            print(f"lcnalg: {label}{': ' + _line(e) if code not in (130, 143) else ''}",
                  file=sys.stderr, flush=True)
        return code


#: exception -> (what the one line on stderr starts with, exit code); first match wins
_EXITS = ((EngineTimeout, ("timeout", 3)), (MissingExtra, ("not installed", 4)),
          (EngineError, ("engine error", 4)), (ValueError, ("error", 2)),
          (OSError, ("I/O error", 5)), (KeyboardInterrupt, ("interrupted", 130)),
          (Terminated, ("terminated", 143)))
#: the exit codes of the command line (README, "Bad input")
EXIT_CODES = {"ok": 0, "bad input": 2, "timeout": 3, "engine error": 4, "I/O error": 5,
              "tables: entries failed": 6, "interrupted": 130, "terminated": 143}


def _quiet_stdout() -> None:
    """After a write error (a closed pipe, a full disk), point stdout at /dev/null so that
    the interpreter's last flush does not print a second error."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


#: longest message printed (a 100 KB argument must not give 100 KB of stderr)
MAX_MESSAGE = 500


def _line(e) -> str:
    r"""The message of ``e`` (an exception or a string) on one printable line: whitespace runs
    become one space, other unprintable characters their escapes.

    EXAMPLES::

        >>> _line(ValueError("bad\n value \x07"))
        'bad value \\x07'
    """
    text = " ".join(str(e).split())
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE - 25] + f"... ({len(text)} characters)"
    return text or type(e).__name__
