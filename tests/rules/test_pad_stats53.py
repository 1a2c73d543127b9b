"""np.pad in modes 'mean', 'maximum' and 'minimum' (rules/runtime_pad.py, written as ``pad_stat`` by
frontend/numpy_forms.py; stop 53, issue 8), refused before: grad, jvp and hvp against central
differences on 1-, 2- and 3-d arrays with and without ``stat_length``, ties shared as np.max shares
them; the modes left out ('median', 'linear_ramp', 'empty') refused with the reason; jit=True a
located JitError."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

RNG = np.random.default_rng(53)
M = RNG.normal(size=(3, 4))
T = RNG.normal(size=(3, 4))
C = RNG.normal(size=(2, 3, 4))
W = np.sin(np.arange(28.0)).reshape(4, 7)


def padded(x):
    return np.sum(np.pad(x, 2, mode="mean") ** 2) + np.sum(np.pad(x, ((1, 0), (2, 1)), "maximum", stat_length=2) * W) \
        + np.sum(np.pad(x[0], (3, 1), mode="minimum") ** 3) + np.sum(np.pad(x * x, 1, "edge"))


def cube(c):
    return np.sum(np.pad(c, ((1, 0), (0, 2), (1, 1)), "mean", stat_length=2) ** 2) \
        + np.sum(np.cos(np.pad(c, 1, mode="minimum", stat_length=((1, 2), (2, 1), (3, 3)))))


@pytest.mark.parametrize("f, x, v", [(padded, M, T), (cube, C, C[::-1] * 0.5)])
def test_grad_jvp_hvp_against_differences(f, x, v):
    check_grad(f, x)
    check_jvp(f, x, tangent=v)
    check_hvp(f, x, v=v)


def test_ties_are_shared_as_np_max_shares_them():
    x = np.array([1.0, 3.0, 3.0, 2.0])
    g = s2sad.grad(lambda x: np.sum(np.pad(x, (2, 0), "maximum")))(x)
    np.testing.assert_array_equal(g, [1.0, 2.0, 2.0, 1.0])     # two padded copies of the maximum, shared by the tie
    expected = s2sad.grad(lambda x: 2.0 * np.max(x) + np.sum(x))(x)
    np.testing.assert_array_equal(g, expected)


@pytest.mark.parametrize("mode", ["empty"])     # ("median" until stop 54 covered it: test_selections54.py)
def test_modes_left_out_are_refused_with_the_reason(mode):
    with pytest.raises(s2sad.NoDerivativeError, match=r"line \d+(.|\n)*not covered"):
        s2sad.grad(lambda x: np.sum(np.pad(x, 1, mode=mode)))(M)


def test_jit_is_a_located_jit_error():
    with pytest.raises(s2sad.JitError, match=r"line \d+(.|\n)*np.pad\(mode='mean'"):
        s2sad.grad(lambda x: np.sum(np.pad(x, 1, mode="mean")), jit=True)(M)
