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

import json
import time
from dataclasses import dataclass
from typing import Callable

from lcnalg.geometry.architecture import Architecture
from lcnalg.implicit import registry
from lcnalg.request import Request

ARCHITECTURE_KEYS = ("k", "s", "n", "stride", "dim", "codim", "stride_one", "thick",
                     "filling", "reduced", "reduced_architecture")

#: the Jacobian check of the theorem's Sing(V) gets this share of the section's limit, at
#: most ``JACOBIAN_SECONDS`` (``check="jacobian"``: the whole rest of the limit)
JACOBIAN_SHARE, JACOBIAN_SECONDS = 0.1, 5.0


def _time_left(timeout):
    """A function giving the seconds left of ``timeout`` (None: no limit), raising
    EngineTimeout when none are."""
    from lcnalg.errors import EngineTimeout
    start = time.perf_counter()

    def left(what):
        if timeout is None:
            return None
        rest = timeout - (time.perf_counter() - start)
        if rest <= 0.05:
            raise EngineTimeout(what, timeout)
        return rest
    return left


def _neurovariety(arch, req):
    from lcnalg.geometry.neurovariety import Neurovariety
    V, left = Neurovariety.of(arch), _time_left(req.timeout)
    what = f"the vanishing ideal of {arch}"
    result = V.ideal_result(req.backend, left(what), req.seed)
    gens = V.minimal_generators(req.backend, left(what), req.seed)
    data = V.hilbert_data(req.backend, left(what), req.seed)
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


def _degree_check(arch, req):
    from lcnalg.geometry.neurovariety import Neurovariety
    check = Neurovariety.of(arch).degree_check(req.backend, req.timeout, req.seed)
    return {"deg_mu": check.deg_mu, "degree_check": check.to_dict()}


def _singular_locus(arch, req):
    """Sing(V) (by the theorem where it applies), with the Jacobian criterion as a check under
    a small share of the limit, or under the rest of it with ``check="jacobian"``."""
    from lcnalg.geometry.singular_locus import jacobian_check, singular_locus
    left = _time_left(req.timeout)
    # no inner limit: the section runs in a forked child under its own (one fork, not three)
    d = singular_locus(arch, seed=req.seed).to_dict()
    if d["method"] == "theorem":
        rest = left(f"the singular locus of {arch}")
        if req.check == "jacobian":
            limit = None if rest is None else max(rest - 0.5, 0.1)
        else:
            limit = JACOBIAN_SECONDS if rest is None else min(JACOBIAN_SECONDS, JACOBIAN_SHARE * rest)
        agrees = jacobian_check(arch, limit, req.seed)
        if isinstance(agrees, str) and "timed out" in agrees and req.check != "jacobian":
            agrees += " (--check jacobian gives it the whole section limit)"
        d["agrees_with_theorem"] = agrees
    return {"singular_locus": d}


def _zariski(arch, req):
    from lcnalg.geometry.zariski import zariski_closed
    d = zariski_closed(arch, seed=req.seed, timeout=req.timeout).to_dict()
    return {"zariski_closed": d["zariski_closed"], "witness": d["witness"], "zariski_closedness": d}


def _semialgebraic(arch, req):
    from lcnalg.geometry.function_space import FunctionSpace
    D = FunctionSpace(arch).semialgebraic(points=60, seed=req.seed)
    return {"semialgebraic": {**D.to_dict(), "boundary": D.boundary()}}


def _semialgebraic_text(r):
    d = r["semialgebraic"]
    return [f"  M = V(R) ∩ {{{d['formula']}}} ({d['method']}; {d['certification']})"]


def _ged_degree(arch, req):
    from lcnalg.training.eddegree import ged_degree
    return {"ged_degree": ged_degree(arch.k)}


def _critical_points(arch, req):
    from lcnalg.training.critical import critical_points_summary
    return {"critical_points": critical_points_summary(arch, seed=req.seed, timeout=req.timeout,
                                                       points=True).to_dict()}


@dataclass(frozen=True)
class Section:
    """One section of the description: the keys it computes (``fields``; the first one shows
    that it ran), ``compute(arch, request) -> {key: value}``, its lines in the text summary,
    and the sections whose results it reuses (``needs``: it is skipped when one of them
    failed).  ``forked``: it runs in a forked child under the section's limit (the others
    enforce the limit themselves and keep what they computed, e.g. the ideal, for later
    sections)."""

    name: str
    title: str
    fields: tuple
    compute: Callable
    text: Callable
    needs: tuple = ()
    forked: bool = True


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


