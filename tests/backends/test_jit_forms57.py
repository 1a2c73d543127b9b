"""Forms that worked with jit=False and failed to compile under jit=True (jit57): a list of
tuples of arrays, a list of dicts of an array and a number, a keyword-only helper kept as a
call, ``rng.choice`` with replacement, ``np.random.Generator(np.random.PCG64(seed))``; and the
advice of the refusal of a ``RandomState`` made inside the function."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad

X = np.linspace(0.1, 0.9, 5)


def pairs_of_arrays(x):
    pairs = [(x, 2.0 * x), (x ** 2, x)]
    s = 0.0
    for a, b in pairs:
        s = s + np.sum(a * b)
    return s


def rows_of_dicts(x):
    layers = [{"w": x, "b": 1.0}, {"w": 2.0 * x, "b": 3.0}]
    s = 0.0
    for L in layers:
        s = s + np.sum(L["w"] * L["b"])
    return s


def rows_of_dicts_indexed(x, y):
    layers = [{"w": x, "b": y[0]}, {"w": np.sin(x), "b": y[1]}]
    s = 0.0
    for i in range(len(layers)):
        s = s + np.sum(layers[i]["w"] ** 2) * layers[i]["b"]
    return s


def _count(n, *, k):
    return n * k


def _scaled(a, *, w=2.0):
    return a * w


def kw_only_helper(x):
    m = _count(x.shape[0], k=2)
    return np.sum(x ** 2) * m + _scaled(3.0)


def choice_of_count(x):
    rng = np.random.default_rng(3)
    idx = rng.choice(x.shape[0], size=7)
    return np.sum(x[idx] ** 2) + rng.choice(x.shape[0]) * np.sum(x)


def choice_of_array(x):
    rng = np.random.default_rng(4)
    ks = rng.choice(np.arange(x.shape[0]), 6)
    return np.sum(np.sin(x[ks]))


def pcg64_generator(x):
    rng = np.random.Generator(np.random.PCG64(11))
    n = rng.standard_normal(x.shape[0])
    return np.sum(x * x * n)


@pytest.mark.parametrize("f", [pairs_of_arrays, rows_of_dicts, kw_only_helper, choice_of_count,
                               choice_of_array, pcg64_generator])
def test_compiles_with_the_gradient_of_python(f):
    want = s2sad.grad(f)(X)
    got = s2sad.grad(f, jit=True)(X)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    check_grad(f, X, jit=True)


def test_rows_of_dicts_two_arguments():
    y = np.array([0.7, -1.3])
    want = s2sad.grad(rows_of_dicts_indexed, wrt=(0, 1))(X, y)
    got = s2sad.grad(rows_of_dicts_indexed, wrt=(0, 1), jit=True)(X, y)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)
    check_grad(rows_of_dicts_indexed, X, y, wrt=(0, 1), jit=True)


def test_pairs_jvp():
    t = np.cos(np.arange(5.0))
    _, want = s2sad.jvp(pairs_of_arrays)(X, t)
    _, got = s2sad.jvp(pairs_of_arrays, jit=True)(X, t)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def choice_without_replacement(x):
    rng = np.random.default_rng(1)
    idx = rng.choice(5, size=3, replace=False)
    return np.sum(x[idx] ** 2)


def own_random_state(x):
    rs = np.random.RandomState(0)
    return np.sum(x * rs.standard_normal(x.shape[0]))


@pytest.mark.parametrize("f, words", [(choice_without_replacement, "with replacement"),
                                      (own_random_state, "np.random.default_rng(seed)")])
def test_refused_located_with_advice(f, words):
    with pytest.raises(JitError) as e:
        s2sad.grad(f, jit=True)(X)
    assert words in str(e.value) and "test_jit_forms57.py" in str(e.value)


def _mixed(a, b=1.0, *, c=2.0, d=3.0):
    return a + 10 * b + 100 * c + 1000 * d


def _required_after_default(a, b=1.0, *, c):
    return a + b + c


def test_keyword_only_parameters_made_ordinary():
    from s2sad.backends.jit_module import _positional
    import types
    code, defaults = _positional(_mixed)
    g = types.FunctionType(code, {}, "g", defaults)
    assert g(1.0, c=5.0) == _mixed(1.0, c=5.0) and g(1.0, 2.0, d=7.0) == _mixed(1.0, 2.0, d=7.0)
    code, defaults = _positional(_required_after_default)       # not writable so: left as it is
    assert code is _required_after_default.__code__ and defaults == (1.0,)
