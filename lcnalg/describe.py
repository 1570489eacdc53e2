"""One architecture, described: the object printed by ``lcnalg describe K S --json``.

The cheap architecture keys are always present; the expensive ones are computed only when
asked for (``fields``), each by the module that owns it.  Keys are never renamed (DESIGN.md).

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.describe import describe
    >>> r = describe(Architecture((3, 2), (2, 1)), fields=["degree", "generator_degrees"])
    >>> r["degree"], r["generator_degrees"], r["codim"]
    (3, {'3': 1}, 1)
"""
from __future__ import annotations

import time

from lcnalg.geometry.architecture import Architecture

#: field -> the group that computes it (one computation per group)
FIELD_GROUPS = {
    "degree": "neurovariety", "generator_degrees": "neurovariety", "ideal": "neurovariety",
    "hilbert_series": "neurovariety", "hilbert_polynomial": "neurovariety",
    "deg_mu": "degree_check", "degree_check": "degree_check",
    "singular_locus": "singular_locus",
    "zariski_closed": "zariski", "witness": "zariski", "zariski_closedness": "zariski",
    "ged_degree": "ged_degree",
    "critical_points": "critical_points",
}
ARCHITECTURE_KEYS = ("k", "s", "n", "stride", "dim", "codim", "stride_one", "thick",
                     "filling", "reduced", "reduced_architecture")
ALL_FIELDS = tuple(FIELD_GROUPS)


def parse_fields(text: str | None) -> list[str] | None:
    """``"a,b"`` -> ``["a", "b"]``; unknown names raise ValueError listing the known ones."""
    if text is None:
        return None
    fields = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in fields if f not in FIELD_GROUPS and f not in ARCHITECTURE_KEYS
               and f not in ("backend", "seconds")]
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}: choose from {', '.join(ALL_FIELDS)}")
    return fields


def _neurovariety(arch, backend, timeout, seed):
    from lcnalg.geometry.neurovariety import Neurovariety
    V = Neurovariety.of(arch)
    result = V.ideal_result(backend, timeout, seed)
    gens = V.minimal_generators(backend, timeout)
    data = V.hilbert_data(backend)
    degrees: dict[str, int] = {}
    for g in gens:
        degrees[str(g.degree())] = degrees.get(str(g.degree()), 0) + 1
    return {"degree": data["degree"], "generator_degrees": degrees,
            "ideal": [str(g) for g in gens],
            "hilbert_series": {"numerator": data["hilbert_numerator"], "denominator_exponent": data["dim"],
                               "series": data["hilbert_series"]},
            "hilbert_polynomial": data["hilbert_polynomial"],
            "certified": result.certified, "certification": result.certification,
            "certification_detail": result.detail, "engine": result.engine,
            "ideal_dim_agrees_with_theorem": data["dim"] == arch.dim}


def _degree_check(arch, backend, timeout, seed):
    from lcnalg.geometry.neurovariety import Neurovariety
    check = Neurovariety.of(arch).degree_check(backend, timeout, seed)
    return {"deg_mu": check["deg_mu"], "degree_check": check}


def _singular_locus(arch, backend, timeout, seed):
    from lcnalg.geometry.singular_locus import jacobian_check, singular_locus
    from lcnalg.procs import call_with_time_limit
    d = call_with_time_limit(lambda: singular_locus(arch, timeout=timeout).to_dict(), timeout,
                             f"singular locus of {arch}")
    if d["method"] == "theorem":  # the Jacobian criterion as a check, forked and bounded
        d["agrees_with_theorem"] = jacobian_check(arch, timeout)
    return {"singular_locus": d}


def _zariski(arch, backend, timeout, seed):
    from lcnalg.geometry.zariski import zariski_closed
    from lcnalg.procs import call_with_time_limit
    d = call_with_time_limit(lambda: zariski_closed(arch, seed=seed, timeout=timeout).to_dict(),
                             timeout, f"Zariski closedness of {arch}")
    return {"zariski_closed": d["zariski_closed"], "witness": d["witness"], "zariski_closedness": d}


def _ged_degree(arch, backend, timeout, seed):
    from lcnalg.training.eddegree import ged_degree
    return {"ged_degree": ged_degree(arch.k)}


def _critical_points(arch, backend, timeout, seed):
    from lcnalg.training.critical import critical_points_summary
    return {"critical_points": critical_points_summary(arch, seed=seed, timeout=timeout)}


GROUPS = {"neurovariety": _neurovariety, "degree_check": _degree_check,
          "singular_locus": _singular_locus, "zariski": _zariski,
          "ged_degree": _ged_degree, "critical_points": _critical_points}


