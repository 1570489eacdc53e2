"""The ``lcnalg`` command line (also ``python -m lcnalg``).

    lcnalg describe K S [--json] [--backend NAME] [--timeout SEC] [--fields a,b]
    lcnalg tables [--catalogue NAME] [--only TABLE] [--out DIR] [--jobs N] [--force] ...

``describe`` reports progress on stderr (the computation running and the elapsed time: a
spinner on a terminal, plain lines otherwise; ``--quiet`` turns it off) and in text mode prints
each section as it finishes.  ``--budget`` bounds the whole command: what finished is printed,
with ``incomplete`` listing the rest (exit code 0).

Bad input: one line on stderr, exit code 2.  A computation that times out: exit code 3.
An engine that fails or is missing: exit code 4.
"""
from __future__ import annotations

import argparse
import json
import sys

from lcnalg import __version__
from lcnalg.geometry.architecture import Architecture
from lcnalg.errors import EngineError, EngineTimeout, MissingExtra


class _Parser(argparse.ArgumentParser):
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
                   help="force an engine: segre, determinantal, pivot, resultant, multigraded, sage, m2, interpolation "
                        "(default: the fastest applicable one, reported as `backend`)")
    d.add_argument("--timeout", type=float, default=600.0, help="seconds per computation (default 600)")
    d.add_argument("--budget", type=float, default=None,
                   help="seconds for the whole command: stop cleanly with what finished")
    d.add_argument("--quiet", action="store_true", help="no progress on stderr")
    d.add_argument("--fields", default=None, help="compute only these keys, e.g. ged_degree,degree")
    d.add_argument("--seed", type=int, default=0, help="seed of randomized computations")
    try:
        from lcnalg.tables.make import add_tables_arguments
    except ImportError:  # pragma: no cover - during development only
        add_tables_arguments = None
    if add_tables_arguments is not None:
        add_tables_arguments(sub.add_parser("tables", help="regenerate the result tables"))
    return p


def _positive(name: str, value):
    if value is not None and not value > 0:  # also rejects nan
        raise ValueError(f"{name} must be a positive number of seconds, got {value:g}")
    if value is not None and value == float("inf"):
        return None
    return value


def _describe(args) -> int:
    from lcnalg.describe import GROUP_TITLES, describe, head_text, parse_fields, section_text, tail_text
    from lcnalg.progress import Progress
    arch = Architecture.parse(args.K, args.S)
    fields = parse_fields(args.fields)
    if args.backend is not None:
        from lcnalg.geometry.neurovariety import BACKENDS
        if args.backend not in BACKENDS:
            raise ValueError(f"unknown backend {args.backend!r}: choose one of {', '.join(BACKENDS)}")
    timeout = _positive("--timeout", args.timeout)
    budget = _positive("--budget", args.budget)
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
        progress.event(event, title, seconds)

    progress.note(f"describing {arch}" + (f" (budget {budget:g} s)" if budget else ""))
    try:
        result = describe(arch, fields=fields, backend=args.backend, timeout=timeout, seed=args.seed,
                          budget=budget, report=report, isolate=True, tick=progress.tick)
    finally:
        progress.close()
    if result.get("incomplete"):
        progress.note(f"budget of {budget:g} s used up; incomplete: {', '.join(result['incomplete'])}")
    print(json.dumps(result) if args.json else tail_text(result), flush=True)
    return 0


def main(argv=None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as e:  # argparse: bad usage (2, message printed), --help/--version (0)
        return e.code if isinstance(e.code, int) else 0
    try:
        if args.command == "describe":
            return _describe(args)
        from lcnalg.tables.make import tables_command
        return tables_command(args)
    except (EngineTimeout, MissingExtra, EngineError, ValueError, KeyboardInterrupt) as e:
        label, code = next(v for t, v in _EXITS if isinstance(e, t))
        print(f"lcnalg: {label}{': ' + _line(e) if label != 'interrupted' else ''}", file=sys.stderr)
        return code


#: exception -> (what the one line on stderr starts with, exit code); first match wins
_EXITS = ((EngineTimeout, ("timeout", 3)), (MissingExtra, ("not installed", 4)),
          (EngineError, ("engine error", 4)), (ValueError, ("error", 2)),
          (KeyboardInterrupt, ("interrupted", 130)))


def _line(e) -> str:
    r"""The message of ``e`` (an exception or a string) on one printable line: whitespace runs
    become one space, other unprintable characters their escapes.

    EXAMPLES::

        >>> _line(ValueError("bad\n value \x07"))
        'bad value \\x07'
    """
    text = " ".join(str(e).split())
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text or type(e).__name__
