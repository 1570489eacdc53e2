"""Named catalogues of architectures."""
import pytest

from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.catalogue import WORKED_CASES, catalogue, catalogue_names, grid


def test_default_catalogue_is_the_issue_grid():
    archs = catalogue("default")
    # L=1: 3;  L=2: 3^2 filter sizes x 3 first strides;  L=3: 3^3 x 3^2
    assert len(archs) == 3 + 9 * 3 + 27 * 9 == 273
    assert len(set(archs)) == len(archs)
    assert all(a.L <= 3 and all(2 <= k <= 4 for k in a.k) for a in archs)
    assert all(a.s[-1] == 1 and all(1 <= s <= 3 for s in a.s) for a in archs)
    assert Architecture((4, 4, 4), (3, 3, 1)) in archs


def test_small_and_large():
    small = catalogue("small")
    assert len(small) == 16 and len(set(small)) == 16
    for k, s in WORKED_CASES:
        assert Architecture(k, s) in small
    large = catalogue("large")
    assert set(catalogue("default")) <= set(large)
    assert max(a.L for a in large) == 4 and Architecture((6, 6), (4, 1)) in large


def test_deterministic_order():
    first = catalogue("default")
    assert first == catalogue("default")
    keys = [(a.L, a.k, a.s) for a in first]
    assert keys == sorted(keys)
    assert first[:3] == [Architecture((2,)), Architecture((3,)), Architecture((4,))]


def test_grid():
    assert grid(2, [2], [1, 2]) == [Architecture((2,)), Architecture((2, 2), (1, 1)),
                                    Architecture((2, 2), (2, 1))]


def test_unknown_name_lists_known_ones():
    assert catalogue_names() == ["small", "default", "large", "atlas"]
    with pytest.raises(ValueError, match="unknown catalogue 'huge'; known: small, default, large, atlas"):
        catalogue("huge")


def test_atlas_catalogue():
    # L <= 4, 2 <= k_i <= 5, strides 1..3 on the first L-1 layers: sum_L 4^L 3^(L-1)
    archs = catalogue("atlas")
    assert len(archs) == sum(4 ** L * 3 ** (L - 1) for L in range(1, 5)) == 7540
    assert len(set(archs)) == len(archs) and all(a.s[-1] == 1 for a in archs)
