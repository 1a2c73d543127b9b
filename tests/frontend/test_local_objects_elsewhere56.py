"""An object built in the function of a class of another module (issue 8, stop 56): its methods
were refused ("the method call `.energy()` on one of your own objects"), since local_objects writes
them into the function, where the names they read mean the function's module's. A class whose
methods read from their module only modules and builtins the function's module names the same
(``np``, ``m`` for math, ``len``) is now followed (frontend/object_model._reads_same_modules); grad,
jvp and jit=True against central differences. One reading its module's own values or helpers stays
refused at the call, located."""
import math as m

import numpy as np
import pytest

import s2sad
from tests.classes56 import Scaled, Spring
from tests.forms54 import lifted_loop_tests

X = np.array([0.3, -1.2, 0.7])
V = np.array([0.5, -1.0, 0.25])


def spring_energy(x):
    s = Spring(3.0 * x[0], 0.5)
    return s.energy(x) * s.k + m.sin(x[1])


test_grad_and_jvp_against_differences, test_jit = lifted_loop_tests([spring_energy], spring_energy, X, V)


def scaled_energy(x):
    s = Scaled(3.0)
    return s.energy(x)


def test_a_method_reading_its_own_modules_values_stays_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*s\.energy\(x\)"):
        s2sad.grad(scaled_energy)(X)
