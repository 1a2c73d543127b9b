"""A builtin's name read as something else (``frontend/check._shadowed_builtins``).

Later stages recognise Python's builtins by their names, so a module's own ``zip`` (pairs
swapped), ``enumerate`` (indices doubled) or ``range`` (one step short) was differentiated as the
builtin: silently wrong gradients in grad and jvp, and under jit ([0.31, 5, 80] for [0.5, -4, 32]).
Now refused at the name, naming what it is; NumPy's functions of the same names (``from numpy
import *``) still follow their rules, and a local variable with a builtin's name is refused only
where it is called."""
import importlib.util

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError

SOURCE = '''
import builtins
import numpy as np

def zip(a, b):
    return [(q, p) for p, q in builtins.zip(a, b)]

def enumerate(xs):
    return [(2 * i, v) for i, v in builtins.enumerate(xs)]

def range(n):
    return builtins.range(n - 1)

def print(*args, **kwargs):     # rich's print, say: a statement as the builtin's
    pass

def f_print(x):
    print("x is", x)
    return np.sum(x ** 2)

def f_zip(x):
    s = 0.0
    for a, b in zip(x, x * x):
        s = s + a * b * b
    return s

def f_enum(x):
    s = 0.0
    for i, v in enumerate(x):
        s = s + i * v * v
    return s

def f_range(x):
    s = 0.0
    for i in range(3):
        s = s + x[i] ** 2
    return s
'''

STAR = '''
from numpy import *

def f_star(A):
    s = 0.0
    for i in range(len(A)):
        s = s + sum(abs(A[i]) * A[i]) + max(A[i] ** 2)
    return s
'''


def _load(tmp_path_factory, name, text):
    path = tmp_path_factory.mktemp(name) / f"{name}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_print_statement_of_another_print_is_kept(shadows):
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(s2sad.grad(shadows.f_print)(x), 2 * x, rtol=1e-12)


@pytest.fixture(scope="module")
def shadows(tmp_path_factory):
    return _load(tmp_path_factory, "shadowed_builtins57", SOURCE)


@pytest.mark.parametrize("name,builtin,line", [("f_zip", "zip", 23), ("f_enum", "enumerate", 29), ("f_range", "range", 35)])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_module_function_named_like_a_builtin_is_refused(shadows, name, builtin, line, mode):
    f = getattr(shadows, name)
    x = np.array([0.5, -1.0, 2.0])
    with pytest.raises(UnsupportedSyntaxError) as info:
        if mode == "grad":
            s2sad.grad(f)(x)
        else:
            s2sad.jvp(f)(x, np.ones(3))
    text = str(info.value)
    assert f"line {line}" in text and f"shadowed_builtins57.{builtin}" in text and f"my_{builtin}" in text


def test_a_called_local_named_like_a_builtin_is_refused():
    def f(x, map):
        return np.sum(map(x))
    with pytest.raises(UnsupportedSyntaxError, match="local variable `map`"):
        s2sad.grad(f)(np.ones(2), np.exp)


def test_a_local_named_like_a_builtin_and_not_called_is_read_as_a_value():
    def f(x):
        sum = 0.0
        for v in x:
            sum = sum + v * v
        return sum
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(s2sad.grad(f)(x), 2 * x, rtol=1e-12)


def test_numpy_functions_of_builtin_names_follow_their_rules(tmp_path_factory):
    f = _load(tmp_path_factory, "star_numpy57", STAR).f_star
    A = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
    expected = 2 * np.abs(A)
    for i in range(2):
        k = np.argmax(A[i] ** 2)
        expected[i, k] += 2 * A[i, k]
    np.testing.assert_allclose(s2sad.grad(f)(A), expected, rtol=1e-12)
