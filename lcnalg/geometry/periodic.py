"""Periodic parts of binary forms and membership by recursion (MATH.md §4.1).

A binary form ``P = sum_j c_j x^{N-j} y^j`` is held as a :class:`Form`: the polynomial
``p(t) = sum_j c_j t^j`` over ``QQ`` and its formal degree ``N`` (``N - deg p`` roots at
``t = oo``).  The ``S``-periodic part ``T_S(P)`` (the largest factor that is a form in
``x^S, y^S``) is the gcd of the ``S`` phase polynomials (:func:`periodic_part`): one exact
gcd over ``QQ``.

Membership (:func:`in_variety`, :func:`in_function_space`) peels the layers from the top:
``P in V_L`` iff ``deg T_{S_L}(P) >= d_L`` and ``P / w(x^{S_L}, y^{S_L}) in V_{L-1}`` for any
``w | T_{S_L}(P)`` of degree ``d_L`` (swap lemma).  The swap lemma also lets every class of
``T_{S_L}(P)`` be replaced by another of the same *type* without changing the answer: over
``C`` any finite non-zero class by any other; over ``R`` a positive real class by a positive
one, a negative by a negative, a conjugate pair by a pair (0 and oo are kept).  So the
recursion replaces ``T`` by the rational form ``T* = u^z (u-1)^a (u+1)^b (u^2+1)^p x^i`` of
the same type (:func:`real_type` counts the real roots by sign with Sturm sequences) and
branches over the types of the real factor ``w`` of degree ``d_L``: everything stays in
``QQ[t]`` and the answer is exact.  No closedness is assumed (the branching is complete).

EXAMPLES::

    >>> from lcnalg.geometry.architecture import Architecture
    >>> from lcnalg.geometry.periodic import Form, periodic_part, in_variety, in_function_space
    >>> P = Form.from_coeffs([1, 0, 0, 0, 1])           # x^4 + y^4
    >>> periodic_part(P, 2)                             # X^2 + Y^2 with X = x^2, Y = y^2
    Form(u^2 + 1, degree 2)
    >>> A = Architecture((3, 2), (2, 1))
    >>> in_variety(A, P), in_function_space(A, P)
    (True, False)
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

from lcnalg import _sage

__all__ = ["Form", "phases", "periodic_part", "real_type", "in_variety", "in_function_space",
           "real_path", "TYPE_NAMES"]

#: The coordinates of a type vector: roots 0 and oo, positive / negative real roots,
#: conjugate pairs of non-real roots (each with multiplicity).
TYPE_NAMES = ("zero", "inf", "pos", "neg", "pairs")


@functools.lru_cache(maxsize=None)
def _ring():
    _sage.init()
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    return PolynomialRing(QQ, "u")


@dataclass(frozen=True)
class Form:
    """A nonzero binary form of formal degree ``N``: ``x^{N - deg p} * p`` in ``t = y/x``
    (``p`` in ``QQ[u]``)."""
    p: object
    N: int

    @classmethod
    def from_coeffs(cls, coeffs) -> "Form":
        """The form ``sum c_j x^{N-j} y^j`` of rational ``c_0..c_N`` (not all zero)."""
        p = _ring()(list(coeffs))
        if p.is_zero():
            raise ValueError("the zero form has no periodic parts")
        return cls(p, len(coeffs) - 1)

    def coeffs(self) -> list:
        c = list(self.p.list())
        return c + [c[0].parent().zero()] * (self.N + 1 - len(c))

    @property
    def inf(self) -> int:
        """Multiplicity of the root ``t = oo``."""
        return self.N - self.p.degree()

    def __repr__(self):
        return f"Form({self.p}, degree {self.N})"

    def expand(self, S: int) -> "Form":
        """``F(x^S, y^S)``."""
        return Form(self.p(self.p.parent().gen() ** S), self.N * S)

    def divide(self, W: "Form") -> "Form":
        """``self / W`` (``W`` must divide)."""
        q, r = self.p.quo_rem(W.p)
        if not r.is_zero() or W.inf > self.inf:
            raise ArithmeticError(f"{W} does not divide {self}")
        return Form(q, self.N - W.N)

    def times(self, W: "Form") -> "Form":
        return Form(self.p * W.p, self.N + W.N)

    def monic(self) -> "Form":
        return Form(self.p.monic(), self.N)


def phases(P: Form, S: int) -> list[Form]:
    """The phase polynomials ``P_r`` (``r = 0..S-1``) as forms of their formal degrees
    ``floor((N - r) / S)``: ``P = sum_r x^{rho_r} y^r P_r(x^S, y^S)``; zero phases are left out."""
    c = P.p.list()
    R = P.p.parent()
    out = []
    for r in range(S):
        e = (P.N - r) // S
        if e < 0:
            continue
        ph = R(c[r::S])
        if not ph.is_zero():
            out.append(Form(ph, e))
    return out


def periodic_part(P: Form, S: int) -> Form:
    """``T_S(P)`` (monic in its lowest... leading non-zero coefficient): the gcd of the phases,
    as a form in ``X = x^S, Y = y^S``."""
    ph = phases(P, S)
    g = ph[0].p
    for f in ph[1:]:
        g = g.gcd(f.p)
    inf = min(f.inf for f in ph)
    return Form(g.monic(), g.degree() + inf)


def real_type(T: Form) -> tuple:
    """``(zero, inf, pos, neg, pairs)``: the roots of the real form ``T`` at ``t = 0``, at
    ``oo``, positive, negative (with multiplicity; Sturm counts of a squarefree
    decomposition) and the number of conjugate pairs of non-real roots."""
    p = T.p
    zero = 0
    while p[zero] == 0:
        zero += 1
    u = p.parent().gen()
    q = p // u ** zero
    pos = neg = 0
    for f, m in q.squarefree_decomposition():
        if f.degree() > 0:
            pos += m * f.number_of_roots_in_interval(0, None)
            neg += m * f.number_of_roots_in_interval(None, 0)
    pairs = (q.degree() - pos - neg) // 2
    return (zero, T.inf, pos, neg, pairs)


@functools.lru_cache(maxsize=4096)
def type_form(vec: tuple) -> Form:
    """The rational representative ``u^z (u-1)^a (u+1)^b (u^2+1)^p`` times ``x^i`` of a type."""
    zero, inf, pos, neg, pairs = vec
    u = _ring().gen()
    p = u ** zero * (u - 1) ** pos * (u + 1) ** neg * (u ** 2 + 1) ** pairs
    return Form(p, p.degree() + inf)


def _factor_types(T: tuple, d: int):
    """Type vectors of degree ``d`` (pairs count twice) below ``T`` componentwise."""
    for pairs in range(min(T[4], d // 2) + 1):
        rest = d - 2 * pairs
        for zero in range(min(T[0], rest) + 1):
            for inf in range(min(T[1], rest - zero) + 1):
                for pos in range(min(T[2], rest - zero - inf) + 1):
                    neg = rest - zero - inf - pos
                    if neg <= T[3]:
                        yield (zero, inf, pos, neg, pairs)


def _normalised(P: Form, S: int, real: bool):
    """``(P / T) * T*`` with ``T = T_S(P)`` and ``T*`` its rational representative, and the
    type of ``T`` (over ``C``: every finite non-zero class counted as positive)."""
    T = periodic_part(P, S)
    vec = real_type(T)
    if not real:
        vec = (vec[0], vec[1], T.N - vec[0] - vec[1], 0, 0)
    if vec[2:] == (T.N - vec[0] - vec[1], 0, 0) and T.p == type_form(vec).p:
        return P, vec
    rest = P.divide(T.expand(S))
    return rest.times(type_form(vec).expand(S)).monic(), vec


def _layers(arch):
    return [(d, S) for d, S in zip(arch.d, arch.S)]


def in_variety(arch, P: Form) -> bool:
    """``P in V_{k,s}`` (exact): the recursion of MATH.md §4.1 with one branch."""
    return _in_v(tuple(_layers(arch)), P.monic())


def _in_v(layers: tuple, P: Form) -> bool:
    if len(layers) == 1:
        return P.N == layers[0][0]
    d, S = layers[-1]
    if d == 0:
        return _in_v(layers[:-1], P)
    Pn, vec = _normalised(P, S, real=False)
    if sum(vec) < d:  # (pairs are 0 here)
        return False
    w = []
    for c in vec:
        w.append(min(c, d - sum(w)))
    return _in_v(layers[:-1], Pn.divide(type_form(tuple(w)).expand(S)))


def in_function_space(arch, P: Form) -> bool:
    """``P in M_{k,s}`` for a real rational form (exact; complete branching over the types of
    the real factors)."""
    return real_path(arch, P) is not None


def real_path(arch, P: Form):
    """The type vectors (layer ``L`` first, down to layer 2) of a real factorization of ``P``,
    or ``None`` when ``P`` is not in ``M``."""
    layers = tuple(_layers(arch))
    memo: dict = {}
    return _in_m(layers, P.monic(), memo)


def _in_m(layers: tuple, P: Form, memo: dict):
    if len(layers) == 1:
        return [] if P.N == layers[0][0] else None
    key = (len(layers), P.N, tuple(P.p.list()))
    if key in memo:
        return memo[key]
    d, S = layers[-1]
    result = None
    if d == 0:
        sub = _in_m(layers[:-1], P, memo)
        result = None if sub is None else [(0, 0, 0, 0, 0)] + sub
    else:
        Pn, vec = _normalised(P, S, real=True)
        for w in _factor_types(vec, d):
            sub = _in_m(layers[:-1], Pn.divide(type_form(w).expand(S)).monic(), memo)
            if sub is not None:
                result = [w] + sub
                break
    memo[key] = result
    return result


def rational_factor(T: Form, vec: tuple):
    """A factor of ``T`` over ``QQ`` of type ``vec`` (a product of irreducible factors of
    ``T``), or ``None`` when there is none."""
    zero, inf = vec[0], vec[1]
    u = T.p.parent().gen()
    items = []  # (irreducible factor, type without zero/inf, multiplicity)
    for f, m in T.p.factor():
        if f == u:
            continue
        t = real_type(Form(f, f.degree()))
        items.append((f, (t[2], t[3], t[4]), m))
    target = vec[2:]
    for counts in itertools.product(*[range(m + 1) for _, _, m in items]):
        tot = [sum(c * it[1][j] for c, it in zip(counts, items)) for j in range(3)]
        if tuple(tot) == target:
            p = u ** zero
            for c, (f, _, _) in zip(counts, items):
                p *= f ** c
            return Form(p, p.degree() + inf)
    return None
