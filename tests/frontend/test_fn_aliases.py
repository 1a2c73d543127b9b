"""frontend/fn_aliases.py: a local name bound once, at the top of the function, to a global
function (``act = np.tanh``, ``step = helper``) is that function; other functions held in
variables stay refused (s2sad must know which function a call runs)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_grad, check_jvp

norm = np.linalg.norm


def relu(z):
    return np.maximum(z, 0.0)


def activation_bound_once(x):
    act = np.tanh
    h = act(x * 1.5)
    return np.sum(act(h) ** 2)


def helper_bound_once(x):
    step = relu
    nrm = norm
    h = step(x * 2.0 - 0.5)
    return np.sum(step(h - 0.25)) + nrm(x)


def chosen_at_run_time(x, smooth=True):
    act = np.tanh if smooth else relu
    return np.sum(act(x))


def bound_in_a_branch(x):
    if x[0] > 0:
        act = np.tanh
    else:
        act = np.sin
    return np.sum(act(x))


X = np.array([0.3, -0.7, 1.1, 0.05])


@pytest.mark.parametrize("jit", [False, True])
def test_a_function_bound_once_is_called_by_its_name(jit):
    """Both were refused ('a function chosen while the code runs'). Failed before."""
    check_grad(activation_bound_once, X, jit=jit)
    check_grad(helper_bound_once, X, jit=jit)


def test_forward_mode_too():
    check_jvp(activation_bound_once, X, tangent=np.array([1.0, 0.5, -0.25, 2.0]))


@pytest.mark.parametrize("f", [chosen_at_run_time, bound_in_a_branch], ids=lambda f: f.__name__)
def test_a_function_chosen_at_run_time_stays_refused(f):
    with pytest.raises(NoDerivativeError, match=r"(?s)test_fn_aliases\.py\", line \d+.*chosen while the code runs"):
        s2sad.grad(f)(X)
