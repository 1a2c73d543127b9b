"""Indices into a list that grows (frontend/list_index.py): made absolute where the primal reads
them, so the reverse sweep reaches the element read (the gradients themselves are checked in
tests/corpus/test_soundness.py); what cannot be made so is refused at its line."""
import inspect
import re

import numpy as np
import pytest

import s2sad
from s2sad import UnsupportedSyntaxError
from s2sad.testing import check_grad


def loop_appends_to_its_list(x):
    L = [x]
    for v in L:
        if len(L) < 4:
            L.append(v * 1.5)
    return sum(L)


def enumerate_appends_to_its_list(x):
    L = [x]
    for i, v in enumerate(L):
        if i < 3:
            L.append(v * 1.5)
    return sum(L)


def reversed_step_of_a_growing_list(x):
    L = [x]
    for k in range(3):
        L.append(L[-1] * 1.5)
        s = sum(L[::-1])
    return s


def index_from_a_call(x):
    L = [x]
    for k in range(3):
        L.append(L[round(-1.2)] * 1.5)
    return L[-1]


def sliding_window(x):
    window = []
    total = 0.0
    for v in x:
        window.append(v)
        if len(window) > 3:
            window = window[1:]
        total += np.log(np.sum(np.exp(np.array(window))))
    return total


def _energy(hist):
    return np.sum(np.array(hist) ** 2)


def growing_list_to_a_helper(x):
    L = []
    total = 0.0
    for v in x:
        L.append(v)
        total += _energy(L)
    return total


def _line_of(msg, func, marker):
    lines, first = inspect.getsourcelines(func)
    k = next(i for i, line in enumerate(lines) if marker in line)
    m = re.search(r'File "([^"]+)", line (\d+), column (\d+)', msg)
    return m and m.group(1).endswith("test_list_index.py") and int(m.group(2)) == first + k


@pytest.mark.parametrize("func, marker, words", [
    (loop_appends_to_its_list, "for v in L", "while its body appends"),
    (enumerate_appends_to_its_list, "for i, v in enumerate(L)", "while its body appends"),
    (reversed_step_of_a_growing_list, "s = sum(L[::-1])", "a slice with this step"),
    (index_from_a_call, "L.append(L[round", "Compute the index into a name"),
    (sliding_window, "window = window[1:]", "Start it as a display"),   # was a ValueError in the adjoint
    (growing_list_to_a_helper, "total += _energy(L)", "Pass a copy of the elements so far (`L[:]`)"),
])
def test_refused_at_the_line(func, marker, words):
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(func)(np.array([0.3, -0.5, 1.1, 0.7]) if func in (sliding_window, growing_list_to_a_helper)
                         else 1.0)
    assert words in str(info.value) and _line_of(str(info.value), func, marker), str(info.value)


def while_over_a_growing_list(x):
    L = [x]
    i = 0
    while i < len(L):
        if len(L) < 4:
            L.append(L[i] * 1.5)
        i += 1
    return sum(L)


def reads_in_a_while_test(x):
    L = [x]
    while L[-1] < 5.0:
        L.append(L[-1] * 1.5 + 0.1)
    return L[-1] + L[-2]


@pytest.mark.parametrize("jit", [False, True])
def test_the_suggested_while_loop_works(jit):
    check_grad(while_over_a_growing_list, 1.0, jit=jit)
    check_grad(reads_in_a_while_test, 1.0, jit=jit)


def test_out_of_range_still_raises_like_python():
    def first_of_empty(x):
        L = []
        for k in range(2):
            y = L[-1]
            L.append(x)
        return y
    with pytest.raises(IndexError):
        first_of_empty(1.0)
    with pytest.raises(IndexError):
        s2sad.grad(first_of_empty)(1.0)
