"""``match`` statements of literal cases (hunt48's idiom axis: an activation chosen by name, a branch
by a mode number; refused on main: "a `match` statement"). ``frontend/match_ifs.py`` writes them
as ``if``/``elif``/``else`` with Python's tests (``==`` for values, ``is`` for None/True/False,
``or`` of alternatives, guards after their pattern, the subject evaluated once); sequence
patterns (which test a length and bind its items) stay refused, located."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_checkpointed, check_modes


def _act(name, v):
    match name:
        case "relu":
            return np.maximum(v, 0.0)
        case "tanh":
            return np.tanh(v)
        case "sq" | "square":
            return v * v
    return v


def by_index(x):
    total = 0.0
    for i in range(len(x)):
        match i % 3:
            case 0:
                total += x[i] ** 2
            case 1 if x[i] > 0:
                total += np.sin(x[i])
            case 1:
                total += 2 * x[i]
            case _:
                total -= x[i] * x[0]
    return total


def by_name(x):
    return np.sum(_act("relu", x) + _act("tanh", x) * _act("square", x) + _act("id", x))


def singleton_and_nested(x):
    mode = None
    s = 0.0
    match mode:
        case None:
            match len(x):
                case 3:
                    s = np.sum(x ** 3)
                case _:
                    s = np.sum(x)
        case True:
            s = 1.0
    return s


X = np.array([0.3, -0.7, 1.1, 0.4, -0.2])
V = np.array([0.7, -0.2, 0.4, 0.1, 0.5])
CASES = [by_index, by_name, singleton_and_nested]
IDS = [f.__name__ for f in CASES]


@pytest.mark.parametrize("fn", CASES, ids=IDS)
def test_exact(fn):
    check_modes(fn, X, V)


def test_checkpointed_loop():
    check_checkpointed(by_index, X)


@pytest.mark.jit
def test_jit():
    check_grad(by_index, X, jit=True)


def captures(x):
    match x.shape:
        case (n,):
            return np.sum(x) * n
    return 0.0


def test_capture_patterns_stay_refused_located():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(captures)(X.copy())
    assert __file__ in str(e.value) and "match" in str(e.value)
