"""np.hstack / np.vstack / np.concatenate of an *array* (the sequence of its rows) rather
than a list: the gradient of the sequence is an array (fuzz campaign 300000, seed 300193:
it was a list of pieces, and the adjoint then failed with TypeError)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def joins_of_an_array(v):
    return np.sum(np.hstack(v) ** 2) + np.sum(np.vstack(v * 2.0) ** 3) + np.sum(np.concatenate(np.outer(v, v)))


def join_in_a_loop(b):
    vel = b * 0.5
    for _ in range(2):
        b = 0.9 * b + 0.1 * vel
    return np.amax(np.hstack(vel)) + np.mean(b)


@pytest.mark.parametrize("f", [joins_of_an_array, join_in_a_loop])
def test_join_of_an_array_python_mode(f):
    check_grad(f, np.array([-0.15, 1.31, -1.39]))


def test_join_of_an_array_under_jit_is_refused_or_right():
    v = np.array([-0.15, 1.31, -1.39])
    try:
        g = s2sad.grad(joins_of_an_array, jit=True)(v)
    except s2sad.S2sadError:
        return  # a clear refusal (JitError) is allowed; a wrong number is not
    np.testing.assert_allclose(g, s2sad.grad(joins_of_an_array)(v), rtol=1e-12)
