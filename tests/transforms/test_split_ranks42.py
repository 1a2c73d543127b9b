"""A recursive call whose argument comes from another recursive function's tuple result
(det40's repro/chain_rank_none.py, stop 42): the argument's rank is not known while the caller
is built first (the callee's results' ranks come with its own build), which ``Split.note``
called a disagreement ("gets rank None here and rank 0 at another call"). It is now an unknown
the group's next build settles; a real disagreement is still refused. Recursion is reverse
mode only (grad, vjp; jvp and hvp refuse it, as before)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_vjp
from test_recursion import pair      # (a tuple result, unpacked by the caller)

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


def chain(x, n):
    if n == 0:
        return x * x
    a, b = pair(x, 2)
    return chain(a * 0.5, n - 1) + b


def chain_top(x):
    return chain(x, 3)


def vec_pair(v, n):
    if n == 0:
        return v, np.sum(v)
    w, s = vec_pair(np.sin(v), n - 1)
    return w * 0.5, s + v[0]


def vec_chain(v, n):
    if n == 0:
        return np.sum(v ** 2)
    w, s = vec_pair(v, 2)
    return vec_chain(w + 0.1 * v, n - 1) * 0.9 + s


def vec_top(v):
    return vec_chain(v, 2)


def mixed(x, n):
    if n == 0:
        return x * 2.0
    w, s = vec_pair(np.array([x, 2.0 * x]), 1)
    return mixed(w, n - 1)        # a vector where the caller passes a number


def mixed_top(x):
    return np.sum(mixed(x, 2))


@pytest.mark.parametrize("jit", JIT)
def test_number_from_a_tuple_result(jit):
    check_grad(chain_top, 0.6, jit=jit)
    check_grad(chain_top, -1.1, jit=jit)
    check_vjp(chain_top, 0.6, dout=-2.5, jit=jit)


@pytest.mark.parametrize("jit", JIT)
def test_vector_from_a_tuple_result(jit):
    v = np.array([0.3, -0.4, 0.8])
    check_grad(vec_top, v, jit=jit)
    check_vjp(vec_top, v, dout=0.7, jit=jit)


def test_forward_mode_keeps_the_recursion_refusal():
    """(recursion is differentiated in reverse mode only; jvp/hvp refuse it, located)"""
    with pytest.raises(s2sad.S2sadError, match="reverse mode only"):
        s2sad.jvp(chain_top)(0.6, 1.0)


def test_a_real_disagreement_is_still_refused():
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(mixed_top)(0.6)
    assert "mixed(w, n - 1)" in str(e.value) and "gets rank 1 here and rank 0" in str(e.value)