def _critical_points_text(r, show: int = 12):
    cp = r["critical_points"]
    lines = ["  critical points: " + ", ".join(f"{k} {v}" for k, v in cp.items()
                                             if v is not None and not isinstance(v, (dict, list)))]
    cert = cp.get("certified") or {}
    if cp.get("points") is not None:
        lines.append(f"  real critical points ({'certified complete' if cert.get('real') else 'a lower bound'}"
                     ", by loss; classes proved unless marked (numerical)):")
        for p in cp["points"][:show]:
            c = p["certification"]
            tags = [p["hessian"] + ("" if c["hessian"] == "certified" else " (numerical)")]
            for key, word in (("pure", "pure"), ("boundary", "boundary"), ("spurious", "spurious"),
                              ("repeated_filters", "repeated filters")):
                if p.get(key):
                    ck = "interior" if key == "boundary" else key
                    tags.append(word + ("" if c.get(ck) == "certified" else " (numerical)"))
            u = ", ".join(f"{x:.4g}" for x in p["u"])
            lines.append(f"    loss {p['loss']:.6g}: {', '.join(tags)}; u = ({u})")
        if len(cp["points"]) > show:
            lines.append(f"    ... {len(cp['points']) - show} more (--json lists all)")
    return lines


#: the sections, in the order they run: cheap ones first (one entry per section)
SECTIONS = {sec.name: sec for sec in (
    Section("ged_degree", "generic ED degree", ("ged_degree",), _ged_degree,
            lambda r: [f"  generic ED degree of the Segre variety: {r['ged_degree']}"], forked=False),
    Section("zariski", "Zariski closedness", ("zariski_closed", "witness", "zariski_closedness"),
            _zariski, _zariski_text),
    Section("semialgebraic", "description of M", ("semialgebraic",), _semialgebraic,
            _semialgebraic_text),
    Section("neurovariety", "vanishing ideal I(V)",
            ("degree", "generator_degrees", "ideal", "hilbert_series", "hilbert_polynomial"),
            _neurovariety, _neurovariety_text, forked=False),
    Section("degree_check", "degree check (deg mu)", ("degree_check", "deg_mu"), _degree_check,
            _degree_check_text, needs=("neurovariety",), forked=False),
    Section("singular_locus", "singular locus", ("singular_locus",), _singular_locus,
            _singular_locus_text),
    Section("critical_points", "critical points", ("critical_points",), _critical_points,
            _critical_points_text),
)}
#: field -> the section that computes it
FIELD_GROUPS = {f: sec.name for sec in SECTIONS.values() for f in sec.fields}
ALL_FIELDS = tuple(FIELD_GROUPS)
#: what each section's progress line says ("setup" loads Sage and names the engine)
GROUP_TITLES = {"setup": "loading the engines", **{sec.name: sec.title for sec in SECTIONS.values()}}


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


def _groups(fields) -> tuple[list[str], list[str]]:
    """The requested expensive fields and the sections computing them, in order."""
    wanted = list(ALL_FIELDS) if fields is None else [f for f in fields if f in FIELD_GROUPS]
    groups = {FIELD_GROUPS[f] for f in wanted}
    return wanted, [g for g in SECTIONS if g in groups]


def _run_section(sec: Section, arch: Architecture, req: Request) -> dict:
    """The keys of ``sec``, under the section's limit."""
    if sec.forked and req.timeout is not None:
        from lcnalg.procs import call_with_time_limit
        return call_with_time_limit(lambda: sec.compute(arch, req), req.timeout, f"{sec.title} of {arch}")
    return sec.compute(arch, req)


def steps(arch: Architecture, fields=None, req: Request = Request(), strict: bool = False):
    """The computation of :func:`describe`, one section at a time: yields
    ``("start", group)`` before and ``("done", group, keys, status)`` after each section (the
    first, ``"setup"``, loads Sage and names the engine).  ``status`` is ``{"status": "ok" |
    "timeout" | "error" | "skipped", "seconds": s[, "reason": why]}``: a section that times out
    or fails is recorded and the next one runs, unless ``strict`` (then its exception is
    raised).  Bad input (ValueError) is always raised."""
    from lcnalg.errors import EngineTimeout
    yield ("start", "setup")
    from lcnalg.geometry.neurovariety import Neurovariety
    V = Neurovariety.of(arch)  # one shared instance while we work
    yield ("done", "setup", {"backend": V.engine(req.backend)}, {"status": "ok"})
    failed = {}
    for group in _groups(fields)[1]:
        sec = SECTIONS[group]
        yield ("start", group)
        start, keys = time.perf_counter(), {}
        blocked = [n for n in sec.needs if n in failed]
        if blocked:
            status = {"status": "skipped", "reason": f"needs the {SECTIONS[blocked[0]].title}, which "
                                                     f"{'timed out' if failed[blocked[0]] == 'timeout' else 'failed'}"}
        else:
            try:
                got = _no_silent_null(_run_section(sec, arch, req))
                json.dumps(got)  # a value JSON cannot hold fails this section, not the output
                keys = got
                status = {"status": "ok"}
            except ValueError:
                raise
            except Exception as e:  # noqa: BLE001 - recorded; the other sections still run
                if strict:
                    raise
                if isinstance(e, EngineTimeout) and req.timeout is not None:  # one limit per section
                    e = EngineTimeout(f"{sec.title} of {arch}", req.timeout,
                                      f"{e.what}: {e.progress}" if e.progress else "")
                status = {"status": "timeout" if isinstance(e, EngineTimeout) else "error",
                          "reason": _one_line(e)}
        status["seconds"] = round(time.perf_counter() - start, 4)
        if status["status"] != "ok":
            failed[group] = status["status"]
        yield ("done", group, keys, status)


