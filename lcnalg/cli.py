"""The ``lcnalg`` command line (also ``python -m lcnalg``).

    lcnalg describe K S [--json] [--backend NAME] [--timeout SEC] [--fields a,b]
    lcnalg tables [--catalogue NAME] [--only TABLE] [--out DIR] [--jobs N] [--force] ...

Bad input: one line on stderr, exit code 2.  A computation that times out: exit code 3.
An engine that fails or is missing: exit code 4.
"""
from __future__ import annotations

import argparse
import json
import sys

from lcnalg import __version__
from lcnalg.geometry.architecture import Architecture
from lcnalg.errors import EngineError, EngineTimeout


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage dump
        self.exit(2, f"lcnalg: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="lcnalg", description="Algebraic geometry of linear convolutional networks.")
    p.add_argument("--version", action="version", version=f"lcnalg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    d = sub.add_parser("describe", help="describe one architecture")
    d.add_argument("K", help="filter sizes, comma-separated, e.g. 3,2")
    d.add_argument("S", nargs="?", default=None, help="strides, comma-separated (default all 1)")
    d.add_argument("--json", action="store_true", help="print one JSON object")
    d.add_argument("--backend", default=None,
                   help="force an engine: segre, determinantal, resultant, sage, m2, interpolation "
                        "(default: the fastest applicable one, reported as `backend`)")
    d.add_argument("--timeout", type=float, default=600.0, help="seconds per computation (default 600)")
    d.add_argument("--fields", default=None, help="compute only these keys, e.g. ged_degree,degree")
    d.add_argument("--seed", type=int, default=0, help="seed of randomized computations")
    try:
        from lcnalg.tables.make import add_tables_arguments
    except ImportError:  # pragma: no cover - during development only
        add_tables_arguments = None
    if add_tables_arguments is not None:
        add_tables_arguments(sub.add_parser("tables", help="regenerate the result tables"))
    return p


def _describe(args) -> int:
    from lcnalg.describe import describe, parse_fields, summary_text
    arch = Architecture.parse(args.K, args.S)
    fields = parse_fields(args.fields)
    if args.timeout is not None and args.timeout <= 0:
        raise ValueError(f"--timeout must be positive, got {args.timeout:g}")
    result = describe(arch, fields=fields, backend=args.backend, timeout=args.timeout, seed=args.seed)
    print(json.dumps(result) if args.json else summary_text(result))
    return 0


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "describe":
            return _describe(args)
        from lcnalg.tables.make import tables_command
        return tables_command(args)
    except EngineTimeout as e:
        print(f"lcnalg: timeout: {e}", file=sys.stderr)
        return 3
    except EngineError as e:
        print(f"lcnalg: engine error: {e}", file=sys.stderr)
        return 4
    except ValueError as e:
        print(f"lcnalg: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lcnalg: interrupted", file=sys.stderr)
        return 130
