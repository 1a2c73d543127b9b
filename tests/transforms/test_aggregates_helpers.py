"""A dict handed to the user's helper whose result is not differentiated (or which is called
for its effect): the helper is inlined, as the aggregates stage takes every dict apart
(``transforms.dict_sources.dict_names``). Found by the fuzzer (campaign seed 10400098 on
459b525, ``python -m tests.fuzz --n 150 --seed 10400000 --jit off --only
tensors,indices,comprehensions,containers,nested``): the call was refused, in both modes,
as a use of the dict."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

U = np.array([0.1, -0.4, 0.7, 0.2])
D = {"W": np.linspace(-0.5, 0.6, 12).reshape(3, 4), "b": np.array([0.1, 0.2, -0.3])}


def dense(p, x):
    return np.tanh(p["W"] @ x + p["b"])


def reset(p, value):
    p["b"] = np.zeros(3) + value
    return 0.0


def local_dict_result_unused(u, tau):
    net = {"W": np.ones((3, 4)) * tau, "b": np.ones(3) * tau}
    q = dense(net, u)  # noqa: F841  (the result is not used: the point of the test)
    return np.sum(u ** 2) * tau


def param_dict_result_unused(d, u):
    q = dense(d, u)  # noqa: F841
    return np.sum(d["W"] ** 2) + np.sum(np.sin(u))


def dict_display_argument(u, tau):
    q = dense({"W": np.ones((3, 4)) * tau, "b": u[:3]}, u)  # noqa: F841
    return np.sum(u) * tau


def alias_of_dict(u, tau):
    net = {"W": np.ones((3, 4)) * tau, "b": np.ones(3)}
    other = net
    q = dense(other, u)
    return np.sum(u) * tau + float(q.shape[0])


def effect_on_dict(u, tau):
    net = {"W": np.outer(np.ones(3), u) * tau, "b": np.ones(3)}
    reset(net, 0.5)
    dense(net, u)
    return np.sum(np.tanh(net["W"] @ u + net["b"]))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [local_dict_result_unused, dict_display_argument, alias_of_dict, effect_on_dict],
                         ids=lambda f: f.__name__)
def test_local_dict_to_a_helper(f, jit):
    check_grad(f, U, 0.3, wrt=(0, 1), jit=jit)


@pytest.mark.parametrize("f", [local_dict_result_unused, dict_display_argument, effect_on_dict],
                         ids=lambda f: f.__name__)
def test_local_dict_to_a_helper_forward(f):
    check_jvp(f, U, 0.3, tangent=(np.array([0.3, 0.1, -0.2, 0.5]), 0.7), wrt=(0, 1))


def test_dict_parameter_to_a_helper():
    g = s2sad.grad(param_dict_result_unused, wrt=(0, 1))(D, U)
    assert np.allclose(g[0]["W"], 2 * D["W"]) and np.allclose(g[0]["b"], 0.0)
    assert np.allclose(g[1], np.cos(U))
    assert np.allclose(s2sad.jvp(param_dict_result_unused, wrt=1)(D, U, np.ones(4))[1], np.sum(np.cos(U)))