def _one_line(e: BaseException) -> str:
    from lcnalg.errors import LcnalgError
    text = " ".join(str(e).split())
    if isinstance(e, LcnalgError) and text:  # our messages say what ran
        return text
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


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
             report=None, isolate: bool = False, tick: float | None = None,
             check: str | None = None, strict: bool = False,
             request: Request | None = None) -> dict:
    """The JSON object of ``lcnalg describe`` for ``arch``.

    ``fields``: the expensive keys to compute (default: all of them), by sections
    (:data:`SECTIONS`, cheap ones first).  ``timeout`` is the limit of each section
    separately: a section out of time is listed in ``timed_out`` (section -> message), one
    that fails gets status ``error``, and the other sections are still computed;
    ``sections`` holds every section's status and seconds (``strict=True`` raises the
    first failure instead, e.g. :class:`lcnalg.errors.EngineTimeout`).
    ``backend=None``: the default engine; ``backend`` in the result is the engine that ran.
    ``check="jacobian"``: the Jacobian check of the theorem's singular locus gets the whole
    section limit (default: a small share of it).
    ``budget`` (seconds) is a deadline for the whole call: when it runs out, the result holds
    what had finished and ``incomplete`` lists the requested fields that had not.  With a
    budget (or ``isolate``) the work runs in a forked child (:func:`lcnalg.procs.stream_from_child`).
    ``report(event, group, result, seconds)`` is called on ``"start"``/``"done"`` of each
    section and, with ``tick``, on ``"tick"`` every ``tick`` seconds.
    ``request`` (a :class:`~lcnalg.request.Request`, made once by the caller, e.g. the command
    line) replaces ``backend``, ``timeout``, ``seed``, ``check`` and ``budget`` (its deadline).

    EXAMPLES::

        >>> r = describe(Architecture((4, 4, 4), (2, 2, 1)), budget=0.01)
        >>> r["n"], "degree" in r["incomplete"]
        (22, True)
    """
    from lcnalg.errors import EngineTimeout
    from lcnalg.procs import TICK, stream_from_child
    start = time.perf_counter()
    result = arch.summary()
    result.update(sections={}, timed_out={})
    wanted, _ = _groups(fields)
    req = request or Request(registry.resolve(backend), timeout, seed, check,
                             Request.deadline_in(budget))
    what = f"the budget of describe for {arch}"
    isolate = isolate or req.deadline is not None
    run = lambda: steps(arch, fields, req, strict)  # noqa: E731
    it = stream_from_child(run, req.time_left(), what, tick) if isolate else run()
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
                if item[1] != "setup":
                    result["sections"][item[1]] = item[3]
                    if item[3]["status"] == "timeout":
                        result["timed_out"][item[1]] = item[3]["reason"]
                done.add(item[1])
                running = None
            if report:
                report(item[0], item[1], result, now - began if item[0] == "done" else 0.0)
    except EngineTimeout as e:
        if e.what != what:
            raise
        result["incomplete"] = [f for f in wanted if FIELD_GROUPS[f] not in done]
        result.setdefault("backend", req.backend)
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


def section_text(group: str, r: dict) -> str:
    """The lines of ``group`` in the text summary: its values, or why it has none ("" when it
    did not run)."""
    sec, status = SECTIONS.get(group), r.get("sections", {}).get(group)
    if sec is None or status is None:
        return ""
    if status["status"] != "ok":
        return f"  {sec.title}: not computed ({status.get('reason')})"
    return "\n".join(sec.text(r))


def tail_text(r: dict) -> str:
    """The last line: what did not finish and the time taken."""
    missing = f"  incomplete (budget used up): {', '.join(r['incomplete'])}\n" if r.get("incomplete") else ""
    return f"{missing}  ({r['seconds']:.2f} s)"
