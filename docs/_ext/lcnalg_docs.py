"""Pages of the lcnalg documentation made from the repository at build time.

On ``builder-inited`` this writes (only files whose content changed, so rebuilds stay
incremental):

- ``api/``: one page per public module of ``lcnalg`` (``automodule``) and ``api/index.rst``, the
  table of every name of ``lcnalg.__all__`` linked to its entry (a missing entry is a broken
  reference, so the strict build fails);
- ``notebooks/``: copies of ``notebooks/*.ipynb`` (rendered from their committed outputs);
- ``results/``: ``results/README.md``, the Markdown tables and the figures;
- ``benchmarks/``: ``benchmarks/*.md`` and the figures they show;
- ``_generated/certification_uses.md``: where each certification label is produced, found in the
  code by walking its syntax trees (:func:`certification_uses`).

These directories are not committed (``.gitignore``).
"""
from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
import shutil

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # docs/
ROOT = os.path.dirname(HERE)
PACKAGE = os.path.join(ROOT, "lcnalg")

LABELS = ("certified", "checked", "probabilistic", "heuristic", "set-theoretic", "partial")
#: boolean fields that carry a certification (``certified=True`` etc.)
FLAG_NAMES = ("certified", "certified_real", "hessian_certified", "is_certified")
#: the ``kind`` of floating-point results (listed under ``heuristic``)
NUMERICAL = "numerical experiment"
#: modules that are not part of the documented API
PRIVATE_MODULES = {"lcnalg.__main__", "lcnalg._sage"}


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def _copy(src: str, dst: str) -> None:
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.exists(dst) and os.path.getmtime(dst) >= os.path.getmtime(src) \
            and os.path.getsize(dst) == os.path.getsize(src):
        return
    shutil.copy2(src, dst)


def _sync_dir(dst_dir: str, wanted: set[str]) -> None:
    """Remove files under ``dst_dir`` that are no longer produced (a deleted notebook, ...)."""
    for base, _, files in os.walk(dst_dir):
        for f in files:
            p = os.path.join(base, f)
            if p not in wanted:
                os.remove(p)


# --- API pages --------------------------------------------------------------------------------

def public_modules() -> list[str]:
    """Every module of ``lcnalg`` except the private ones, packages first, sorted."""
    import lcnalg
    names = ["lcnalg"]
    for info in pkgutil.walk_packages(lcnalg.__path__, "lcnalg."):
        if info.name in PRIVATE_MODULES or info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        names.append(info.name)
    return sorted(names)


def _is_package(modname: str) -> bool:
    mod = importlib.import_module(modname)
    return hasattr(mod, "__path__")


def public_object(name: str):
    """The object ``from lcnalg import <name>`` gives, taken from the module that defines it
    (``lcnalg.describe`` is both a function and, once imported, a submodule of the package)."""
    import lcnalg
    lazy = getattr(lcnalg, "_LAZY", {})
    if name in lazy:
        return getattr(importlib.import_module(f"lcnalg.{lazy[name]}"), name)
    return getattr(lcnalg, name)


def canonical_target(name: str) -> tuple[str, str]:
    """``(role, target)`` of the reference entry of ``lcnalg.<name>``."""
    import inspect
    if name == "__version__":
        return "data", "lcnalg.__version__"
    obj = public_object(name)
    role = "class" if inspect.isclass(obj) else "func"
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        role = "exc"
    return role, f"{obj.__module__}.{obj.__qualname__}"


def _first_line(obj) -> str:
    doc = (getattr(obj, "__doc__", None) or "").strip()
    para = doc.split("\n\n")[0]
    return " ".join(para.split())


def write_api() -> None:
    import lcnalg
    api = os.path.join(HERE, "api")
    wanted = set()
    modules = public_modules()
    for mod in modules:
        title = f"``{mod}``"
        lines = [title, "=" * len(title), "", f".. automodule:: {mod}"]
        if _is_package(mod):
            lines.append("   :no-members:")
            if mod == "lcnalg":
                lines += ["", ".. py:data:: __version__", "   :type: str", "",
                          "   The package version.", ""]
            subs = sorted(m for m in modules if m.startswith(mod + ".")
                          and "." not in m[len(mod) + 1:])
            if subs:
                lines += ["", "Modules:", ""] + [f"- :mod:`{m}`" for m in subs]
        lines.append("")
        path = os.path.join(api, mod + ".rst")
        wanted.add(path)
        _write(path, "\n".join(lines))

    rows = []
    for name in lcnalg.__all__:
        role, target = canonical_target(name)
        obj = lcnalg.__version__ if name == "__version__" else public_object(name)
        summary = "The package version." if name == "__version__" else _first_line(obj)
        rows.append((name, role, target, summary))
    out = ["API reference", "=============", "",
           "Generated from the docstrings.  Every name that ``from lcnalg import *`` gives "
           "(``lcnalg.__all__``) links to its entry in the module that defines it; the module "
           "pages below document the rest of the public API, with the examples (``EXAMPLES::``) "
           "that the test suite runs as doctests.", "",
           "``lcnalg.__all__``", "------------------", "",
           ".. list-table::", "   :header-rows: 1", "   :widths: 25 75", "",
           "   * - name", "     - summary"]
    for name, role, target, summary in rows:
        out += [f"   * - :py:{role}:`{name} <{target}>`", f"     - {summary or ' '}"]
    out += ["", "Modules", "-------", "", ".. toctree::", "   :maxdepth: 1", ""]
    out += [f"   {m}" for m in modules]
    out.append("")
    path = os.path.join(api, "index.rst")
    wanted.add(path)
    _write(path, "\n".join(out))
    _sync_dir(api, wanted)


