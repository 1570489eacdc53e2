"""The Macaulay2 bridge: run ``M2 --script lcnalg/m2scripts/<script> args...`` and read its answer.

Argument list, no shell, own process group killed on timeout (:mod:`lcnalg.procs`).  Only
validated non-negative integers and comma lists of them reach M2 on the command line; a
script that needs more reads an input file written here (``input_text``).  A script prints
exactly one JSON object on the **last non-empty line** of stdout (earlier lines, e.g. package
chatter, are ignored); :func:`run_script` returns it as a dict, checked against the script's
schema.  Used by the ``m2`` engine (:mod:`lcnalg.implicit.m2`), the singular locus, the ED
degree and the monodromy count.

EXAMPLES::

    >>> needs_m2()  # in the test suite: skips these examples without Macaulay2
    >>> run_script("neurovariety.m2", ["3,2", "2,1"])["degree"]
    3
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from lcnalg import procs
from lcnalg.errors import EngineError, EngineNotFound

INSTALL_HINT = "install it with 'apt-get install --no-install-recommends macaulay2' or set LCNALG_M2"

# A non-empty comma list of decimal integers (ASCII digits only; \Z, not $, so no newline).
_ARG_RE = re.compile(r"\A[0-9]{1,9}(?:,[0-9]{1,9}){0,63}\Z")
_SCRIPT_RE = re.compile(r"\A[A-Za-z0-9_]+\.m2\Z")

_m2_cache: dict[tuple, str] = {}


# --- locating M2 and the scripts -----------------------------------------------------

def _runs(path: str) -> bool:
    """``path --version`` exits 0 (the bundled passagemath M2 dies with SIGILL on CPUs
    without AVX-512)."""
    try:
        return subprocess.run([path, "--version"], stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _bundled_candidates() -> list[str]:
    """``M2`` executables shipped by passagemath wheels (``sage_wheels/bin/M2``)."""
    try:
        spec = importlib.util.find_spec("sage_wheels")
    except (ImportError, ValueError):
        return []
    dirs = list(spec.submodule_search_locations or []) if spec else []
    return [str(Path(d) / "bin" / "M2") for d in dirs if (Path(d) / "bin" / "M2").is_file()]


def find_m2() -> str:
    """Path of a working ``M2``: ``$LCNALG_M2``, else ``M2`` on ``PATH``, else passagemath's
    bundled ``M2`` if it runs.  Raises :class:`EngineNotFound`.  The answer is cached per
    value of ``LCNALG_M2`` and ``PATH``."""
    env, path_var = os.environ.get("LCNALG_M2"), os.environ.get("PATH", "")
    key = (env, path_var)
    if key in _m2_cache:
        return _m2_cache[key]
    if env is not None:
        exe = shutil.which(env) if env and os.sep not in env else env
        if not exe or not os.path.isfile(exe) or not os.access(exe, os.X_OK) or not _runs(exe):
            raise EngineNotFound(f"LCNALG_M2={env!r} is not a working Macaulay2 executable "
                                 f"('{env} --version' fails); fix or unset LCNALG_M2 (Debian: "
                                 f"apt-get install --no-install-recommends macaulay2)")
        found = exe
    else:
        candidates = [p for p in [shutil.which("M2", path=path_var)] if p] + _bundled_candidates()
        found = next((p for p in candidates if _runs(p)), None)
        if found is None:
            tried = f" (tried, not working: {', '.join(candidates)})" if candidates else ""
            raise EngineNotFound(f"Macaulay2 (M2) not found{tried}; {INSTALL_HINT}")
    _m2_cache[key] = found
    return found


def scripts_dir() -> Path:
    """The directory of the Macaulay2 scripts: ``$LCNALG_M2SCRIPTS``, else the package data
    ``lcnalg/m2scripts`` (found through :mod:`importlib.resources`).

    EXAMPLES::

        >>> (scripts_dir() / "neurovariety.m2").is_file()
        True
    """
    env = os.environ.get("LCNALG_M2SCRIPTS")
    if env:
        d = Path(env)
    else:
        import importlib.resources
        d = importlib.resources.files("lcnalg") / "m2scripts"
        if not isinstance(d, Path):  # e.g. a zipped install: M2 needs real files
            raise EngineError(f"the Macaulay2 scripts {d} are not files on disk; install lcnalg "
                              "unzipped or set LCNALG_M2SCRIPTS")
    if not d.is_dir():
        raise EngineError(f"Macaulay2 scripts directory {d} not found (set LCNALG_M2SCRIPTS)")
    return d


def check_arg(arg) -> str:
    """``arg`` as a string if it is an int >= 0 or a comma list of them, else ``ValueError``.

    EXAMPLES::

        >>> check_arg("3,2"), check_arg(7)
        ('3,2', '7')
        >>> check_arg('3,2; run "rm"')
        Traceback (most recent call last):
        ...
        ValueError: refusing to pass '3,2; run "rm"' to Macaulay2: expected integers like 3,2
    """
    text = str(arg) if isinstance(arg, int) and not isinstance(arg, bool) else arg
    if not isinstance(text, str) or not _ARG_RE.match(text):
        raise ValueError(f"refusing to pass {arg!r} to Macaulay2: expected integers like 3,2")
    return text


# --- running scripts -----------------------------------------------------------------

def _m2_message(stderr: str, stdout: str) -> str:
    """M2's error in one line: the ``error:`` line and its details, without back traces;
    else the tail of stderr (or stdout)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for i, ln in enumerate(lines):
        if "error:" in ln:
            keep = [ln]
            for nxt in lines[i + 1:i + 6]:
                if "--back trace--" in nxt or "error:" in nxt:
                    break
                keep.append(nxt)
            return " ".join(keep)[:2000]
    tail = lines[-5:] or [ln.strip() for ln in stdout.splitlines() if ln.strip()][-3:]
    return " ".join(tail)[-2000:] or "no output"


