"""``match`` statements that compare values, and ``:=`` in a ``while`` test.

Both were refused at their line ("cannot differentiate a `match` statement", "an assignment
expression"); now ``frontend/match_ifs.py`` writes a ``match`` of value, singleton, ``|``,
wildcard and capture patterns (with guards) as an ``if``/``elif``/``else`` chain, and desugar
writes ``while (w := e) > c:`` as ``while True: w = e; if not w > c: break; ...``. Exact in grad
and jvp against finite differences, on points away from the integer steps of the tests; sequence,
mapping and class patterns stay refused, located.
"""
import enum
import math

import numpy as np
import pytest

import s2sad


class Mode(enum.Enum):
    FAST = 1
    SLOW = 2


MODE = Mode.SLOW


def by_remainder(x):
    match int(x * 10) % 3:
        case 0:
            return x * x
        case 1:
            return math.exp(x)
        case _:
            return x ** 3


def alternatives_guard_capture(x):
    k = int(x * 10) % 4
    match k:
        case 0 | 1:
            y = x * x
        case 2 if x > 0:
            y = x
        case other:
            y = other * x + 1.0
    return y * x


def enum_member(x):
    match MODE:
        case Mode.FAST:
            return x
        case Mode.SLOW:
            return x * np.sin(x)


def singletons(x, opt=None):
    match opt:
        case None:
            s = 2.0
        case True:
            s = 3.0
        case _:
            s = 1.0
    return s * x * x


def guarded_capture(x):
    match round(x * 3):
        case n if n > 1:
            return x * n
        case n:
            return x / (n + 5)


def alternatives_as(x):
    t = x
    match int(x * 10) % 3:
        case 0 | 1 as v:
            t = t * (v + 1)
        case _:
            t = t * 7
    return t * x


def walrus_while(x):
    y = x
    while (z := y * y) < 10.0:
        y = z + 0.5
    return y


def walrus_while_continue(x):
    y, k = x, 0
    while (d := abs(y - 2.0)) > 1e-6 and k < 50:
        y = y - 0.5 * (y - 2.0) + 0.01 * x
        k += 1
        if k == 3:
            continue
    return y + d


FUNCTIONS = [by_remainder, alternatives_guard_capture, enum_member, singletons, guarded_capture, alternatives_as,
             walrus_while, walrus_while_continue]


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("c", [0.05, 0.15, 0.25, 0.35, -0.35, 1.05])
def test_grad_and_jvp(f, c):
    h = 1e-6
    fd = (f(c + h) - f(c - h)) / (2 * h)
    np.testing.assert_allclose(s2sad.grad(f)(c), fd, rtol=1e-6, atol=1e-8)
    value, tangent = s2sad.jvp(f)(c, 1.0)
    assert value == f(c)
    np.testing.assert_allclose(tangent, fd, rtol=1e-6, atol=1e-8)


def test_the_chain_is_written_out():
    text = s2sad.grad(alternatives_guard_capture).source
    assert "match" not in text and "other = k" in text


def sequence_pattern(x):
    pair = [x, 1.0]
    match pair:         # a sequence pattern on a name (on a display: match_displays.py, stop 58)
        case [a, b]:
            return a * b
    return 0.0


def sequence_pattern_on_a_display(x):
    match [x, 1.0]:
        case [a, b]:
            return a * b
    return 0.0


def test_sequence_pattern_on_a_display_is_exact():
    """Refused (as `sequence_pattern` still is) until stop 58."""
    assert s2sad.grad(sequence_pattern_on_a_display)(0.5) == 1.0


def capture_under_or(x):
    match int(x):
        case (0 as v) | (1 as v):
            return x * v
    return x


def while_else(x):
    y = x
    while (z := y * y) < 10.0:
        y = z + 0.5
    else:
        y = y + 1.0
    return y


@pytest.mark.parametrize("f, line", [(sequence_pattern, "match pair:"), (capture_under_or, "match int(x):"),
                                     (while_else, "(z := y * y)")])
def test_what_is_not_written_out_is_refused_located(f, line):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(f)(0.5)
    assert f'File "{__file__}", line ' in str(info.value) and line in str(info.value)
