"""A helper whose default is a tuple, list or dict of data (``def h(x, scale=(1.0, 2.0))``,
``ws=[1.0, 3.0]``, ``opts={"a": 1.0}``), called without it, was refused when inlined ("cannot
differentiate the default value of `scale` (a tuple). Pass the argument explicitly"). The default
is now read as a global container is, by its path (``h.__defaults__[0]``), at call time
(transforms/inline_defaults.py, stop 57, issue 8). grad, jvp, jit=True against central
differences and autograd; a default changed in place or rebound after the build is seen; a helper
writing into its default and a default holding functions stay refused, located."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_against_autograd, check_grad, check_jvp

X = np.array([0.3, -0.7, 1.1])
T = np.array([0.2, 0.5, -0.3])


def _pair(x, scale=(1.0, 2.0)):
    return x[0] * scale[0] + x[1] * scale[1]


def tuple_default(x):
    return _pair(x) * x[2]


def _listed(x, ws=[1.0, 3.0]):
    return x[0] * ws[0] + x[1] * ws[1]


def list_default(x):
    return _listed(x) * x[2]


def _opts(x, opts={"a": 2.0, "w": np.array([1.0, 2.0, 3.0])}):
    return np.sum(x * opts["w"]) * opts["a"]


def dict_default(x):
    return _opts(x) + x[0] ** 2


def _unpacked(x, p=(np.array([1.0, 2.0, 3.0]), 2.0)):
    w, c = p
    return np.sum(np.sin(x) * w) * c


def tuple_of_array_unpacked(x):
    return _unpacked(x)


def _kw(x, *, p=(1.0, (2.0, 3.0))):
    return x[0] * p[0] + x[1] * p[1][0] * p[1][1]


def nested_keyword_only(x):
    return _kw(x) * x[2]


def _looped(x, ws=[1.0, 2.0, 3.0]):
    t = 0.0
    for w in ws:
        t = t + w * x[0]
    return t


def looped_over(x):
    return _looped(x) * x[1]


def _indices(x, idx=(0, 2)):
    return x[idx[0]] * x[idx[1]]


def index_tuple(x):
    return _indices(x) + x[1]


def _cfg(x, cfg={"w": [1.0, 2.0, 3.0]}):
    return np.sum(x * np.array(cfg["w"]))


def dict_of_a_list(x):
    return _cfg(x) ** 2


EXACT = [tuple_default, list_default, dict_default, tuple_of_array_unpacked, nested_keyword_only,
         looped_over, index_tuple, dict_of_a_list]


@pytest.mark.parametrize("f", EXACT)
def test_container_default_exact(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=T)
    check_against_autograd(f, X)


@pytest.mark.parametrize("f", [list_default, dict_default, nested_keyword_only])
def test_container_default_jit(f):
    check_grad(f, X, jit=True)
    check_jvp(f, X, tangent=T, jit=True)


@pytest.fixture
def restore():
    saved = _listed.__defaults__
    yield
    _listed.__defaults__ = saved
    _listed.__defaults__[0][:] = [1.0, 3.0]


@pytest.mark.parametrize("jit", [False, True])
def test_default_changed_after_the_build_is_seen(restore, jit):
    g = s2sad.grad(list_default, jit=jit)
    np.testing.assert_allclose(g(X), [1.1, 3.3, 0.3 - 2.1])
    _listed.__defaults__[0][0] = 5.0          # written in place
    np.testing.assert_allclose(g(X), [5.5, 3.3, 1.5 - 2.1])
    _listed.__defaults__ = ([2.0, 2.0],)      # rebound
    np.testing.assert_allclose(g(X), [2.2, 2.2, 0.6 - 1.4])


def _writes(x, ws=[1.0, 3.0]):
    ws[0] = ws[0] + 1.0
    return x[0] * ws[0]


def writes_its_default(x):
    return _writes(x) * x[2]


def test_a_helper_writing_into_its_container_default_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)line \d+, column \d+.*_writes.__defaults__\[0\]"):
        s2sad.grad(writes_its_default)(X)


def _functions(x, fns=(np.sin, np.cos)):
    return fns[0](x) + fns[1](x)


def functions_default(x):
    return np.sum(_functions(x))


def test_a_default_holding_functions_stays_refused():
    with pytest.raises(UnsupportedSyntaxError, match=r"default value of `fns`"):
        s2sad.grad(functions_default)(X)
