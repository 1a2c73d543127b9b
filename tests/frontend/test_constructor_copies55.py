"""``self.c = list(c)`` in the constructor of an object built in the function (issue 8,
objects55; ``frontend/param_copies.py`` run again after ``frontend/local_objects.py``).

On main ``p = Poly(x); p.ev(0.7)`` with ``def __init__(self, c): self.c = list(c)`` was refused:
"no derivative rule for `list`". ``local_objects`` writes the constructor as ``p_c = x;
p_c2 = list(p_c)``; a local bound once to a sequence parameter is now copied as the
comprehension ``[v for v in p_c]``, as ``list(x)`` itself was."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_against_autograd, check_grad, check_jvp


class Poly:
    def __init__(self, c):
        self.c = list(c)

    def ev(self, t):
        s = 0.0
        for a in self.c:
            s = s * t + a
        return s


X = np.array([0.3, -1.2, 0.8])
T = np.array([0.7, -0.4, 1.1])


def horner(x):
    p = Poly(x)
    return p.ev(0.7)


def rebound(x):
    x = x * 2.0
    p = Poly(x)
    return p.ev(0.7)


def test_array_argument():
    check_grad(horner, X.copy())
    check_jvp(horner, X.copy(), tangent=T)
    check_against_autograd(horner, X.copy())


def test_jit():
    check_grad(horner, X.copy(), jit=True)


def test_copy_of_a_rebound_parameter_stays_refused():
    with pytest.raises(NoDerivativeError, match=r"(?s)line \d+.*self\.c = list\(c\)"):
        s2sad.grad(rebound)(X.copy())
