"""Indices into a list that grows (frontend/list_index.py): made absolute where the primal reads
them, so the reverse sweep reaches the element read (the gradients themselves are checked in
tests/test_soundness.py); what cannot be made so is refused at its line."""
import inspect
import re

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
])
def test_refused_at_the_line(func, marker, words):
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(func)(1.0)
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
