"""``wrt="args"`` when a call passes no extra positional arguments (args48's open item): ``args``
is then the empty tuple, which was refused as "a tuple; s2sad differentiates with respect to a
float or a NumPy array" — untrue, since the same ``wrt`` differentiates ``args`` when it holds
values. The gradient of an empty tuple is the empty tuple, as ``wrt="kw"`` given no keywords
gives ``{}`` (``arguments.wrt_value``)."""
import numpy as np

import s2sad
from s2sad.testing import check_grad


def f(x, *args, k=1.0):
    s = np.sum(x ** 3) * k
    for a in args:
        s = s + np.sum(a * np.sin(x))
    return s


def counted(x, t):
    return np.sum(x ** 2) * (len(t) + 1.0)


X = np.array([0.3, -0.7])


def test_no_extra_arguments_gives_an_empty_tuple():
    assert s2sad.grad(f, wrt="args")(X.copy()) == ()
    value, g = s2sad.value_and_grad(f, wrt="args")(X.copy(), k=2.0)
    assert g == () and value == f(X.copy(), k=2.0)
    assert s2sad.vjp(f, wrt="args")(X.copy(), 1.0) == ()


def test_with_x_the_gradient_of_x_is_exact():
    gx, gargs = s2sad.grad(f, wrt=("x", "args"))(X.copy())
    assert gargs == ()
    check_grad(f, X.copy())
    np.testing.assert_allclose(gx, 3 * X ** 2, rtol=1e-12)


def test_an_empty_tuple_argument():
    gx, gt = s2sad.grad(counted, wrt=(0, 1))(X.copy(), ())
    assert gt == ()
    np.testing.assert_allclose(gx, 2 * X, rtol=1e-12)


def test_the_same_gradient_then_given_extra_arguments():
    g = s2sad.grad(f, wrt="args")
    assert g(X.copy()) == ()
    (ga,) = g(X.copy(), np.array([1.0, 2.0]))
    np.testing.assert_allclose(ga, np.sin(X), rtol=1e-12)
