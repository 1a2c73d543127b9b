"""A differentiated list argument (autograd users' ``params = [(W1, b1), (W2, b2)]``).

On main ``grad(loss)(params, X, T)`` refused the list ("pass np.array(...), or one argument per
value"), though the same tuple worked. A list is now read as the tuple of its items when the function,
and every helper it is passed to, only reads it (``frontend/tuple_params.read_only_lists``), and the
gradient comes back as a list; anything that would change the caller's list in Python
(``append``, ``ps[0] = w``, ``ps += [w]``, in the function or in a helper), joins it or rebinds it
is refused at its line."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError


def neural_net_predict(params, inputs):      # autograd's examples/neural_net.py, as written there
    for W, b in params:
        outputs = np.dot(inputs, W) + b
        inputs = np.tanh(outputs)
    return outputs


def loss(params, inputs, targets):
    return np.sum((neural_net_predict(params, inputs) - targets) ** 2)


def stacked(ps, x):
    return np.sum(np.stack(ps) * x) + np.sum(ps[-1] ** 2) * len(ps)


def appended(ps, x):
    ps.append(x)
    return np.sum(ps[-1] * ps[0])


def add_layer(ps, x):
    ps.append(x)
    return 0.0


def appended_in_helper(ps, x):
    add_layer(ps, x * 2.0)
    return np.sum(ps[-1] * ps[0])


def augmented(ps, x):
    ps += [x]
    return np.sum(ps[-1] * ps[0])


def joined(ps, x):
    qs = ps + [x]
    return np.sum(qs[-1] * qs[0])


def item_written(ps, x):
    ps[0] = x
    return np.sum(ps[0] * ps[1])


def fd_list(f, ps, *rest, h=1e-6):
    """Central differences in every array of the (nested) list ``ps``."""
    flat = [a for item in ps for a in (item if isinstance(item, tuple) else (item,))]

    def rebuilt(values):
        it = iter(values)
        return [tuple(next(it) for _ in item) if isinstance(item, tuple) else next(it) for item in ps]
    grads = []
    for k, a in enumerate(flat):
        g = np.zeros_like(a)
        for i in np.ndindex(a.shape):
            up, down = [v.copy() for v in flat], [v.copy() for v in flat]
            up[k][i] += h
            down[k][i] -= h
            g[i] = (f(rebuilt(up), *rest) - f(rebuilt(down), *rest)) / (2 * h)
        grads.append(g)
    return grads


def test_autograds_neural_net_example():
    rng = np.random.default_rng(0)
    params = [(rng.normal(size=(3, 4)), rng.normal(size=4)), (rng.normal(size=(4, 1)), rng.normal(size=1))]
    X, T = rng.normal(size=(5, 3)), rng.normal(size=(5, 1))
    before = [a.copy() for item in params for a in item]
    g = s2sad.grad(loss)(params, X, T)
    assert type(g) is list and all(type(item) is tuple for item in g)
    for got, want in zip([a for item in g for a in item], fd_list(loss, params, X, T)):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)
    assert len(params) == 2 and all(np.array_equal(a, b) for a, b in zip([a for i in params for a in i], before))


def test_a_list_given_to_numpy_and_len():
    ps = [np.array([1.0, 2.0]), np.array([0.5, -1.0])]
    x = np.array([0.3, 0.7])
    value, g = s2sad.value_and_grad(stacked)(ps, x)
    assert value == pytest.approx(stacked(ps, x), rel=1e-12) and type(g) is list
    for got, want in zip(g, fd_list(stacked, ps, x)):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f,line_text", [(appended, "ps.append(x)"), (appended_in_helper, "ps.append(x)"),
                                         (augmented, "ps += [x]"), (joined, "qs = ps + [x]"),
                                         (item_written, "ps[0] = x")])
def test_what_would_change_or_join_the_callers_list_is_refused(f, line_text):
    ps = [np.array([1.0, 2.0]), np.array([0.5, -1.0])]
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(f)(ps, np.array([0.3, 0.7]))
    assert line_text in str(info.value) and "the list `ps`" in str(info.value)
    assert len(ps) == 2
