"""FROZEN BASELINE for the benchmarks (lcnalg.implicit.interpolation before the multigraded engine; not used by the package).

Our fast method: the vanishing ideal degree by degree, by exact linear algebra.

``I(V)_t`` is the kernel of ``mu^*`` on the forms of degree ``t`` in ``c``.  The ideal is
homogeneous for the finer grading ``deg c_j = (1, j)`` (MATH.md §2), so each degree splits
into small blocks of equal weight ``sum_j j alpha_j``.  The kernel is exact over ``QQ``;
new minimal generators in degree ``t`` are the kernel vectors outside the span of the
lower-degree generators times monomials.

Stopping rule: degree ``t`` is final once the ideal ``J`` generated so far has the
dimension of ``V`` and the degree ``multinomial / deg mu`` (MATH.md §2, ``deg mu`` from a
generic fibre), and degree ``t + 1`` brings no new generator.  Every generator found is
exactly in ``I(V)``; that nothing is missing beyond degree ``t + 1`` is not proved, so the
result is **probabilistic** (``CERTIFIED = False``).  The tests compare it with the
certified Gröbner backends.
"""
from __future__ import annotations

import itertools
import math
from collections import defaultdict

from lcnalg.geometry.architecture import Architecture
from lcnalg.errors import EngineError
from lcnalg.geometry.parameterization import coordinate_ring, mu_polynomials, parameter_ring
from lcnalg.polynomials import primitive
from lcnalg.procs import call_with_time_limit

CERTIFIED = False


def _monomials_by_weight(weights: list[int], t: int) -> dict[int, list[tuple[int, ...]]]:
    """Exponent vectors of degree ``t`` in ``len(weights)`` variables, grouped by weight
    ``sum_i weights[i] a_i``."""
    blocks = defaultdict(list)
    m = len(weights)
    for combo in itertools.combinations_with_replacement(range(m), t):
        alpha = [0] * m
        for i in combo:
            alpha[i] += 1
        blocks[sum(weights[i] for i in combo)].append(tuple(alpha))
    return blocks


def _degree(ideal) -> int:
    """Degree of a homogeneous ideal's variety, from its Hilbert series."""
    hs = ideal.hilbert_series()
    z = hs.parent().gen()
    h = hs * (1 - z) ** ideal.dimension()
    return int(h.numerator()(1) / h.denominator()(1))


def expected_degree(arch: Architecture, seed: int = 0) -> int | None:
    """``multinomial / deg mu`` with ``deg mu`` from a generic fibre (None if unavailable)."""
    try:
        from lcnalg.geometry.hyperroots import fibre_degree
    except ImportError:
        return None
    return arch.multinomial // fibre_degree(arch, seed=seed)


def vanishing_ideal(arch: Architecture, timeout: float | None = None,
                    max_degree: int | None = None, seed: int = 0) -> list:
    """Minimal generators of ``I(V_{k,s})`` by multigraded interpolation (probabilistic
    completeness, see the module docstring).

    EXAMPLES::

        >>> from lcnalg.geometry.architecture import Architecture
        >>> vanishing_ideal(Architecture((3, 2), (2, 1)))
        [c1*c2*c3 - c0*c3^2 - c1^2*c4]
    """
    if arch.thick:
        return []
    C = coordinate_ring(arch)
    gens = call_with_time_limit(lambda: [str(g) for g in _interpolate(arch, max_degree, seed)],
                                timeout, f"interpolation of the ideal for {arch}")
    return [C(g) for g in gens]


