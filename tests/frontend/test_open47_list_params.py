"""``list(xs)`` / ``[*xs]`` / ``xs[:]`` / ``xs.copy()`` of a helper's parameter that its call gives
a list or tuple (open47; the fuzzer's second most frequent refusal, 175). A helper is built on
its own, so its parameter was not proven a sequence and the copy was refused on main ("no
derivative rule for `list`", or "appending to the list `ys` made here by something other than a
list display"). The call site knows what it passes (``analyses/sequence_args.py``); the copy is
then the comprehension ``[v for v in xs]`` (``frontend/param_copies.py``), which the later stages
follow (appends, ``insert``, ``pop``). A parameter given anything else keeps its refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_checkpointed, check_modes


def score_list(xs, s):
    ys = list(xs)
    ys.append(s * np.sum(xs[0]))
    return np.sum(sum(ys))


def score_list2(xs, s):
    ys = list(xs)
    ys[-1] = s - ys[-1]
    ys.insert(0, s)
    return sum(ys) * 0.5 + xs[0]


def push_eval(xs, s):
    ys = [*xs]
    ys.append(s)
    return sum(ys) + xs[0]


def pop_last(xs, s):
    ys = xs[:]
    last = ys.pop()
    return s * last + sum(ys)


def copied(xs, s):
    ys = xs.copy()
    ys.append(s * s)
    return sum(ys)


def arrays(x):
    return score_list([np.maximum(x, 0.5 * x), x % 1.0, x], x[0])


def numbers(x):
    return score_list2([x[0] * 2.0, x[1]], np.linalg.norm(x))


def a_tuple(x):
    return push_eval((np.sin(x[0]), x[1] * x[2]), x[2])


def named_list(x):
    vals = [x[0] * x[1], np.cos(x[2])]
    vals.append(x[1] ** 2)
    return pop_last(vals, x[0]) + copied(vals, x[2])


def list_and_tuple(x):
    """One helper, given a list at one call and a tuple at the other."""
    return push_eval([x[0], x[1]], x[2]) * push_eval((x[2], x[0] * 3.0), x[1])


def in_a_loop(x):
    acc = 0.0
    for k in range(3):
        acc = acc + score_list([x * (k + 1.0), np.sin(x)], x[k])
    return acc


X = np.array([0.3, -0.7, 1.1])
V = np.array([0.7, -0.2, 0.4])
CASES = [arrays, numbers, a_tuple, named_list, list_and_tuple, in_a_loop]
IDS = [f.__name__ for f in CASES]


@pytest.mark.parametrize("fn", CASES, ids=IDS)
def test_exact(fn):
    check_modes(fn, X, V)


def test_checkpointed_loop():
    check_checkpointed(in_a_loop, X)


@pytest.mark.jit
@pytest.mark.parametrize("fn", [numbers, named_list], ids=["numbers", "named_list"])
def test_jit(fn):
    check_grad(fn, X, jit=True)


# a parameter not surely given a list keeps its refusal, located

def given_an_array(x):
    return push_eval(np.sin(x), x[0])


def rebinds_it(xs, s):
    xs = xs
    ys = list(xs)
    ys.append(s)
    return sum(ys)


def param_rebound(x):
    return rebinds_it([x[0], x[1]], x[2])


@pytest.mark.parametrize("fn", [given_an_array, param_rebound])
def test_others_stay_refused_located(fn):
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(fn)(X.copy())
    assert __file__ in str(e.value)
