"""A helper's default that is a builtin function (``def app(v, f=abs)``, ``g=max``) was refused
when inlined ("cannot differentiate the default value of `f`"), and one of ``math`` (``f=math.exp``)
gave "derivative code raised NameError: name 'math' is not defined" when the caller's own code
never named ``math`` (issue 8, stop 56). Both are now bound as the function itself in the build's
namespace (``transforms/inline_defaults.default_function``); grad, jvp and jit=True against
central differences."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

W = np.array([0.3, -0.7, 1.1])


def _app(v, f=abs):
    return f(v) * v


def builtin_abs(w):
    return _app(w[0]) + _app(w[1]) * w[2]


def _floor(v, g=max, lo=0.1):
    return g(v, lo) ** 2


def builtin_max(w):
    return _floor(w[0]) + _floor(w[1], min) + _floor(w[2], lo=0.5)


def _grow(t, f=math.exp):
    return f(t) * t


def math_default_caller_never_names_math(w):
    return _grow(w[0]) + _grow(w[1]) * w[2]


FORMS = [builtin_abs, builtin_max, math_default_caller_never_names_math]


@pytest.mark.parametrize("f", FORMS, ids=lambda f: f.__name__)
def test_grad_and_jvp_against_differences(f):
    check_grad(f, W)
    check_jvp(f, W, tangent=np.array([0.5, -1.0, 0.25]))


def test_values():
    g = s2sad.grad(math_default_caller_never_names_math)(W)
    np.testing.assert_allclose(g, [math.exp(W[0]) * (1 + W[0]), math.exp(W[1]) * (1 + W[1]) * W[2],
                                   math.exp(W[1]) * W[1]])
    np.testing.assert_allclose(s2sad.grad(builtin_abs)(W), [2 * abs(W[0]), -2 * W[1] * W[2], W[1] * abs(W[1])])


def test_jit(tmp_path, monkeypatch):
    import numba
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
    monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))
    for f in FORMS:
        np.testing.assert_allclose(s2sad.grad(f, jit=True)(W), s2sad.grad(f)(W), rtol=1e-12)
