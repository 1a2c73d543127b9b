"""frontend/constant_keys.py and ``d.get(k)`` without a default: a dict read with a name bound
once to a string, or with the variable of a loop over a display of strings, is read with that
string; ``d.get('k')`` is ``d.get('k', None)``. What is not known keeps its located refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def configured(x):
    key = "scale"
    d = {key: x[0] * 2.0, "shift": x[1]}
    d[key] = d[key] + x[2]
    return d.get(key) * d["shift"] + d.get(key, 0.0) ** 2


def over_key_names(x):
    params = {"a": x[0], "b": x[1] ** 2, "c": np.sin(x[2])}
    weights = {"a": 1.0, "b": 2.0}
    out = {}
    total = 0.0
    for name in ("a", "b", "c", "z"):
        total = total + weights.get(name, 0.5) * params.get(name, x[0])
        for other in ["a", "c"]:
            total = total + params[other] * weights.get(other, 3.0)
    for name in ["a", "b"]:
        out[name] = params[name] * total
    return out["a"] - out["b"] + total


def missing_is_none(x):
    d = {"a": x[0]}
    extra = d.get("b")
    if extra is None:
        return d["a"] * x[1]
    return extra


X = np.array([0.7, -1.3, 0.4])
CASES = [configured, over_key_names, missing_is_none]


@pytest.mark.parametrize("f", CASES)
def test_value_is_python_s(f):
    assert s2sad.value_and_grad(f)(X)[0] == pytest.approx(f(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", CASES)
def test_gradient(f, jit):
    """Refused before (a key that is not a constant; `.get()` with one argument)."""
    check_grad(f, X, jit=jit, reference=None if jit else "autograd")


@pytest.mark.parametrize("f", CASES)
def test_forward_mode(f):
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]))


def bound_twice(x):
    key = "a"
    if x[0] > 0:
        key = "b"
    d = {"a": x[0], "b": x[1]}
    return d[key] * x[2]


def leaves_early(x):
    d = {"a": x[0], "b": x[1]}
    t = 0.0
    for k in ("a", "b"):
        if d[k] < 0:
            break
        t = t + d[k]
    return t


def key_rebound(x):
    d = {"a": x[0], "ab": x[1]}
    t = 0.0
    for k in ("a", "b"):
        k = k + "b"
        t = t + d.get(k, 1.0)
    return t * x[2]


@pytest.mark.parametrize("f", [bound_twice, leaves_early, key_rebound])
def test_keys_not_known_keep_their_refusal(f):
    f(X)
    with pytest.raises(s2sad.S2sadError, match="constant key"):
        s2sad.grad(f)(X)