def _interpolate(arch: Architecture, max_degree: int | None, seed: int) -> list:
    from sage.matrix.constructor import matrix
    from sage.rings.finite_rings.finite_field_constructor import GF
    from sage.rings.rational_field import QQ

    C = coordinate_ring(arch)
    W = parameter_ring(arch)
    all_mus = mu_polynomials(arch, W)
    # coefficients that vanish identically (gaps when k_i < s_i) are linear generators
    zero = [C.gen(j) for j, m in enumerate(all_mus) if m == 0]
    keep = [j for j, m in enumerate(all_mus) if m != 0]
    cs = [C.gen(j) for j in keep]
    mus = [all_mus[j] for j in keep]
    n = len(keep)
    target_degree = expected_degree(arch, seed)
    max_degree = max_degree or max(arch.multinomial, 1)
    images = {(0,) * n: W.one()}
    gens: list = []
    complete_at = None
    for t in range(1, max_degree + 2):
        old_by_weight = _multiples_by_weight(gens, cs, t)
        new_images, new_gens = {}, []
        for weight, alphas in _monomials_by_weight(keep, t).items():
            polys = []
            for alpha in alphas:
                j = next(i for i, a in enumerate(alpha) if a)
                prev = alpha[:j] + (alpha[j] - 1,) + alpha[j + 1:]
                new_images[alpha] = p = images[prev] * mus[j]
                polys.append(p)
            wmons = sorted({m for p in polys for m in p.monomials()})
            if len(wmons) >= len(alphas) and _rank(polys, wmons, GF(_PRIME)) == len(alphas):
                continue  # independent mod p, hence over QQ: no kernel
            kernel = _coefficient_matrix(polys, wmons, QQ).left_kernel().basis_matrix()
            if kernel.nrows() == 0:
                continue
            pos = {alpha: i for i, alpha in enumerate(alphas)}
            old = [_vector(h, pos, keep) for h in old_by_weight.get(weight, [])]
            span = matrix(QQ, old) if old else matrix(QQ, 0, len(alphas))
            rank = span.rank()
            if rank == kernel.nrows():
                continue  # everything is generated in lower degree
            monos = [math.prod((c ** a for c, a in zip(cs, alpha)), start=C.one()) for alpha in alphas]
            for row in kernel.rows():
                trial = span.stack(row)
                if trial.rank() > rank:
                    span, rank = trial, rank + 1
                    new_gens.append(primitive(sum(c * m for c, m in zip(row, monos))))
        images = new_images
        if complete_at is not None and not new_gens:
            return zero + gens
        complete_at = None
        gens.extend(new_gens)
        if new_gens or (t == 1 and zero):
            J = C.ideal(zero + gens)
            if J.dimension() == arch.dim and (target_degree is None or _degree(J) == target_degree):
                complete_at = t
    raise EngineError(f"interpolation for {arch} found no complete ideal up to degree {max_degree}")


_PRIME = 1_000_003


def _multiples_by_weight(gens, cs, t) -> dict[int, list]:
    """All products ``m * g`` of degree ``t`` (``m`` a monomial in ``cs``), grouped by weight."""
    out = defaultdict(list)
    for g in gens:
        for extra in itertools.combinations_with_replacement(range(len(cs)), t - g.degree()):
            h = math.prod((cs[i] for i in extra), start=g)
            out[sum(j * a for j, a in enumerate(h.exponents()[0]))].append(h)
    return out


def _vector(poly, pos, keep):
    """Coefficients of ``poly`` on the monomials indexed by ``pos`` (exponents in ``keep``)."""
    from sage.modules.free_module_element import vector
    from sage.rings.rational_field import QQ
    v = [0] * len(pos)
    for coeff, exps in zip(poly.coefficients(), poly.exponents()):
        v[pos[tuple(exps[j] for j in keep)]] = coeff
    return vector(QQ, v)


def _coefficient_matrix(polys, wmons, field):
    from sage.matrix.constructor import matrix
    index = {m: i for i, m in enumerate(wmons)}
    M = matrix(field, len(polys), len(wmons), sparse=True)
    for r, p in enumerate(polys):
        for coeff, mon in zip(p.coefficients(), p.monomials()):
            M[r, index[mon]] = coeff
    return M


def _rank(polys, wmons, field) -> int:
    return _coefficient_matrix(polys, wmons, field).rank()
