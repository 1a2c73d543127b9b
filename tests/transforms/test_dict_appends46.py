"""Loops over a dict (``for k in d``, ``d.values()``, ``d.items()``) that append to a list,
comprehensions and generator expressions over them included: each copy of the unrolled body
lost its append's note (transforms/dict_loops.copy_statement), so the append became an unknown
call receiving a differentiated value and ordinary code was refused, naming internal names
(`comp.append(...)`, `t7_2`). Checked against finite differences in grad, vjp, jvp, hvp and
checkpoint=2, under jit=True on a sample, and against autograd."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_vjp

X = np.array([0.3, -0.2, 0.5, 0.1])


def comp_values(x):
    p = {"a": x[:3], "b": x[3:], "c": x[1:3]}
    ms = [np.mean(v * v) for v in p.values()]
    return ms[0] + ms[2] * 2.0


def gen_items(x):
    p = {"a": x[:3], "bb": x[3:], "c": x[1:3]}
    return sum(np.mean(v) * len(k) for k, v in p.items())


def gen_keys(x):
    p = {"a": x[:3], "b": x[3:], "c": x[1:3]}
    return sum(np.mean(p[k] ** 2) for k in p)


def append_in_loop(x):
    p = {"w": x[:2] * 2.0, "b": x[2:]}
    out = []
    for k in p:
        out.append(np.sum(np.sin(p[k])))
    return out[0] * out[1]


def append_values_same_shape(x):
    p = {"a": x[:2], "b": x[2:]}
    rows = []
    for v in p.values():
        rows.append(v * v)
    return np.sum(np.stack(rows) * np.array([[1.0, 2.0], [3.0, 4.0]]))


CASES = [comp_values, gen_items, gen_keys, append_in_loop, append_values_same_shape]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_grad_vjp_checkpoint(f):
    check_grad(f, X)
    check_vjp(f, X, dout=0.6)
    check_grad(f, X, grad_fn=lambda g, wrt, jit: s2sad.grad(g, wrt=wrt, jit=jit, checkpoint=2))


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_forward_and_second_order(f):
    v = np.array([0.7, -1.1, 0.4, 0.9])
    h = 1e-6
    _, d = s2sad.jvp(f)(X, v)
    np.testing.assert_allclose(d, (f(X + h * v) - f(X - h * v)) / (2 * h), rtol=1e-6, atol=1e-8)
    g = s2sad.grad(f)
    hv = s2sad.hvp(f)(X, v)
    np.testing.assert_allclose(hv, (g(X + 1e-5 * v) - g(X - 1e-5 * v)) / 2e-5, rtol=1e-5, atol=1e-7)


def test_against_autograd():
    def ref(x):
        p = {"a": x[:3], "b": x[3:], "c": x[1:3]}
        ms = [anp.mean(v * v) for v in p.values()]
        return ms[0] + ms[2] * 2.0
    np.testing.assert_allclose(s2sad.grad(comp_values)(X), autograd.grad(ref)(X), rtol=1e-13)


@pytest.mark.jit
def test_jit():
    check_grad(append_in_loop, X, jit=True)
