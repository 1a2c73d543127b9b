"""A refusal raised by s2sad's own numba helper while the compiled adjoint runs (a list holding
arrays of different shapes, which numba stores as one array) is reported as that refusal: it
was followed by "The same adjoint run by Python raises AttributeError instead: numba's
implementation of a NumPy function accepts less than NumPy's", which blamed numba for s2sad's
own refusal (the Python form of the compiled adjoint cannot run on a list of arrays at all)."""
import numpy as np
import pytest

import s2sad


def two_layers(params, x):
    layers = [params[0:6].reshape(2, 3), params[6:10].reshape(2, 2)]
    h = x
    for w in layers:
        h = np.tanh(w @ h)
    return np.sum(h ** 2)


@pytest.mark.jit
def test_ragged_list_refusal_is_not_blamed_on_numba():
    p, x = np.linspace(-1.0, 1.0, 10), np.array([0.3, -0.2, 0.5])
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(two_layers, jit=True)(p, x)
    text = str(info.value)
    assert "arrays of different shapes" in text and "Use jit=False" in text
    assert "The same adjoint run by Python" not in text
    assert np.allclose(s2sad.grad(two_layers)(p, x), s2sad.testing.numeric_grad(two_layers, (p, x), 0))
