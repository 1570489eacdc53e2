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
    d = singular_locus(arch, timeout=timeout).to_dict()
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


def describe(arch: Architecture, fields=None, backend: str | None = None,
             timeout: float | None = None, seed: int = 0) -> dict:
    """The JSON object of ``lcnalg describe`` for ``arch``.

    ``fields``: the expensive keys to compute (default: all of them); ``timeout`` applies to
    each computation separately and raises :class:`lcnalg.errors.EngineTimeout`.
    ``backend=None``: the default engine; ``backend`` in the result is the engine that ran."""
    from lcnalg.geometry.neurovariety import Neurovariety, backend_module
    if backend is not None:
        backend_module(backend)  # validate the name before any work
    V = Neurovariety.of(arch)  # noqa: F841  (one shared instance while we work)
    start = time.perf_counter()
    result = arch.summary()
    wanted = ALL_FIELDS if fields is None else [f for f in fields if f in FIELD_GROUPS]
    groups = []
    for f in wanted:
        if FIELD_GROUPS[f] not in groups:
            groups.append(FIELD_GROUPS[f])
    for group in groups:
        result.update(GROUPS[group](arch, backend, timeout, seed))
    result["backend"] = result.get("engine") or V.engine(backend)
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


def summary_text(r: dict) -> str:
    """A short human-readable summary of a :func:`describe` result."""
    yes = lambda b, word: word if b else f"not {word}"  # noqa: E731
    red = r["reduced_architecture"]
    lines = [
        f"Architecture k=({','.join(map(str, r['k']))}) s=({','.join(map(str, r['s']))})",
        f"  end-to-end filter size n = {r['n']}, stride {r['stride']}; dim {r['dim']}, codim {r['codim']}",
        f"  classes: {'thick' if r['thick'] else 'thin'}, {yes(r['stride_one'], 'stride-one')}, "
        f"{yes(r['filling'], 'filling')}, {yes(r['reduced'], 'reduced')}",
        f"  reduced architecture: k=({','.join(map(str, red['k']))}) s=({','.join(map(str, red['s']))})",
    ]
    if "degree" in r:
        cert = r.get("certification") or ("certified" if r.get("certified") else "probabilistic")
        gens = ", ".join(f"{m} of degree {d}" for d, m in r["generator_degrees"].items()) or "none"
        lines.append(f"  neurovariety ({r['backend']}, {cert}): degree {r['degree']}; minimal generators: {gens}")
        for g in r["ideal"][:6]:
            lines.append(f"    {g}")
        if len(r["ideal"]) > 6:
            lines.append(f"    ... ({len(r['ideal']) - 6} more)")
    if "degree_check" in r:
        c = r["degree_check"]
        mark = "=" if c["agrees"] else "!="
        lines.append(f"  deg V * deg mu = {c['degree']} * {c['deg_mu']} {mark} {c['multinomial']} (multinomial)")
    if "singular_locus" in r:
        sl = r["singular_locus"]
        lines.append(f"  singular locus: dim {sl.get('dim')}, {len(sl.get('components', []))} component(s), "
                     f"agrees with theorem: {sl.get('agrees_with_theorem')}")
    if "zariski_closed" in r:
        z = r["zariski_closed"]
        word = {True: "yes", False: "no", None: "undecided"}[z]
        extra = f", witness {form_text(r['witness'])} (in V, not in M)" if r.get("witness") else ""
        lines.append(f"  Zariski closed: {word}{extra}")
    if "ged_degree" in r:
        lines.append(f"  generic ED degree of the Segre variety: {r['ged_degree']}")
    if "critical_points" in r:
        cp = r["critical_points"]
        lines.append("  critical points: " + ", ".join(f"{k} {v}" for k, v in cp.items()
                                                      if not isinstance(v, (dict, list))))
    lines.append(f"  ({r['seconds']:.2f} s)")
    return "\n".join(lines)