def run_script(script: str, args: list, timeout: float | None = 600,
               input_text: str | None = None) -> dict:
    """Run ``M2 --script <scripts_dir>/<script> [FILE] args...`` and return its JSON object.

    ``args`` must be integers or comma lists of integers (``ValueError`` otherwise, before
    anything runs); ``input_text``, if given, is written to a private file whose path is the
    first argument.  ``timeout`` in seconds (``None``: no limit); on expiry the whole
    process group is killed and :class:`EngineTimeout` raised.  A non-zero exit or output
    whose last non-empty line is not a JSON object raises :class:`EngineError` naming the
    script, the arguments and M2's message."""
    if not isinstance(script, str) or not _SCRIPT_RE.match(script):
        raise ValueError(f"invalid Macaulay2 script name {script!r}")
    args = [check_arg(a) for a in args]
    path = scripts_dir() / script
    if not path.is_file():
        raise EngineError(f"Macaulay2 script {path} not found")
    what = f"Macaulay2 script {script} {' '.join(args)}".rstrip()
    with tempfile.TemporaryDirectory(prefix="lcnalg-m2-") as tmp:
        if input_text is not None:
            src = os.path.join(tmp, "input.m2")
            with open(src, "w") as f:
                f.write(input_text)
            args = [src, *args]
        cmd = [find_m2(), "--script", str(path), *args]
        try:
            proc = procs.start_process(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True, errors="replace")
        except OSError as e:
            raise EngineNotFound(f"cannot run {cmd[0]}: {e}; {INSTALL_HINT}") from None
        out, err = procs.communicate_with_time_limit(proc, timeout, what)
    if proc.returncode != 0:
        rc = proc.returncode
        how = f"was killed by {signal.Signals(-rc).name}" if rc < 0 else f"exited with status {rc}"
        raise EngineError(f"{what} {how}: {_m2_message(err, out)}")
    last = next((ln for ln in reversed(out.splitlines()) if ln.strip()), "")
    try:
        data = json.loads(last)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise EngineError(f"{what} printed no JSON object on its last line: {last[-300:]!r}")
    if script in SCHEMAS:
        check_output(data, SCHEMAS[script], what)
    return data


# --- what the scripts print -----------------------------------------------------------

