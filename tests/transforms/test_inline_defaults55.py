"""A helper's default that is an array (hunt55, issue 8): ``def shifted(x, *, shift=np.array([1.0,
2.0]))`` called as ``shifted(x)`` was refused when inlined ("cannot differentiate the default value
of `shift` (a ndarray)"). Such a default is now read like a global array the function reads
(``transforms/inline_defaults``): a data parameter of the adjoint with the path
``shifted.__kwdefaults__["shift"]`` (``__defaults__[i]`` for a positional one), read at each call,
so a default written into in place after the build is seen and a default rebound rebuilds; in
grad, jvp and jit. A helper writing into its default (a state kept between calls) is refused."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp, numeric_grad

X = np.array([0.5, -1.0])


def _shifted(x, *, shift=np.array([1.0, 2.0])):  # noqa: B008  (the case under test)
    return x + shift


def kw_default(x):
    return np.sum(_shifted(x) ** 2)


def _scaled(x, s=np.array([1.0, 2.0])):  # noqa: B008
    return x * s


def positional_default(x):
    return np.sum(np.sin(_scaled(x)))


class _Model:
    def energy(self, x, s=np.array([1.0, 3.0])):  # noqa: B008
        return np.sum(x * x * s)


_M = _Model()


def method_default(x):
    return _M.energy(x)


def _closure():
    def h(x, s=np.array([2.0, 0.5])):  # noqa: B008
        return x * s

    def f(x):
        return np.sum(h(x) ** 3)
    return f


closure_default = _closure()


def _acc(x, buf=np.zeros(2)):  # noqa: B008
    buf += x
    return buf


def writes_its_default(x):
    return np.sum(_acc(x) ** 2)


@pytest.fixture
def restore():
    saved = _shifted.__kwdefaults__["shift"].copy(), _scaled.__defaults__
    yield
    _shifted.__kwdefaults__["shift"][:] = saved[0]
    _scaled.__defaults__ = saved[1]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", [kw_default, positional_default, method_default, closure_default])
def test_array_default_is_exact(f, jit):
    check_grad(f, X, jit=jit)
    check_jvp(f, X, tangent=np.array([0.3, -0.7]), jit=jit)


@pytest.mark.parametrize("jit", [False, True])
def test_default_written_in_place_after_the_build_is_seen(restore, jit):
    g = s2sad.grad(kw_default, jit=jit)
    np.testing.assert_allclose(g(X), 2 * (X + [1.0, 2.0]))
    _shifted.__kwdefaults__["shift"][0] = 10.0
    np.testing.assert_allclose(g(X), 2 * (X + [10.0, 2.0]))
    g2 = s2sad.grad(positional_default, jit=jit)
    g2(X)
    _scaled.__defaults__[0][1] = 7.0
    np.testing.assert_allclose(g2(X), numeric_grad(positional_default, [X.copy()], 0), rtol=1e-6)
    _scaled.__defaults__ = (np.array([2.0, -3.0]),)     # rebound: the guard rebuilds
    np.testing.assert_allclose(g2(X), [2 * np.cos(1.0), -3 * np.cos(3.0)], rtol=1e-9)


def test_a_helper_writing_into_its_default_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match=r"_acc.__defaults__\[0\]"):
        s2sad.grad(writes_its_default)(X)
