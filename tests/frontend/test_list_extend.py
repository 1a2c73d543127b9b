"""frontend/list_extend.py: ``L.extend([a, b])`` and ``L += [a, b]`` on a local list are the
appends Python makes (the items evaluated first); anything else keeps its refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def grown(x):
    L = [x[0]]
    L.extend([x[1], x[2]])
    L += [x[0] * x[1]]
    L += (L[-1] * 2.0, L[0] + L[-1])     # the items read L before it grows
    L.extend((L[-1] ** 2,))
    return L[1] * L[3] + L[2] * L[4] + L[5] * L[-1]


def in_a_loop(x):
    pairs = []
    for i in range(len(x) - 1):
        pairs.extend([x[i] * x[i + 1], np.sin(x[i])])
    total = 0.0
    for v in pairs:
        total = total + v * v
    return total


def rows(x):
    out = []
    for i in range(3):
        out += [x * i, np.cos(x) * i]
    return np.sum(np.array(out) ** 2)


X = np.array([1.5, -0.3, 2.0, 0.4])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_extends_are_appends(jit):
    """Refused before (`L.extend(...)` whose result is discarded; `+` of Python lists)."""
    ref = None if jit else "autograd"
    check_grad(grown, X[:3], jit=jit, reference=ref)
    check_grad(in_a_loop, X, jit=jit, reference=ref)
    check_grad(rows, X[:2], jit=jit, reference=ref)


def test_forward_mode():
    check_jvp(grown, X[:3], tangent=np.array([1.0, -2.0, 0.5]))
    check_jvp(rows, X[:2], tangent=np.array([1.0, -2.0]))


def a_parameter(x, L):
    L.extend([x, x * 2.0])
    return L[-1] * x


def not_a_display(x):
    L = [x]
    L.extend(np.sin([x, x]))
    return L[-1] * x


def rebound(x):
    L = [x]
    L = np.array([x, x])
    L += [1.0, 2.0]                      # an array: `+=` adds element by element
    return np.sum(L * x)


@pytest.mark.parametrize("f, args", [(a_parameter, (0.7, [1.0])), (not_a_display, (0.7,)), (rebound, (0.7,))])
def test_what_is_not_proven_a_local_list_extended_by_a_display_stays_refused(f, args):
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(f)(*args)
