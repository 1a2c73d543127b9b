"""Work-arounds for numba compiler bugs (s2sad/backends/numba_fixes.py)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def scale_by_an_int(x, k):
    if isinstance(k, int):
        return x * k
    return x * x


def sum_if_array(x, v):
    if isinstance(v, float):
        y = v * x
    else:
        y = np.sum(v * x) * v.shape[0]
    return y * x


@pytest.mark.parametrize("k", [3, 2.0])
def test_isinstance_beside_an_early_return_compiles(k):
    """An early return leaves `result` undefined on one path; numba's isinstance pruning read
    `.name` of that undefined value (AttributeError, a JitError with no line), then assigned it
    ('Unsupported assignment')."""
    g = check_grad(scale_by_an_int, 1.5, k, jit=True)
    assert g == s2sad.grad(scale_by_an_int)(1.5, k) == (3.0 if isinstance(k, int) else 3.0)


@pytest.mark.parametrize("v", [2.0, np.array([1.0, 2.0])], ids=["float", "array"])
def test_isinstance_still_prunes_the_branch_that_does_not_type(v):
    """`v.shape` does not compile for a float v: numba must still drop that branch."""
    check_grad(sum_if_array, 0.5, v, jit=True)
