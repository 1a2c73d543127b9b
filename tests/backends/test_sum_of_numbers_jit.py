"""hvp of math.fsum over a list comprehension under jit=True: the tangent of fsum is np.sum of
the list of the items' tangents, and numba's np.sum takes no list, so the hvp was refused under
jit only. numba_numpy adds np.sum of a list or tuple of numbers."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp

X = np.array([0.3, -0.7, 1.2, 0.5])


def arc_length(x):
    return math.fsum([math.sqrt(1.0 + v * v) for v in x])


@pytest.mark.jit
def test_fsum_hvp_compiled():
    v = np.array([0.5, 1.0, -0.3, 0.2])
    compiled = check_hvp(arc_length, X, v=v, jit=True)
    np.testing.assert_allclose(compiled, s2sad.hvp(arc_length)(X, v), rtol=1e-10, atol=1e-12)
