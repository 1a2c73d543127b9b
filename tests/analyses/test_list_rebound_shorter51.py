"""A list rebound, in a branch or a loop, to a list of another length (a display or a helper's
returned list): the zero its gradient restarts from is shaped like the list it held at the
matching point of the forward sweep (s2sad/analyses/shape_keep.py keeps lists too). The
reverse sweep had shaped it like the final, shorter list: IndexError inside s2sad's adjoint."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp


def swap(L, t):
    return [L[1] * t, L[0]]


def shorter_in_a_branch(x):
    L = [x[0], x[1], x[3]]
    if x[2] < 0:
        L = swap(L, x[2])
    return L[-1] * 2 + L[0]


def display_in_a_branch(x):
    L = [x[0], x[1], x[3]]
    y = L[2]
    if x[2] < 0:
        L = [x[1] * x[2], x[0]]
    return L[-1] * 2 + L[0] + y


def lengths_alternate_in_a_loop(x):
    L = [x[0], x[1], x[3]]
    for i in range(3):
        if i == 1:
            L = swap(L, x[2])
        elif len(L) == 2:
            L = [L[0] * x[2], L[1], L[0]]
        else:
            L = [L[1], L[2] * x[0], L[0]]
    return L[-1] * 2 + L[0]


def branch_in_a_loop(x):
    L = [x[0], x[1], x[3]]
    for _ in range(2):
        if x[2] < 0:
            L = swap(L, x[2])
        else:
            L = [L[0] * x[2], L[1], L[0]]
    return L[-1] * 2 + L[0]


FUNCS = [shorter_in_a_branch, display_in_a_branch, lengths_alternate_in_a_loop, branch_in_a_loop]
XS = [np.array([1.0, 2.0, -3.0, 4.0]), np.array([1.0, 2.0, 3.0, 4.0])]   # the branch taken, and not


@pytest.mark.parametrize("f", FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", XS, ids=["taken", "not_taken"])
def test_grad_and_jvp(f, x):
    check_grad(f, x)
    check_jvp(f, x, tangent=np.array([0.3, -0.7, 0.2, 1.1]))


@pytest.mark.parametrize("f", [shorter_in_a_branch, lengths_alternate_in_a_loop], ids=lambda f: f.__name__)
def test_jit(f):
    for x in XS:
        check_grad(f, x, jit=True)
