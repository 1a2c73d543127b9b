"""``checkpoint=K`` of a loop that reads a list the function appends to after the loop (fuzz49:
campaign 49200000, seed 49200125, minimized by hand).

The loop's reverse driver starts the list's gradient from zeros shaped like the list the loop read
(restored from the tape), which is shorter than the list's gradient in the caller, kept at the final
length (indices of a list that grows are absolute): adding the two raised "operands could not be
broadcast together" inside the generated code (an internal error reported as AdjointFailedError; the
same function without ``checkpoint`` was exact). Now the loop's gradient is laid into the first items
(``grad_list.leading``). Checked against finite differences for lists of arrays (one array as the
gradient), of numbers and of arrays of different shapes (a GradList), K = 1, 2, 3.
"""
import numpy as np
import pytest

import s2sad


def arrays(c):
    ys = [c * np.ones(2), np.ones(2)]
    u = c
    for count in range(3):
        u = u * ys[-1][0] + np.sin(ys[0][1])
    ys.append(c * np.ones(2))
    return u + ys[-1][1]


def numbers(c):
    ys = [c, 2.0 * c]
    u = 0.5
    for k in range(3):
        u = u * np.tanh(ys[-1]) + ys[0] * k
    ys.append(c * c)
    ys.append(np.cos(c))
    return u + ys[-1] * ys[2]


def ragged(c):
    ys = [c * np.ones(2), np.array([c, 1.0, c * c])]
    u = c
    for k in range(2):
        u = u * np.sum(ys[-1]) * 0.5 + ys[0][0]
    ys.append(np.sin(c) * np.ones(4))
    return u + np.sum(ys[-1] ** 2) + ys[1][2]


def _fd(f, c, h=1e-6):
    return (f(c + h) - f(c - h)) / (2 * h)


@pytest.mark.parametrize("f", [arrays, numbers, ragged], ids=lambda f: f.__name__)
@pytest.mark.parametrize("K", [1, 2, 3])
def test_checkpointed_loop_reads_a_list_grown_after_it(f, K):
    for c in (0.3, -0.8):
        value, g = s2sad.value_and_grad(f, checkpoint=K)(c)
        assert value == pytest.approx(f(c), rel=1e-12)
        assert g == pytest.approx(_fd(f, c), rel=1e-6, abs=1e-8)
        assert g == pytest.approx(s2sad.grad(f)(c), rel=1e-12)