#: what each group's progress line says, in the order they run (cheap ones first)
GROUP_TITLES = {"setup": "loading the engines", "ged_degree": "generic ED degree",
                "neurovariety": "vanishing ideal I(V)",
                "degree_check": "degree check (deg mu)", "singular_locus": "singular locus",
                "zariski": "Zariski closedness", "critical_points": "critical points"}


def _groups(fields) -> tuple[list[str], list[str]]:
    """The requested expensive fields and the groups computing them, in order."""
    wanted = list(ALL_FIELDS) if fields is None else [f for f in fields if f in FIELD_GROUPS]
    groups = {FIELD_GROUPS[f] for f in wanted}
    return wanted, [g for g in GROUP_TITLES if g in groups]  # cheap ones first


def steps(arch: Architecture, fields=None, backend: str | None = None,
          timeout: float | None = None, seed: int = 0):
    """The computation of :func:`describe`, one section at a time: yields
    ``("start", group)`` before and ``("done", group, keys)`` after each group (the first
    group, ``"setup"``, loads Sage and names the engine)."""
    yield ("start", "setup")
    from lcnalg.geometry.neurovariety import Neurovariety, backend_module
    if backend is not None:
        backend_module(backend)  # validate the name before any work
    V = Neurovariety.of(arch)  # one shared instance while we work
    yield ("done", "setup", {"backend": V.engine(backend)})
    for group in _groups(fields)[1]:
        yield ("start", group)
        yield ("done", group, _no_silent_null(GROUPS[group](arch, backend, timeout, seed)))


def _no_silent_null(d: dict) -> dict:
    """``agrees_with_theorem`` is true, false or ``"not checked: <reason>"``, never null."""
    sl = d.get("singular_locus")
    if isinstance(sl, dict) and sl.get("agrees_with_theorem") is None:
        sl["agrees_with_theorem"] = f"not checked: {sl.get('note') or 'no independent computation ran'}"
    return d


def _compare_deg_mu(result: dict) -> None:
    """Where both ran, ``deg mu`` by hyperroots (exact factorization count at an integer point,
    the degree check) against the modular fibre count (critical points) goes into
    ``degree_check``: ``deg_mu_modular`` and ``deg_mu_methods_agree``."""
    check, cp = result.get("degree_check"), result.get("critical_points")
    if isinstance(check, dict) and isinstance(cp, dict) and cp.get("deg_mu") is not None:
        check["deg_mu_modular"] = cp["deg_mu"]
        check["deg_mu_methods_agree"] = cp["deg_mu"] == check["deg_mu"]


def describe(arch: Architecture, fields=None, backend: str | None = None,
             timeout: float | None = None, seed: int = 0, budget: float | None = None,
             report=None, isolate: bool = False, tick: float | None = None) -> dict:
    """The JSON object of ``lcnalg describe`` for ``arch``.

    ``fields``: the expensive keys to compute (default: all of them); ``timeout`` applies to
    each computation separately and raises :class:`lcnalg.errors.EngineTimeout`.
    ``backend=None``: the default engine; ``backend`` in the result is the engine that ran.
    ``budget`` (seconds) bounds the whole call: when it runs out, the result holds what had
    finished and ``incomplete`` lists the requested fields that had not.  With a budget (or
    ``isolate``) the work runs in a forked child (:func:`lcnalg.procs.stream_from_child`).
    ``report(event, group, result, seconds)`` is called on ``"start"``/``"done"`` of each
    group and, with ``tick``, on ``"tick"`` every ``tick`` seconds.

    EXAMPLES::

        >>> r = describe(Architecture((4, 4, 4), (2, 2, 1)), budget=0.01)
        >>> r["n"], r["incomplete"][:2]
        (22, ['degree', 'generator_degrees'])
    """
    from lcnalg.errors import EngineTimeout
    from lcnalg.procs import TICK, stream_from_child
    start = time.perf_counter()
    result = arch.summary()
    wanted, _ = _groups(fields)
    what = f"the budget of describe for {arch}"
    isolate = isolate or budget is not None
    it = (stream_from_child(lambda: steps(arch, fields, backend, timeout, seed), budget, what, tick)
          if isolate else steps(arch, fields, backend, timeout, seed))
    done, running, began = set(), None, start
    try:
        for item in it:
            now = time.perf_counter()
            if item is TICK:
                if report and running:
                    report("tick", running, result, now - began)
                continue
            if item[0] == "start":
                running, began = item[1], now
            else:
                result.update(item[2])
                done.add(item[1])
                running = None
            if report:
                report(item[0], item[1], result, now - began if item[0] == "done" else 0.0)
    except EngineTimeout as e:
        if e.what != what:
            raise
        result["incomplete"] = [f for f in wanted if FIELD_GROUPS[f] not in done]
        result.setdefault("backend", backend)
    _compare_deg_mu(result)
    result["backend"] = result.get("engine") or result.get("backend")
    result["seconds"] = round(time.perf_counter() - start, 4)
    return result


