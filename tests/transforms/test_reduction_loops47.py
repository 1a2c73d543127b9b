"""Loops whose steps share only sum accumulators (transforms/reductions.py): reversed
step by step without a tape when they qualify, with it when they do not; exact either way."""
import numpy as np
import pytest

from s2sad import pipeline
from s2sad.testing import check_grad, check_vjp

X = np.random.default_rng(47).normal(size=(6, 3))
W = np.array([0.5, -1.0, 2.0])


def scalars(x, w):
    s = 0.0
    u = 1.0
    for i in range(x.shape[0]):
        y = np.sin(x[i] * w)
        z = y[0]
        for j in range(3):
            z = z * y[j] + w[j]
        s = s + np.sum(y * y)
        u -= z * w[1]
    return s * u


def _helper(v, w):
    return np.log(np.sum(np.exp(v * w)))


def helper_and_read_after(x, w):
    s = 0.0
    for i in range(x.shape[0]):
        s += _helper(x[i], w)
    return s * s + np.sum(w)


def read_in_body(x, w):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + np.sum(x[i] * w) * s
    return s


def product(x, w):
    s = 1.0
    for i in range(x.shape[0]):
        s = s * np.sum(x[i] * w)
    return s


def outer_write(x, w):
    out = np.zeros(x.shape[0])
    s = 0.0
    for i in range(x.shape[0]):
        out[i] = np.sum(x[i] * w)
        s = s + out[i]
    return s + np.sum(out * out)


def appends(x, w):
    ys = []
    s = 0.0
    for i in range(x.shape[0]):
        y = np.sum(x[i] * w)
        ys.append(y)
        s = s + y
    return s * ys[0]


def breaks(x, w):
    s = 0.0
    for i in range(x.shape[0]):
        y = np.sum(x[i] * w)
        if y > 5.0:
            break
        s = s + y * y
    return s


def local_read_after(x, w):
    s = 0.0
    y = 0.0
    for i in range(x.shape[0]):
        y = np.sum(x[i] * w)
        s = s + y * y
    return s + y


QUALIFY = [scalars, helper_and_read_after]
REFUSE = [read_in_body, product, outer_write, appends, breaks, local_read_after]


def _reduced(f):
    return "_loop1_reverse" in pipeline.build(f, ["w"], stop_after="optimize")


@pytest.mark.parametrize("f", QUALIFY)
def test_qualifying_loops_are_reduced_and_exact(f):
    assert _reduced(f)
    check_grad(f, X, W, wrt=(0, 1), reference="autograd")
    check_vjp(f, X, W, dout=1.7, wrt=1)


@pytest.mark.parametrize("f", REFUSE)
def test_other_loops_keep_their_tape_and_are_exact(f):
    assert not _reduced(f)
    check_grad(f, X, W, wrt=(0, 1))


def test_jit_sample():
    check_grad(scalars, X, W, wrt=(0, 1), jit=True)
