"""``math.hypot(*w)`` of a parameter given a vector (issue 8, stop 56) was refused ("an argument
unpacked with `*` of `hypot`"): it is now ``hypot_of(w)`` (frontend/starred_extrema.py,
rules/runtime_decomp.py), which calls ``math.hypot(*w)`` itself, so the value has the same bits as
the user's call, with the rule ``d[w] = d[z] * w / z``; grad, jvp, hvp and jit=True against central
differences."""
import math
from math import hypot

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

W = np.array([0.3, -1.2, 0.7, 2.5, -0.1, 0.9, 1.7])     # seven coordinates: more than the rule of hypot(a, b, ...)
V = np.linspace(0.5, -1.0, 7)


def length(w):
    return math.hypot(*w)


def imported_name(w):
    return hypot(*w) ** 2 + np.sin(math.hypot(*w))


@pytest.mark.parametrize("f", [length, imported_name], ids=lambda f: f.__name__)
def test_grad_jvp_hvp_against_differences(f):
    check_grad(f, W)
    check_jvp(f, W, tangent=V)
    check_hvp(f, W, v=V)


def test_the_value_is_math_hypot_bit_for_bit():
    w = np.array([1e-200, 3e-200, 1e-201, 7e-200])
    value, grad = s2sad.value_and_grad(length)(w)
    assert value == math.hypot(*w)
    np.testing.assert_allclose(grad, w / math.hypot(*w))
    np.testing.assert_allclose(s2sad.value_and_grad(length)(W)[0], math.hypot(*W), rtol=0, atol=0)


def test_jit(tmp_path, monkeypatch):
    import numba
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
    monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))
    np.testing.assert_allclose(s2sad.grad(imported_name, jit=True)(W), s2sad.grad(imported_name)(W), rtol=1e-12)