# --- copied pages ----------------------------------------------------------------------------

def write_copies() -> None:
    nb_src = os.path.join(ROOT, "notebooks")
    nb_dst = os.path.join(HERE, "notebooks")
    wanted = set()
    for f in sorted(os.listdir(nb_src)):
        if f.endswith(".ipynb"):
            dst = os.path.join(nb_dst, f)
            _copy(os.path.join(nb_src, f), dst)
            wanted.add(dst)
    _sync_dir(nb_dst, wanted)

    for sub, patterns in (("results", (".md",)), ("benchmarks", (".md",))):
        src_dir = os.path.join(ROOT, sub)
        dst_dir = os.path.join(HERE, sub)
        wanted = set()
        for f in sorted(os.listdir(src_dir)):
            if f.endswith(patterns):
                dst = os.path.join(dst_dir, f)
                _copy(os.path.join(src_dir, f), dst)
                wanted.add(dst)
        fig = os.path.join(src_dir, "figures")
        if os.path.isdir(fig):
            for f in sorted(os.listdir(fig)):
                if f.endswith(".png"):
                    dst = os.path.join(dst_dir, "figures", f)
                    _copy(os.path.join(fig, f), dst)
                    wanted.add(dst)
        for f in sorted(os.listdir(src_dir)):
            if f.endswith(".png"):
                dst = os.path.join(dst_dir, f)
                _copy(os.path.join(src_dir, f), dst)
                wanted.add(dst)
        _sync_dir(dst_dir, wanted)


# --- where each certification label is used -------------------------------------------------

_LABEL_RE = re.compile(r"(?:^|\(|: |`)(" + "|".join(map(re.escape, LABELS)) + r")\b")


