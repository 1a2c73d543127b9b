"""Lists of functions made in a loop and called after it (open47; with other lambdas and nested
functions used as values, the fuzzer's third most frequent refusal, 189): ``fs.append(g)`` of a
nested function or ``fs.append(lambda s, c=c: ...)``, then ``for fn in fs: tot += fn(x)`` — all
refused on main ("the nested function `g` used as a value", "a lambda used as a value").
``frontend/function_lists.py`` keeps in ``fs`` what tells the functions apart (their defaults)
and calls the one ``def`` with them; late-binding names are read when called, as in Python. A
list holding different functions, or passed on, keeps its located refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_checkpointed, check_modes


def defaults(x):
    fs = []
    for k in range(3):
        c = x[0] * (k + 1.0)

        def g_k(s_, c=c):
            return c * np.sin(s_) + x[1] * s_
        fs.append(g_k)
    tot = 0.0
    for fn in fs:
        tot = tot + fn(x[2])
    return tot


def late_binding(x):
    """Every lambda reads the last ``c`` when called (Python's late binding)."""
    fs = []
    for k in range(3):
        c = x[0] * (k + 1.0)
        fs.append(lambda s_: c * np.sin(s_) + s_ * s_)
    tot = 0.0
    for fn in fs:
        tot = tot + fn(x[2])
    return tot


def two_defaults(x):
    fs = []
    for k in range(4):
        c = x[1] * (k + 1.0)
        fs.append(lambda s_, c=c, d=k: c + d * np.sin(s_))
    return sum(fn(x[0]) for fn in fs) + fs[1](x[2]) * len(fs)


def late_def(x):
    fs = []
    for k in range(3):
        c = np.tanh(x[k])

        def term(s_):
            return c * s_ + np.cos(c * s_)
        fs.append(term)
    vals = [fn(x[0]) for fn in fs]
    return vals[0] * vals[2]


X = np.array([0.3, -0.7, 1.1])
V = np.array([0.7, -0.2, 0.4])
CASES = [defaults, late_binding, two_defaults, late_def]
IDS = [f.__name__ for f in CASES]


@pytest.mark.parametrize("fn", CASES, ids=IDS)
def test_exact(fn):
    check_modes(fn, X, V)


@pytest.mark.parametrize("fn", [defaults, late_binding], ids=["defaults", "late_binding"])
def test_checkpointed_loops(fn):
    check_checkpointed(fn, X)


@pytest.mark.jit
@pytest.mark.parametrize("fn", [defaults, two_defaults], ids=["defaults", "two_defaults"])
def test_jit(fn):
    check_grad(fn, X, jit=True)


# different functions in one list, a list passed on, a function kept after: refused, located

def two_functions(x):
    fs = []
    fs.append(lambda s_: np.sin(s_))
    fs.append(lambda s_: np.cos(s_))
    return sum(fn(x[0]) for fn in fs)


def _apply_all(fs, v):
    return sum(fn(v) for fn in fs)


def passed_on(x):
    fs = []
    for k in range(2):
        fs.append(lambda s_, k=k: k * s_)
    return _apply_all(fs, x[0])


def kept(x):
    fs = []
    for k in range(2):
        fs.append(lambda s_, k=k: k * s_ * x[1])
    g = None
    for fn in fs:
        g = fn
    return g(x[0])


@pytest.mark.parametrize("fn", [two_functions, passed_on, kept])
def test_others_stay_refused_located(fn):
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(fn)(X.copy())
    assert __file__ in str(e.value) and "value" in str(e.value)
