"""Refusals hunt42 met that stay refusals: each names the line and says what to write instead,
and the form it advises is differentiated (checked here against central differences)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad

DST = np.array([0, 1, 1, 3, 0, 4, 2, 2])
X = np.linspace(-1.0, 1.3, 8) + 0.1 * np.sin(np.arange(8))


def scatter_max(x):
    mx = np.full(5, -np.inf)
    np.maximum.at(mx, DST, x)
    return np.sum(mx[DST] * x)


def scatter_max_as_advised(x):
    mx = np.full(5, -np.inf)
    for k in range(len(DST)):
        mx[DST[k]] = np.maximum(mx[DST[k]], x[k])
    return np.sum(mx[DST] * x)


def test_ufunc_at_other_than_add_gives_the_loop():
    with pytest.raises(S2sadError) as err:
        s2sad.grad(scatter_max)(X)
    text = str(err.value)
    assert "np.maximum.at(mx, DST, x)" in text and "line" in text
    assert "for k in range(len(DST)): mx[DST[k]] = np.maximum(mx[DST[k]], x[k])" in text
    check_grad(scatter_max_as_advised, X)


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


def test_list_of_callable_layers_gives_the_form_that_works():
    with pytest.raises(S2sadError) as err:
        s2sad.grad(through_layers)(X[:2])
    text = str(err.value)
    assert "h = L(h)" in text and "for W, b in PARAMS: h = layer(W, b, h)" in text
    check_grad(through_arrays, X[:2])
