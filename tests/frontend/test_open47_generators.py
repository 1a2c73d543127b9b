"""A generator expression kept in a name, read by ``next`` and then the rest at once (open47;
generators kept in a name were the fuzzer's fourth most frequent refusal, 98): ``g = (E for e in
xs); a = next(g); s = a + sum(g)`` was refused on main ("the generator expression kept in `g`").
``frontend/generator_nexts.py`` computes its items where it is written, reads them by index,
where nothing in between changes what it reads. Everything else keeps the refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_modes


def fuzz_form(theta):
    gen = (np.mean(theta[1:][[1, 0, 0, 1]]) * 2.0 + np.sin(e) for e in theta)
    alpha = next(gen)
    alpha = alpha + 0.5 * sum(gen)
    return alpha


def two_nexts(x):
    g = (a * x[0] for a in x if a > -5.0)
    u = next(g)
    v = next(g) * u
    return v + max(g)


def then_loop(x):
    g = (np.tanh(a) for a in x)
    first = next(g)
    tot = first
    for t in g:
        tot = tot * 0.5 + t
    return tot


def nexts_only(x):
    g = (np.exp(a) * a for a in x[1:])
    p = next(g)
    q = next(g)
    return p * q


X = np.array([0.3, -0.7, 1.1, 0.4, 0.9])
V = np.array([0.7, -0.2, 0.4, 0.1, -0.3])
CASES = [fuzz_form, two_nexts, then_loop, nexts_only]
IDS = [f.__name__ for f in CASES]


@pytest.mark.parametrize("fn", CASES, ids=IDS)
def test_exact(fn):
    check_modes(fn, X, V)


@pytest.mark.jit
@pytest.mark.parametrize("fn", [two_nexts, then_loop], ids=["two_nexts", "then_loop"])
def test_jit(fn):
    check_grad(fn, X, jit=True)


# what the generator reads changes between its reads, a read under a condition or in a loop

def changed_between(x):
    y = x.copy()
    g = (a * a for a in y)
    u = next(g)
    y[1] = 5.0
    return u + sum(g)


def conditional_next(x):
    g = (a * a for a in x)
    u = next(g) if x[0] > 0 else 0.0
    return u + sum(g)


def next_in_loop(x):
    g = (a * a for a in x)
    s = 0.0
    for _ in range(2):
        s = s + next(g)
    return s + sum(g)


@pytest.mark.parametrize("fn", [changed_between, conditional_next, next_in_loop])
def test_others_stay_refused_located(fn):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(fn)(X.copy())
    assert __file__ in str(e.value) and "generator expression kept in `g`" in str(e.value)
