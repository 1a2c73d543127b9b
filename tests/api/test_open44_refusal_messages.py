"""Refusals hunt42 met that stay refusals: each names the line and says what to write instead,
and the form it advises is differentiated (checked here against central differences)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad

DST = np.array([0, 1, 1, 3, 0, 4, 2, 2])
X = np.linspace(-1.0, 1.3, 8) + 0.1 * np.sin(np.arange(8))


def scatter_div(x):
    mx = np.full(5, 2.0)
    np.divide.at(mx, DST, x)
    return np.sum(mx[DST] * x)


def scatter_div_as_advised(x):
    mx = np.full(5, 2.0)
    for k in range(len(DST)):
        mx[DST[k]] = np.divide(mx[DST[k]], x[k])
    return np.sum(mx[DST] * x)


def test_ufunc_at_not_followed_gives_the_loop():
    """(np.maximum.at was the example until stop 55 followed it: tests/frontend/test_inplace_ufuncs55.py)"""
    with pytest.raises(S2sadError) as err:
        s2sad.grad(scatter_div)(X + 2.0)
    text = str(err.value)
    assert "np.divide.at(mx, DST, x)" in text and "line" in text
    assert "for k in range(len(DST)): mx[DST[k]] = np.divide(mx[DST[k]], x[k])" in text
    check_grad(scatter_div_as_advised, X + 2.0)


class Layer:
    def __init__(self, W):
        self.W = W

    def __call__(self, h):
        return np.tanh(self.W @ h)


LAYERS = [Layer(np.array([[0.5, -0.2], [0.3, 0.8]])), Layer(np.array([[1.0, 0.4], [-0.6, 0.2]]))]
PARAMS = [L.W for L in LAYERS]


def through_layers(x):
    h = x
    for L in LAYERS:
        h = L(h)
    return np.sum(h ** 2)


def layer(W, h):
    return np.tanh(W @ h)


def through_arrays(x):
    h = x
    for W in PARAMS:
        h = layer(W, h)
    return np.sum(h ** 2)


def test_list_of_callable_layers_is_followed_like_the_form_over_arrays():
    # refused until stop 54 (lists54 unrolls a global list of callables: tests/frontend/test_global_lists54.py)
    check_grad(through_layers, X[:2])
    check_grad(through_arrays, X[:2])
    assert np.allclose(s2sad.grad(through_layers)(X[:2]), s2sad.grad(through_arrays)(X[:2]), rtol=1e-12, atol=0)


RUN_MEAN = np.zeros(3)


def batchnorm_updating_a_global(x):
    global RUN_MEAN
    mu = x.mean(axis=0)
    RUN_MEAN = 0.9 * RUN_MEAN + 0.1 * mu
    return np.sum(((x - mu) / np.sqrt(x.var(axis=0) + 1e-5)) ** 3)


def batchnorm_as_advised(x, run_mean):
    mu = x.mean(axis=0)
    return np.sum(((x - mu) / np.sqrt(x.var(axis=0) + 1e-5)) ** 3), 0.9 * run_mean + 0.1 * mu


def test_global_running_statistics_give_has_aux():
    x = np.cos(np.arange(12.0)).reshape(4, 3)
    with pytest.raises(S2sadError) as err:
        s2sad.grad(batchnorm_updating_a_global)(x)
    assert "global RUN_MEAN" in str(err.value) and "has_aux=True" in str(err.value)
    _, new_mean = s2sad.grad(batchnorm_as_advised, has_aux=True)(x, RUN_MEAN)
    np.testing.assert_allclose(new_mean, 0.1 * x.mean(axis=0))
    check_grad(lambda x, r: batchnorm_as_advised(x, r)[0], x, RUN_MEAN)
