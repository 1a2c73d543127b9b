"""A list comprehension of lambdas (issue 8, stop 56), ``fs = [lambda t, k=k: k * t for k in
range(3)]; sum(f(x) for f in fs)``, was refused ("a lambda used as a value"): it is now the loop
appending them (frontend/function_comprehensions.py) that frontend/function_lists.py follows;
grad, jvp and jit=True against central differences. A lambda reading the comprehension's variable
without a default reads its last value, as in Python."""
import numpy as np

import s2sad
from tests.forms54 import lifted_loop_tests

X = np.array([0.3, -1.2, 0.8])
V = np.array([0.5, -1.0, 0.25])


def scaled(x):
    fs = [lambda t, k=k: k * t for k in range(3)]
    return np.sum(sum(f(x) for f in fs) ** 2)


def waves(x):
    fs = [lambda t, a=a, p=p: np.sin(a * t + p) for a, p in zip((0.5, 1.5), (0.0, 0.3))]
    s = 0.0
    for f in fs:
        s = s + np.sum(f(x))
    return s * np.sum(fs[1](x))


def late_binding(x):
    fs = [lambda t: k * t for k in range(1, 4)]  # noqa: B023  (late binding, as written)
    return np.sum(sum(f(x) for f in fs))


def k_kept(x):
    k = 10.0
    fs = [lambda t, k=k: k * t for k in range(2)]
    return np.sum(fs[1](x)) * k


test_grad_and_jvp_against_differences, test_jit = lifted_loop_tests([scaled, waves, late_binding, k_kept], waves, X, V)


def test_values():
    np.testing.assert_allclose(s2sad.grad(late_binding)(X), [9.0, 9.0, 9.0])    # every k is 3
    np.testing.assert_allclose(s2sad.grad(k_kept)(X), [10.0, 10.0, 10.0])       # the function's k stays 10
