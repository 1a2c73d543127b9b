"""A list of dicts of parameters (issue 8, stop 56), ``layers = [dict(W=W1, b=b1), dict(W=W2,
b=b2)]; for L in layers: h = np.tanh(L['W'] @ h + L['b'])``, was refused ("this use of `t5` (a
dict...)", naming a generated variable): it is now the list of tuples it stands for, each key read
as its position (frontend/dict_rows.py); grad and jvp against central differences. Under jit=True
a list of tuples of arrays is refused by numba, located (as `for W, b in layers` is)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.linspace(-1.0, 1.2, 8)
V = np.linspace(0.5, -0.7, 8)
H0 = np.array([0.5, -0.3])


def dict_calls(x):
    W1, b1, W2, b2 = x[:4].reshape(2, 2), x[4:6], x[:4].reshape(2, 2).T * 0.5, x[6:8]
    layers = [dict(W=W1, b=b1), dict(W=W2, b=b2)]  # noqa: C408  (the user idiom followed)
    h = H0
    for L in layers:
        h = np.tanh(L["W"] @ h + L["b"])
    return np.sum(h * h)


def dict_displays_indexed(x):
    layers = [{"W": x[:4].reshape(2, 2), "b": x[4:6]}, {"W": x[:4].reshape(2, 2) * 2.0, "b": x[6:8]}]
    h = H0
    for i in range(len(layers)):
        h = np.tanh(layers[i]["W"] @ h + layers[i]["b"])
    return np.sum(h) + sum(np.sum(L["b"] ** 2) for L in layers)


@pytest.mark.parametrize("f", [dict_calls, dict_displays_indexed], ids=lambda f: f.__name__)
def test_grad_and_jvp_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)


def written_into(x):
    layers = [dict(W=x[:4].reshape(2, 2), b=x[4:6])]  # noqa: C408
    for L in layers:
        L["b"] = L["b"] * 2.0
    return np.sum(layers[0]["b"])


def test_a_dict_written_into_is_left_as_written_and_refused_at_its_line():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+"):
        s2sad.grad(written_into)(X)
