"""One definition of "this local surely holds a Python list" for the front end
(``frontend/sequence_names.proven_lists``), shared by the join stage (``list_joins``) and
desugar's ``xs.copy()`` → ``list(xs)``.

Desugar's definition was narrower than the join stage's: a slice of a list, ``a if c else b`` of
two lists or ``sorted(..., key=...)`` were lists to one and not to the other, so
``zs = xs[1:].copy(); zs.append(v)`` was refused in reverse mode (the copy was not known to make
a list). Both stages now ask the same analysis: exact in grad and jvp.
"""
import ast
import inspect
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.frontend.sequence_names import proven_lists


def slice_copied_then_appended(x):
    xs = [x, 2 * x, 3 * x]
    ys = xs[1:]
    zs = ys.copy()
    zs.append(x * x)
    return sum(zs)


def either_list_copied(x):
    xs = [x, 2 * x]
    ys = xs if x > 0 else [x]
    zs = ys.copy()
    zs.append(np.sin(x))
    return zs[0] * zs[-1] + len(zs)


def sorted_joined_copied(x):
    xs = sorted([x, np.cos(x), 0.1], reverse=True)
    ys = xs + [x]
    zs = ys.copy()
    zs.append(3.0)
    return zs[0] * zs[-2] + zs[1]


def _fd(f, c, h=1e-6):
    return (f(c + h) - f(c - h)) / (2 * h)


@pytest.mark.parametrize("f", [slice_copied_then_appended, either_list_copied, sorted_joined_copied],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("c", [0.7, -0.4])
def test_grad_and_jvp(f, c):
    np.testing.assert_allclose(s2sad.grad(f)(c), _fd(f, c), rtol=1e-7, atol=1e-9)
    value, tangent = s2sad.jvp(f)(c, 1.0)
    assert value == f(c)
    np.testing.assert_allclose(tangent, _fd(f, c), rtol=1e-7, atol=1e-9)


def _lists(src):
    fdef = ast.parse(textwrap.dedent(src)).body[0]
    return proven_lists(fdef, lambda node: {"list": list, "sorted": sorted}.get(getattr(node, "id", None)))


def test_what_is_a_list_and_what_is_not():
    src = inspect.getsource(either_list_copied)
    assert _lists(src) == {"xs", "ys", "zs"}
    assert _lists("""
        def f(x, n, xs):
            a = [x] * n         # n may be an array: NumPy multiplies
            b = [x] * 2
            c = b + x           # x may be an array: NumPy adds
            d = xs[1:]          # a parameter may be an array
            e = list(b)
            e = e.copy()
            for g in b:
                pass
            g = [x]             # also a loop target
            return a, c, d
        """) == {"b", "e"}
    assert _lists("""
        def f(x):
            list = tuple
            b = [x]
            h = list(b)         # `list` is the function's own name here
            return h
        """) == {"b"}
