"""checkpoint=K of a loop whose body calls a helper appending twice per step to a list (stop 50,
issue 8): the step's adjoint zeroed the list's gradient at the list's length at the end of the
replayed step (the helper's parameter is the caller's list under another name, rebound back),
while the gradient it was given had the length of the whole run: AdjointFailedError ("operands
could not be broadcast together with shapes (12,) (10,)") on main. The gradient a step's adjoint
takes is now cut to the list's length at the end of the step (``grad_list.cut``)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.3, -0.2])


def push_two(acc, v):
    acc.append(v)
    acc.append(v * 0.5)


def helper_appends_twice(x):
    acc = []
    h = x[0]
    for i in range(6):
        h = np.tanh(h * 1.1 + x[1])
        push_two(acc, h)
    return sum(acc) * h


def started_list(x):
    acc = [x[0] * 0.0]
    h = x[0]
    for i in range(5):
        h = np.tanh(h * 1.1 + x[1])
        push_two(acc, h * h)
    return sum(acc) * h + acc[3]


@pytest.mark.parametrize("K", [2, 3])
def test_helper_appending_twice_per_step(K):
    check_grad(helper_appends_twice, X.copy(),
               grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=K))


@pytest.mark.parametrize("jit", [False, True])
def test_list_started_with_an_item(jit):
    check_grad(started_list, X.copy(), jit=jit,
               grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2))
