"""Architecture: validation and derived facts, checked against definitions and theorems."""
import itertools
import math

import pytest

from lcnalg.geometry.architecture import MAX_N, Architecture, ArchitectureError


def test_worked_example_numbers():
    A = Architecture((3, 2), (2, 1))
    # MATH.md §1: (a x²+b xy+c y²)(d x²+e y²) has 5 coefficients
    assert (A.n, A.d, A.S, A.stride, A.L) == (5, (2, 1), (1, 2), 2, 2)
    assert A.dim == 4 and A.codim == 1


def test_defaults_and_parse():
    assert Architecture((2, 3)).s == (1, 1)
    assert Architecture.parse("3,2", "2,1") == Architecture([3, 2], [2, 1])
    assert Architecture.parse(" 2, 2 ") == Architecture((2, 2), (1, 1))
    assert hash(Architecture((3, 2), (2, 1))) == hash(Architecture.parse("3,2", "2,1"))
    with pytest.raises(Exception):
        Architecture((2, 2)).k = (3, 3)  # immutable
    assert repr(Architecture((3, 2), (2, 1))) == "Architecture(k=(3, 2), s=(2, 1))"


@pytest.mark.parametrize("k,s,needle", [
    ("", None, "k is empty"), ((), None, "k is empty"), ((2, 2), "", "s is empty"),
    ("3,x", "1,1", "non-integer"), ((2.5, 2), None, "non-integer"), ((True, 2), None, "non-integer"),
    ((0, 2), None, "k[0] = 0"), ((2, -1), None, "k[1] = -1"), ((2, 2), (0, 1), "s[0] = 0"),
    ((2, 2), (1,), "different lengths"), ((100, 100, 100), (100, 100, 1), "MAX_N"),
    (None, None, "k must be"),
])
def test_bad_input_names_field_and_value(k, s, needle):
    with pytest.raises(ArchitectureError) as e:
        Architecture(k, s)
    assert needle in str(e.value)
    assert "\n" not in str(e.value)
    assert isinstance(e.value, ValueError)


def test_size_limit_is_the_documented_one():
    Architecture((MAX_N,))
    with pytest.raises(ArchitectureError):
        Architecture((MAX_N + 1,))


def _all_archs(max_L=3, max_k=4, max_s=3):
    for L in range(1, max_L + 1):
        for k in itertools.product(range(1, max_k + 1), repeat=L):
            for s in itertools.product(range(1, max_s + 1), repeat=L - 1):
                yield Architecture(k, s + (1,))


def test_n_is_the_degree_of_the_product_plus_one():
    # brute force: the degree of prod_i t^{S_i d_i} is the top exponent
    for A in _all_archs():
        top = sum((ki - 1) * math.prod(A.s[:i]) for i, ki in enumerate(A.k))
        assert A.n == top + 1


def test_thick_iff_stride_one_when_all_k_at_least_2():
    # [theorem] MATH.md §3 (for k_i >= 2)
    for A in _all_archs():
        if min(A.k) >= 2:
            assert A.thick == A.stride_one, A


def test_filling_rule_against_real_factorization_of_forms():
    # at most one odd d_i <=> every real form of degree sum d_i factors with real factors of degrees d_i
    assert Architecture((2, 3)).filling and not Architecture((2, 2)).filling
    assert Architecture((3, 3)).filling and not Architecture((2, 2, 3)).filling
    assert not Architecture((3, 2), (2, 1)).filling  # thin


def test_reduce_and_blocks():
    A = Architecture((2, 2, 2), (1, 2, 1))
    assert A.reduced() == Architecture((3, 2), (2, 1))   # MATH.md §3 example
    assert A.blocks() == (Architecture((2, 2), (1, 2)), Architecture((2,), (1,)))
    assert not A.is_reduced and A.reduced().is_reduced
    for B in _all_archs():
        R = B.reduced()
        assert R.is_reduced and R.n == B.n and R.stride == B.stride
        assert R.dim >= B.dim  # merging loses the intermediate rescalings only
        assert sum(len(b.k) for b in B.blocks()) == B.L
        assert all(b.stride_one for b in B.blocks())


def test_summary_keys_are_the_cli_contract():
    keys = set(Architecture((3, 2), (2, 1)).summary())
    assert keys == {"k", "s", "n", "stride", "dim", "codim", "stride_one", "thick", "filling",
                    "reduced", "reduced_architecture"}