def form_text(coeffs) -> str:
    """The binary form ``sum c_j x^{n-1-j} y^j`` of a coefficient list, e.g. ``x^4 + y^4``.

    EXAMPLES::

        >>> form_text(["1", "0", "-1/2", "0", "1"])
        'x^4 - 1/2*x^2*y^2 + y^4'
    """
    from fractions import Fraction
    n = len(coeffs)
    terms = []
    for j, c in enumerate(coeffs):
        c = Fraction(str(c))
        if c == 0:
            continue
        mono = "*".join(f"{v}^{e}" if e > 1 else v for v, e in (("x", n - 1 - j), ("y", j)) if e)
        mag = abs(c)
        text = mono if mag == 1 and mono else (f"{mag}*{mono}" if mono else f"{mag}")
        terms.append(("-" if c < 0 else "+", text))
    if not terms:
        return "0"
    head = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    return " ".join([head] + [f"{sign} {t}" for sign, t in terms[1:]])


def head_text(r: dict) -> str:
    """The architecture lines of the text summary (no computation needed)."""
    yes = lambda b, word: word if b else f"not {word}"  # noqa: E731
    red = r["reduced_architecture"]
    return "\n".join([
        f"Architecture k=({','.join(map(str, r['k']))}) s=({','.join(map(str, r['s']))})",
        f"  end-to-end filter size n = {r['n']}, stride {r['stride']}; dim {r['dim']}, codim {r['codim']}",
        f"  classes: {'thick' if r['thick'] else 'thin'}, {yes(r['stride_one'], 'stride-one')}, "
        f"{yes(r['filling'], 'filling')}, {yes(r['reduced'], 'reduced')}",
        f"  reduced architecture: k=({','.join(map(str, red['k']))}) s=({','.join(map(str, red['s']))})"])


def _neurovariety_text(r):
    cert = r.get("certification") or ("certified" if r.get("certified") else "probabilistic")
    gens = ", ".join(f"{m} of degree {d}" for d, m in r["generator_degrees"].items()) or "none"
    lines = [f"  neurovariety ({r.get('engine') or r.get('backend')}, {cert}): degree {r['degree']}; "
             f"minimal generators: {gens}"]
    lines += [f"    {g}" for g in r["ideal"][:6]]
    if len(r["ideal"]) > 6:
        lines.append(f"    ... ({len(r['ideal']) - 6} more)")
    return lines


def _degree_check_text(r):
    c = r["degree_check"]
    mark = "=" if c["agrees"] else "!="
    return [f"  deg V * deg mu = {c['degree']} * {c['deg_mu']} {mark} {c['multinomial']} (multinomial)"]


def _singular_locus_text(r):
    sl = r["singular_locus"]
    return [f"  singular locus: dim {sl.get('dim')}, {len(sl.get('components', []))} component(s), "
            f"agrees with theorem: {sl.get('agrees_with_theorem')}"]


def _zariski_text(r):
    word = {True: "yes", False: "no", None: "undecided"}[r["zariski_closed"]]
    extra = f", witness {form_text(r['witness'])} (in V, not in M)" if r.get("witness") else ""
    return [f"  Zariski closed: {word}{extra}"]


def _critical_points_text(r):
    cp = r["critical_points"]
    return ["  critical points: " + ", ".join(f"{k} {v}" for k, v in cp.items()
                                            if not isinstance(v, (dict, list)))]


#: group -> (the key that shows it ran, its lines in the text summary)
SECTIONS = {"neurovariety": ("degree", _neurovariety_text),
            "degree_check": ("degree_check", _degree_check_text),
            "singular_locus": ("singular_locus", _singular_locus_text),
            "zariski": ("zariski_closed", _zariski_text),
            "ged_degree": ("ged_degree", lambda r: [f"  generic ED degree of the Segre variety: {r['ged_degree']}"]),
            "critical_points": ("critical_points", _critical_points_text)}


def section_text(group: str, r: dict) -> str:
    """The lines of ``group`` in the text summary ("" when it did not run)."""
    key, fn = SECTIONS.get(group, (None, None))
    return "\n".join(fn(r)) if key in r else ""


def tail_text(r: dict) -> str:
    """The last line: what did not finish and the time taken."""
    missing = f"  incomplete (budget used up): {', '.join(r['incomplete'])}\n" if r.get("incomplete") else ""
    return f"{missing}  ({r['seconds']:.2f} s)"


def summary_text(r: dict) -> str:
    """A short human-readable summary of a :func:`describe` result."""
    parts = [head_text(r)] + [section_text(g, r) for g in SECTIONS] + [tail_text(r)]
    return "\n".join(p for p in parts if p)
