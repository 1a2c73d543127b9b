"""A dict comprehension over a local dict's own keys or entries, whose keys are known when the
code is read (frontend/dict_keys.py): the descent over a dict of parameters,
`params = {k: v - lr * g[k] for k, v in params.items()}` in a loop. Refused on main ("a dict
comprehension over values not known when the code is read")."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.8, 1.1, 0.45])


def descent_over_items(x):
    params = {"w": x[0], "b": x[1]}
    for _ in range(3):
        grads = {"w": 2.0 * params["w"], "b": params["b"] * x[2]}
        params = {k: v - 0.1 * grads[k] for k, v in params.items()}
    return params["w"] ** 2 + params["b"] * x[3]


def scaled_over_keys(x):
    params = {"w": x[0], "b": x[1]}
    for _ in range(2):
        params = {k: params[k] * x[2] for k in params}
    return params["w"] + params["b"] * params.get("w", 0.0)


def loop_over_values(x):
    d = {"a": x[0] ** 2, "b": x[1]}
    d = {k: v * x[3] for k, v in d.items()}
    return sum(v * v for v in d.values())


@pytest.mark.parametrize("f", [descent_over_items, scaled_over_keys, loop_over_values])
def test_comprehensions_over_a_dict_with_known_keys(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X)
    check_jvp(f, X, tangent=np.linspace(-1.0, 1.0, 4))
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12)


def keys_change(x):
    d = {"a": x[0], "b": x[1]}
    del d["b"]
    return sum({k: v * 2.0 for k, v in d.items()}.values())


def passed_on(x):
    d = {"a": x[0], "b": x[1]}
    _add_key(d)
    return sum({k: v * 2.0 for k, v in d.items()}.values())


def _add_key(d):
    d["c"] = 1.0


@pytest.mark.parametrize("f", [keys_change, passed_on])
def test_keys_not_known_stay_refused(f):
    with pytest.raises(s2sad.S2sadError, match="line"):
        s2sad.grad(f)(X)