def _docstring_nodes(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


def certification_uses(package_dir: str = PACKAGE) -> dict[str, list[tuple[str, int, str]]]:
    """``label -> [(module.qualname, line, how), ...]`` for every place in the code that
    produces a certification label: a string literal that is the label (or starts with it, or
    has it in parentheses, as in ``"msolve (probabilistic)"``), a boolean field named like
    ``certified`` (``FLAG_NAMES``) set as a keyword or a dictionary key, or the ``kind`` of
    floating-point results, ``"numerical experiment"`` (under ``heuristic``).  Docstrings are not
    counted (they describe; the code decides)."""
    uses: dict[str, list[tuple[str, int, str]]] = {label: [] for label in LABELS}
    for base, _, files in os.walk(package_dir):
        for f in sorted(files):
            if not f.endswith(".py"):
                continue
            path = os.path.join(base, f)
            rel = os.path.relpath(path, os.path.dirname(package_dir))
            mod = rel[:-3].replace(os.sep, ".")
            if mod.endswith(".__init__"):
                mod = mod[: -len(".__init__")]
            with open(path, encoding="utf-8") as fh:
                tree = ast.parse(fh.read(), path)
            docs = _docstring_nodes(tree)
            seen = set()

            def visit(node, scope):
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        visit(child, scope + [child.name])
                        continue
                    where = ".".join([mod] + scope)
                    found = []
                    if isinstance(child, ast.Constant) and isinstance(child.value, str) \
                            and id(child) not in docs:
                        text = child.value.strip()
                        found = [(m, "label") for m in _LABEL_RE.findall(text)]
                        if text.startswith(NUMERICAL):
                            found.append(("heuristic", f"``{NUMERICAL}``"))
                    elif isinstance(child, ast.keyword) and child.arg in FLAG_NAMES:
                        found = [("certified", f"``{child.arg}=``")]
                    elif isinstance(child, ast.Dict):
                        for k in child.keys:
                            if isinstance(k, ast.Constant) and k.value in FLAG_NAMES:
                                found.append(("certified", f"``{k.value!s}`` key"))
                    for label, how in found:
                        key = (label, where, how)
                        if key not in seen:
                            seen.add(key)
                            uses[label].append((where, child.lineno, how))
                    visit(child, scope)

            visit(tree, [])
    return uses


def write_certification_uses() -> None:
    uses = certification_uses()
    out = []
    for label in LABELS:
        places = uses[label]
        out += [f"### `{label}`", ""]
        if not places:
            out += ["Not produced anywhere in the code (the word appears only in prose).", ""]
            continue
        by_module: dict[str, list[str]] = {}
        for where, line, how in sorted(places):
            parts = where.split(".")
            # the module is the longest prefix that is a file
            for cut in range(len(parts), 0, -1):
                mod = ".".join(parts[:cut])
                if os.path.exists(os.path.join(ROOT, *parts[:cut]) + ".py") or \
                        os.path.exists(os.path.join(ROOT, *parts[:cut], "__init__.py")):
                    break
            qual = ".".join(parts[cut:]) or "(module level)"
            by_module.setdefault(mod, []).append(f"`{qual}` (line {line}{'' if how == 'label' else ', ' + how})")
        out += ["| module | where |", "|---|---|"]
        for mod, items in sorted(by_module.items()):
            out.append(f"| {{py:mod}}`{mod}` | {', '.join(items)} |")
        out.append("")
    _write(os.path.join(HERE, "_generated", "certification_uses.md"), "\n".join(out))


# --- short names in docstrings ----------------------------------------------------------------

def resolve_short_name(app, env, node, contnode):
    """Resolve a Python reference that Sphinx's own lookup missed because the docstring names an
    object by its short name (``:class:`EngineError``` in ``lcnalg.procs``, whose entry is
    ``lcnalg.errors.EngineError``).  Only an unambiguous match is taken: a unique documented
    object whose full name ends with the target, else (for a module constant or helper without an
    entry of its own) a name that the docstring's own module really has, linked to that module's
    page.  Anything else stays a broken reference and fails the strict build."""
    from sphinx.util.nodes import make_refnode
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "").lstrip(".~")
    if not target or target.startswith("_"):
        return None
    domain = env.get_domain("py")
    objects = domain.objects
    cands = [name for name in objects if name == target or name.endswith("." + target)]
    if len(cands) > 1:                      # the kind the role asks for (a function, not a field)
        kinds = set(domain.objtypes_for_role(node.get("reftype", "obj")) or ())
        typed = [c for c in cands if objects[c].objtype in kinds]
        cands = typed or cands
    if len(cands) > 1:
        modname = node.get("py:module") or ""
        near = [c for c in cands if modname and c.startswith(modname + ".")]
        cands = near if len(near) == 1 else cands
    if len(cands) == 1:
        entry = objects[cands[0]]
        return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id, contnode,
                            cands[0])
    if cands:
        return None
    modname, path = node.get("py:module"), target
    if target.startswith("lcnalg."):          # fully qualified: the longest module prefix
        parts = target.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            if ".".join(parts[:cut]) in domain.modules:
                modname, path = ".".join(parts[:cut]), ".".join(parts[cut:])
                break
    if not modname or not modname.startswith("lcnalg"):
        return None
    try:
        obj = importlib.import_module(modname)
    except ImportError:
        return None
    for part in path.split("."):
        if not hasattr(obj, part):
            return None
        obj = getattr(obj, part)
    mod = domain.modules.get(modname)
    if mod is None:
        return None
    return make_refnode(app.builder, node["refdoc"], mod.docname, mod.node_id, contnode, modname)


# --- docstrings --------------------------------------------------------------------------------

_BULLET = re.compile(r"^(\s*)([*+-]|\d+[.)])\s")


def end_lists(app, what, name, obj, options, lines) -> None:
    """End a bullet list where the docstring's text goes on at the list's indentation.

    Sage-style docstrings often close a list with a plain sentence on the next line
    (``* last item`` then ``Equalities ...``); reStructuredText wants a blank line there and
    warns.  The sentence is meant as a new paragraph, so a blank line is inserted; nothing
    else in the docstring changes."""
    out, list_indent = [], None
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        m = _BULLET.match(line)
        if not stripped:
            pass
        elif m:
            list_indent = len(m.group(1))
        elif list_indent is not None and indent <= list_indent:
            if out and out[-1].strip():
                out.append("")
            list_indent = None
        out.append(line)
    lines[:] = out


def generate(app=None) -> None:
    write_api()
    write_copies()
    write_certification_uses()


def setup(app):
    app.connect("builder-inited", generate)
    app.connect("missing-reference", resolve_short_name)
    app.connect("autodoc-process-docstring", end_lists)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