_INT, _NUM, _STR, _BOOL = "integer", "number", "string", "boolean"
_COMPONENT = {"dim": _INT, "degree": _INT, "generators": [_STR]}
#: the keys each script must print, with their JSON types ([t]: a list of t; a dict: an object)
SCHEMAS = {
    "neurovariety.m2": {"k": [_INT], "s": [_INT], "n": _INT, "generators": [_STR], "mingens": [_STR],
                        "mingens_degrees": [_INT], "dim": _INT, "codim": _INT, "degree": _INT,
                        "hilbert_numerator": [_INT], "hilbert_polynomial": _STR, "seconds": _NUM},
    "singular_locus.m2": {"k": [_INT], "s": [_INT], "n": _INT, "codim_V": _INT, "radical": [_STR],
                          "dim": _INT, "codim": _INT, "degree": _INT, "components": [_COMPONENT],
                          "seconds": _NUM},
    "ed_degree.m2": {"k": [_INT], "ed_degree": _INT, "polar_degrees": [_INT], "degree": _INT,
                     "topcom": _BOOL, "seconds": _NUM},
    "monodromy.m2": {"count": _INT, "seed": _INT, "seconds": _NUM},
}


def _is(value, kind: str) -> bool:
    if kind == _BOOL:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return {_INT: isinstance(value, int), _NUM: isinstance(value, (int, float)),
            _STR: isinstance(value, str)}[kind]


def check_output(data, schema, what: str, path: str = "") -> None:
    """:class:`EngineError` naming ``what`` (the script) and the key unless ``data`` has every
    key of ``schema`` with the right JSON type (extra keys are allowed).

    EXAMPLES::

        >>> check_output({"n": 5, "mingens": ["c_0"]}, {"n": "integer", "mingens": ["string"]}, "x.m2")
        >>> check_output({"n": "5"}, {"n": "integer"}, "x.m2")
        Traceback (most recent call last):
        ...
        lcnalg.errors.EngineError: x.m2 printed malformed JSON: key 'n' should be an integer, got '5'
    """
    if isinstance(schema, dict):
        if not isinstance(data, dict):
            raise EngineError(f"{what} printed malformed JSON: {path or 'the output'} should be an "
                              f"object, got {_show(data)}")
        for key, kind in schema.items():
            where = f"{path}.{key}" if path else key
            if key not in data:
                raise EngineError(f"{what} printed malformed JSON: key {where!r} is missing")
            check_output(data[key], kind, what, where)
    elif isinstance(schema, list):
        if not isinstance(data, list):
            raise EngineError(f"{what} printed malformed JSON: key {path!r} should be a list, got {_show(data)}")
        for i, item in enumerate(data):
            check_output(item, schema[0], what, f"{path}[{i}]")
    elif not _is(data, schema):
        article = "an" if schema[0] in "aeiou" else "a"
        raise EngineError(f"{what} printed malformed JSON: key {path!r} should be {article} {schema}, "
                          f"got {_show(data)}")


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_POLY_CHARS = re.compile(r"\A[-+*/^() 0-9]*\Z")
_M2_VAR = re.compile(r"c_([0-9]+)")


def parse_polynomial(ring, text: str, n: int, script: str = "Macaulay2"):
    """A polynomial printed by our scripts (``c_0`` style) as an element of ``ring``; only
    arithmetic on the variables ``c_j``, ``j < n``, is accepted (else :class:`EngineError`
    naming ``script``).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> from lcnalg.geometry.parameterization import coordinate_ring
        >>> R = coordinate_ring(Architecture((3, 2), (2, 1)))
        >>> parse_polynomial(R, "c_1*c_2*c_3-c_0*c_3^2-c_1^2*c_4", 5)
        c1*c2*c3 - c0*c3^2 - c1^2*c4
        >>> parse_polynomial(R, "c_9", 5, "neurovariety.m2")
        Traceback (most recent call last):
        ...
        lcnalg.errors.EngineError: unexpected polynomial from neurovariety.m2: 'c_9'
    """
    indices = [int(j) for j in _M2_VAR.findall(text)]
    if any(j >= n for j in indices) or not _POLY_CHARS.match(_M2_VAR.sub("", text)):
        raise EngineError(f"unexpected polynomial from {script}: {text[:200]!r}")
    return ring(_M2_VAR.sub(r"c\1", text))
