"""A tuple kept as the state of a ``checkpoint=K`` loop under jit=True is refused by numba (the
drivers snapshot the state as an array, the loop makes a tuple): the JitError advised "start it
as an array of its final shape (`s = np.zeros(...)`, not `s = 0.0`)", which does not fit a tuple.
It then named the tuple and the two forms that compile (backends/jit_errors.py), both checked here;
since stop 53 the tuple state compiles too."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.7, -0.4, 1.1])


def tuple_state(x):
    s = (x[0], x[1])
    for _ in range(6):
        s = (s[0] + 0.1 * s[1], s[1] - 0.1 * np.sin(s[0]))
    return s[0] ** 2 + s[1] * x[2]


def separate_variables(x):
    p, v = x[0], x[1]
    for _ in range(6):
        p, v = p + 0.1 * v, v - 0.1 * np.sin(p)
    return p ** 2 + v * x[2]


def array_state(x):
    s = np.array([x[0], x[1]])
    for _ in range(6):
        s = np.array([s[0] + 0.1 * s[1], s[1] - 0.1 * np.sin(s[0])])
    return s[0] ** 2 + s[1] * x[2]


def _checkpointed(f, wrt=0, jit=False):
    return s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2)


@pytest.mark.jit
def test_the_tuple_state_itself_compiles_since_stop_53():
    """(jit53: the drivers snapshot a tuple state as a tuple, and its step keeps it whole:
    ``tests/transforms/test_checkpoint_tuple_state_jit53.py``.)"""
    check_grad(tuple_state, X, grad_fn=_checkpointed)
    check_grad(tuple_state, X, jit=True, grad_fn=_checkpointed)


@pytest.mark.jit
@pytest.mark.parametrize("f", [separate_variables, array_state], ids=lambda f: f.__name__)
def test_the_advised_forms_compile_and_are_exact(f):
    check_grad(f, X, jit=True, grad_fn=_checkpointed)
