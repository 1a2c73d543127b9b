"""frontend/fall_through.py: a function that returns a value on some paths and reaches its end
on others refuses at run time, at its line, on the arguments that reach the end. Before, the
adjoint read a result never assigned: an UnboundLocalError reported as a bug of s2sad with
jit=False, and a gradient of 0.0 (for a function returning None) under jit=True."""
import ast
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.errors import OutputTypeError
from s2sad.frontend.fall_through import always_returns


def first_positive(x):
    for i in range(3):
        if x > i:
            return x * i


def positive_only(x):
    if x > 0:
        return np.sin(x) * 2.0


def helper(x):
    if x > 0:
        return x * x


def calls_helper(x):
    return helper(x) + 1.0


@pytest.mark.parametrize("jit", [False, True])
def test_a_loop_that_finishes_without_returning_refuses_at_the_users_line(jit):
    g = s2sad.grad(first_positive, jit=jit)
    assert g(1.5) == 0.0                       # returns x * 0 at i = 0
    assert g(2.5) == 0.0
    with pytest.raises(OutputTypeError) as info:
        g(-1.5)
    message = str(info.value)
    assert "line 17" in message and "first_positive" in message and "return" in message
    assert g(1.5) == 0.0                       # the compiled gradient still works after the refusal


def test_an_if_without_else_refuses_only_where_it_falls_through():
    g = s2sad.grad(positive_only)
    assert g(0.5) == pytest.approx(2.0 * np.cos(0.5))
    with pytest.raises(OutputTypeError, match="positive_only"):
        g(-0.5)
    h = s2sad.jvp(positive_only)
    assert h(0.5, 1.0)[1] == pytest.approx(2.0 * np.cos(0.5))
    with pytest.raises(OutputTypeError, match="positive_only"):
        h(-0.5, 1.0)


def test_a_helper_that_falls_through_is_named():
    g = s2sad.grad(calls_helper)
    assert g(3.0) == pytest.approx(6.0)
    with pytest.raises(OutputTypeError, match="`helper` reached the end"):
        g(-3.0)


def _body(text):
    return ast.parse(textwrap.dedent(text)).body


@pytest.mark.parametrize("text, expected", [
    ("if a:\n    return 1\nelse:\n    return 2", True),
    ("if a:\n    return 1\nelif b:\n    return 2", False),
    ("if a:\n    return 1\nelif b:\n    return 2\nelse:\n    raise ValueError", True),
    ("for i in r:\n    return i", False),
    ("while True:\n    if a:\n        return 1", True),
    ("while True:\n    if a:\n        break\n    return 1", False),
    ("while True:\n    for i in r:\n        break\n    return 1", True),
    ("while True:\n    for i in r:\n        pass\n    else:\n        break\n    return 1", False),
    ("x = 1", False),
])
def test_always_returns(text, expected):
    assert always_returns(_body(text)) is expected


def test_functions_that_return_on_every_path_are_unchanged():
    def both(x):
        if x > 0:
            return x * 2.0
        else:
            return x * 3.0
    assert "OutputTypeError" not in s2sad.grad(both).source
    assert s2sad.grad(both)(-1.0) == 3.0
