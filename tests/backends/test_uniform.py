"""Uniform adjoints carried as one number under jit=True (s2sad/backends/uniform.py): the
adjoint of a sum, ``np.full(shape, dout)``, scaled by numbers in a loop, is a number and a shape
until it is returned; each case is checked against finite differences and the pure-Python
adjoint (which the rewrite never touches), on both sides of every condition it tests: scaled in a
data-dependent loop and a branch, read inside a loop, written into, shared with another name."""
import numpy as np
import pytest

import s2sad
from benchmarks.workloads.mxnet_cf import mxnet_cf   # adjoint uniform through the loop and the branch
from s2sad.pipeline import build
from tests.backends.test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

pytest.importorskip("numba")
pytestmark = pytest.mark.jit


def read_in_a_loop(x, y):
    s = 0.0
    for i in range(3):
        s = s + np.sum(x) * y[i]      # the adjoint of x is read in the loop: stays an array
    return s


def written_into(x):
    return np.sum(x) + x[0] * x[0]    # b_x[0] += ... after the uniform seed: stays an array


def halved_and_negated(x):
    y = -(x / 4.0)
    return np.mean(y * 3.0) + np.sum(y)


def test_the_mxnet_adjoint_carries_one_number_through_the_loop_and_the_branch():
    text = build(mxnet_cf, ["a"], stop_after="jit", param_kinds={"a": 1})
    assert "b_b_each = b_b_each * 2" in text and "return t3, np.full(b_a_shape, b_a_each)" in text
    assert "b_b *= 2" not in text
    rng = np.random.default_rng(3)
    a = rng.normal(size=50)
    a = a if np.sum(a) > 0 else -a
    _same_as_python(mxnet_cf, a, wrt=0)          # the branch taken as is
    _same_as_python(mxnet_cf, -a, wrt=0)         # the branch that multiplies by 100


def test_a_uniform_adjoint_read_inside_a_loop_stays_an_array():
    text = build(read_in_a_loop, ["x", "y"], stop_after="jit", param_kinds={"x": 1, "y": 1})
    assert "_each" not in text
    rng = np.random.default_rng(4)
    _same_as_python(read_in_a_loop, rng.normal(size=5), rng.normal(size=3), wrt=(0, 1))


def test_a_uniform_adjoint_written_into_stays_an_array():
    text = build(written_into, ["x"], stop_after="jit", param_kinds={"x": 1})
    assert "b_x_each" not in text
    _same_as_python(written_into, np.random.default_rng(5).normal(size=4), wrt=0)


def test_scalings_by_numbers_and_negation_stay_exact():
    _same_as_python(halved_and_negated, np.random.default_rng(6).normal(size=(3, 4)), wrt=0)
    assert np.allclose(s2sad.grad(halved_and_negated, jit=True)(np.ones(2)), -0.25 * (1.5 + 1))
