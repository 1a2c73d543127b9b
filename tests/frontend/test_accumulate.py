"""``itertools.accumulate`` read at once is the loop it runs (``frontend/accumulate.py``, stop 42).

Before: every use was refused ("no derivative rule for `accumulate`", rules40 repro/itacc.py).
Each form is checked against finite differences in grad, jvp and hvp, jit off and on, and
against autograd; an iterator kept for later keeps a located refusal with its reason."""
import itertools
import operator
from itertools import accumulate

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

X = np.array([0.3, -0.7, 1.1])
T = np.array([1.0, -2.0, 0.5])


def _helper(a, b):
    return a * 0.5 + np.sin(b)


def summed(x):
    return sum(itertools.accumulate([x[0], x[1], x[2]]))


def listed_lambda(x):
    rows = list(accumulate([x[:2], x[1:], x[::2]], lambda a, b: a * b + 0.1))
    return np.sum(np.array(rows) ** 2)


def loop_with_initial(x):
    s = 0.0
    for v in accumulate(x, _helper, initial=1.0):
        s = s + v * v
    return s


def operator_product(x):
    ys = list(accumulate(x, operator.mul))
    return ys[-1] + 0.5 * ys[1]


def generator_keyword(x):
    t = list(accumulate((x * k for k in range(1, 4)), func=np.maximum))
    return np.sum(t[2] * t[1])


def running_max(x):
    return max(accumulate(np.sin(x)))


def empty_items(x):
    return sum(accumulate(x[:0]), 0.0) + np.sum(x ** 2)


def kept_iterator(x):
    it = itertools.accumulate(x)
    return sum(it)


EXACT = [summed, listed_lambda, loop_with_initial, operator_product, generator_keyword, running_max, empty_items]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", EXACT, ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp", "hvp"])
def test_accumulate_is_exact(mode, f, jit):
    """One mode a case: jit cases whose mode compiles nothing the others do not are in the jit
    tier (tests/jit_tier.py, WHY51)."""
    if mode == "grad":
        check_grad(f, X, jit=jit)
    elif mode == "jvp":
        check_jvp(f, X, tangent=T, jit=jit)
    else:
        check_hvp(f, X, v=T, jit=jit)


@pytest.mark.parametrize("f", [summed, listed_lambda, operator_product], ids=lambda f: f.__name__)
def test_accumulate_against_autograd(f):
    check_against_autograd(f, X)


def test_kept_iterator_is_refused_with_its_reason():
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(kept_iterator)(X)
    msg = str(e.value)
    assert "it = itertools.accumulate(x)" in msg and "kept as an iterator" in msg
    assert "list(itertools.accumulate(...))" in msg
