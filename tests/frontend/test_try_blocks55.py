"""``try`` statements (frontend/try_blocks.py, stop 55, issue 8) were all refused. A ``try``/
``finally`` with no handler is its block then its ``finally``; a ``try`` with handlers runs as
Python runs it (a lifted block, called as it is) where it computes constants of the derivative:
``try: lr = CFG["lr"] except KeyError: lr = 0.1``. grad and jvp against central differences,
and the values the handlers choose; a ``try`` given a differentiated value, an array written
into, under jit=True, or returning out of its block stays refused, located, saying why."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 1.2, 0.7, 0.5])
V = np.array([0.5, -1.0, 0.25, 2.0])
CFG = {"alpha": 2.0}


def missing_key(x):
    try:
        lr = CFG["lr"]
    except KeyError:
        lr = 0.1
    return lr * np.sum(x ** 2)


def found_key(x):
    try:
        a = CFG["alpha"]
    except KeyError:
        a = 0.1
    return a * np.sum(x ** 2)


def else_and_finally(x):
    n = 1
    try:
        a = CFG["alpha"]
    except (KeyError, TypeError):
        a = 1.0
    else:
        n = n + 2
    finally:
        m = 4
    return a * n * m * np.sum(np.sin(x))


def finally_only(x):
    s = 0.0
    try:
        s = np.sum(x ** 3)
    finally:
        n = 2
    return s * n


def in_a_loop(x):
    s = 0.0
    for i in range(3):
        try:
            w = CFG[f"w{i}"]
        except KeyError:
            w = float(i)
        s += w * x[i] ** 2
    return s


@pytest.mark.parametrize("f", [missing_key, found_key, else_and_finally, finally_only, in_a_loop],
                         ids=lambda f: f.__name__)
def test_grad_and_jvp_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)


def test_the_handlers_choose_as_in_python():
    np.testing.assert_allclose(s2sad.grad(missing_key)(X), 0.2 * X, rtol=1e-14)
    np.testing.assert_allclose(s2sad.grad(found_key)(X), 4.0 * X, rtol=1e-14)
    np.testing.assert_allclose(s2sad.grad(else_and_finally)(X), 24.0 * np.cos(X), rtol=1e-14)
    CFG["lr"] = 0.5                # the block runs at each call: a key added later is seen
    try:
        np.testing.assert_allclose(s2sad.grad(missing_key)(X), 1.0 * X, rtol=1e-14)
    finally:
        del CFG["lr"]


def differentiated(x):
    try:
        v = np.log(x[0])
    except ValueError:
        v = 0.0
    return v * x[1]


def written_view(x):
    buf = np.zeros(3)
    view = buf[1:]
    view[0] = x[0]
    try:
        v = buf[1] * CFG["alpha"]
    except KeyError:
        v = 0.0
    return v * x[1]


def writes_into(x):
    y = x * 2.0
    try:
        y[0] = CFG["alpha"]
    except KeyError:
        pass
    return np.sum(y ** 2)


def returns_inside(x):
    try:
        return np.sum(x ** 2)
    except KeyError:
        return 0.0


@pytest.mark.parametrize("f, why", [(differentiated, "given values that depend"),
                                    (written_view, "given values that depend"),
                                    (writes_into, "given values that depend"),
                                    (returns_inside, "leaves its block")],
                         ids=["differentiated", "written_view", "writes_into", "returns_inside"])
def test_refused_where_it_touches_what_is_differentiated(f, why):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=why) as info:
        s2sad.grad(f)(X)
    assert "line " in str(info.value) and "try:" in str(info.value)


def test_jit_refuses_with_advice():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="jit=False"):
        s2sad.grad(missing_key, jit=True)(X)
