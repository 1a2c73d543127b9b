"""A dict name bound again inside a branch or a loop keeps its variables (transforms/dict_rebinds.py).

On main before stop 50 each binding of a dict to a name made fresh variables, and every later read
took the last: `for _ in range(3): params = step(params, lr)` (a helper returning a new dict, the
way an SGD loop over a dict of parameters is written) read the dict bound before the loop on every
pass — a silently wrong value and gradient in grad, jvp and jit; a dict parameter updated so, a
dict rebuilt from its own entries in a loop, and a branch binding a new dict (unbound where it did
not run) failed alike. Bindings that cannot keep the variables are refused at their line."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.8, 1.1, 0.45])


def step(p, lr):
    return {"w": p["w"] - lr * 2.0 * p["w"] * p["b"], "b": p["b"] * (1.0 - lr)}


def sgd_on_a_dict(x):
    params = {"w": x[0], "b": x[1]}
    for _ in range(3):
        params = step(params, 0.1)
    return params["w"] ** 2 + params["b"] * x[2]


def sgd_through_a_name(x):
    params = {"w": x[0], "b": x[1]}
    for _ in range(2):
        new = step(params, 0.1)
        params = new
    return params["w"] ** 2 + params["b"] * x[2]


def rebuilt_from_its_entries(x):
    d = {"s": x[0], "t": x[1]}
    for _ in range(3):
        d = {"s": d["t"] * 0.5, "t": d["s"] + x[2]}
    return d["s"] * d["t"]


def rebuilt_on_a_path(x):
    q = {"w": x[0] * 2.0, "b": x[1]}
    if x[3] > 0.0:
        q = {"w": q["b"], "b": q["w"] * x[2]}
    return q["w"] * q["b"]


PROGRAMS = [sgd_on_a_dict, sgd_through_a_name, rebuilt_from_its_entries, rebuilt_on_a_path]


@pytest.mark.parametrize("sign", [1.0, -1.0])
@pytest.mark.parametrize("f", PROGRAMS)
def test_a_dict_bound_again(f, sign):
    x = X * np.array([1.0, 1.0, 1.0, sign])
    value, _ = s2sad.value_and_grad(f)(x)
    assert value == pytest.approx(f(x), rel=1e-14)
    check_grad(f, x)
    check_jvp(f, x, tangent=np.linspace(-1.0, 1.0, 4))


@pytest.mark.parametrize("f", [sgd_on_a_dict, rebuilt_from_its_entries])
def test_under_jit(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12)


def sgd_on_a_dict_parameter(p, x):
    for _ in range(3):
        p = step(p, 0.1)
    return p["w"] ** 2 + p["b"] * x


def test_a_dict_parameter_updated_in_a_loop():
    p = {"w": 0.7, "b": -0.4}
    g = s2sad.grad(sgd_on_a_dict_parameter)(p, 1.3)
    h = 1e-6
    for k in p:
        fd = (sgd_on_a_dict_parameter({**p, k: p[k] + h}, 1.3) - sgd_on_a_dict_parameter({**p, k: p[k] - h}, 1.3)) / (2 * h)
        assert g[k] == pytest.approx(fd, rel=1e-6)


def other_keys_on_a_path(x):
    d = {"w": x[0], "b": x[1]}
    if x[2] > 0:
        d = {"w": x[1] * 2.0, "c": x[3]}
    return d["w"] * 2.0 + d.get("b", 0.0)


def alias_read_after_the_loop(x):
    q = {"w": x[0] * 2.0, "b": x[1]}
    first = q
    for _ in range(2):
        q = step(q, 0.1)
    return first["w"] + q["w"]


@pytest.mark.parametrize("f, why", [(other_keys_on_a_path, "the keys differ.*same keys in the same order"),
                                     (alias_read_after_the_loop, r"also held by `first`.*`first = dict\(q\)`")])
def test_refused_where_the_variables_cannot_be_kept(f, why):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=rf"(?s)line \d+.*{why}"):
        s2sad.grad(f)(X)


def test_checkpointed_and_second_order():
    g = s2sad.grad(sgd_on_a_dict)(X)
    for k in (1, 2):
        np.testing.assert_allclose(s2sad.grad(sgd_on_a_dict, checkpoint=k)(X), g, rtol=1e-12)
    v = np.array([1.0, 0.5, -0.3, 0.2])
    fd = (s2sad.grad(sgd_on_a_dict)(X + 1e-5 * v) - s2sad.grad(sgd_on_a_dict)(X - 1e-5 * v)) / 2e-5
    np.testing.assert_allclose(s2sad.hvp(sgd_on_a_dict)(X, v), fd, rtol=1e-5, atol=1e-8)


def swap_a_tuple_argument(t, x):
    for _ in range(3):
        t = (t[1] * x, t[0] + 0.5 * t[1])
    return t[0] * t[1]


def grown_tuple_argument(t, x):
    for _ in range(2):
        t = (t[1], t[0] * x, 3.0)
    return t[0]


def test_a_tuple_argument_bound_again():
    """`t = (t[1] * x, ...)` of a differentiated tuple argument was refused as "`t` holding a dict in one
    place" (the user passed a tuple): its items are written, in a loop the same variables."""
    t, h = (0.7, -0.3), 1e-6
    for x in (1.3, -1.3):
        g = s2sad.grad(swap_a_tuple_argument)(t, x)
        fd = [(swap_a_tuple_argument((t[0] + h, t[1]), x) - swap_a_tuple_argument((t[0] - h, t[1]), x)) / (2 * h),
              (swap_a_tuple_argument((t[0], t[1] + h), x) - swap_a_tuple_argument((t[0], t[1] - h), x)) / (2 * h)]
        np.testing.assert_allclose(g, fd, rtol=1e-6)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="new tuple inside a branch or loop.*lengths differ"):
        s2sad.grad(grown_tuple_argument)(t, 1.3)
