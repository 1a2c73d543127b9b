"""Forward mode under jit=True indexes with a mask of 2 or more dimensions (stop 58, issue 8).

`B[B > 0.5] = B[B > 0.5] * 0.5` of a matrix compiled in reverse mode (stand_ins.MaskIndexing with
the adjoint's ranks) but jvp(jit=True) lowered its code without ranks: numba failed with a bare
AssertionError (a JitError at the line, "numba says (AssertionError)"). The forward build now
gives the jit stage its names' ranks for those masks (numba_lower.lower's mask_ranks)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_jvp

R = np.random.default_rng(58)
A34 = R.standard_normal((3, 4))
T34 = R.standard_normal((3, 4))


def mask_writes(A):
    B = A.copy()
    for k in range(2):
        B[B > 0.5] = B[B > 0.5] * 0.5
        B[:, k] = np.where(B[:, k] < 0, -B[:, k], B[:, k] * 2.0)
    return np.sum(B * B)


def mask_aug(A):
    B = A * 1.0
    B[A < 0.0] *= 3.0
    return np.sum(B[B > 0.2] ** 2)


@pytest.mark.jit
@pytest.mark.parametrize("f", [mask_writes, mask_aug])
def test_jvp_jit_matrix_mask(f):
    saved = A34.copy()
    value, tangent = s2sad.jvp(f, jit=True)(A34, T34)
    want_value, want_tangent = s2sad.jvp(f)(A34, T34)
    assert value == pytest.approx(want_value, rel=1e-12)
    assert tangent == pytest.approx(want_tangent, rel=1e-10)
    assert tangent == pytest.approx(np.sum(s2sad.grad(f)(A34) * T34), rel=1e-10)
    np.testing.assert_array_equal(A34, saved)
    check_jvp(f, A34, tangent=T34, jit=True)


@pytest.mark.jit
def test_hvp_jit_matrix_mask():
    """hvp (forward over the adjoint) takes the same path: `B[A < 0.0] *= 3.0` of a matrix was the
    same bare AssertionError under jit=True."""
    got = s2sad.hvp(mask_aug, jit=True)(A34, T34)
    want = s2sad.hvp(mask_aug)(A34, T34)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert np.any(got != 0.0)
