"""Forward mode and second order of functions taking a list of arrays, or building lists and
updating their items: checked against finite differences (and autograd), with the caller's
list, its arrays and the tangents left as they were (``check_jvp``/``check_hvp`` assert it)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp, check_jvp

R = np.random.default_rng(7)
A, V = R.normal(size=3), R.normal(size=3)


def layers(x, ws):
    for W in ws:
        x = np.tanh(W @ x)
    return np.sum(x)


def scale_first(a, xs):
    xs[0] *= 2.0
    return np.sum(xs[0] * xs[1] * a)


def add_to_items(a, xs):
    for i in range(len(xs)):
        xs[i] += a
    return np.sum(xs[0] * xs[1] * a)


def replace_first(a, xs):
    xs[0] = xs[0] * a
    return np.sum(xs[0] * xs[1])


def append_to_parameter(a, xs):
    xs.append(a)          # the caller's list must not grow
    s = 0.0
    for x in xs:
        s = s + np.sum(x * a)
    return s


def _items():
    return [R.normal(size=3), R.normal(size=3)]


CASES = [(layers, lambda: (A, [R.normal(size=(3, 3)) for _ in range(3)])), (scale_first, lambda: (A, _items())),
         (add_to_items, lambda: (A, _items())), (replace_first, lambda: (A, _items())),
         (append_to_parameter, lambda: (A, _items()))]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_jvp_of_a_list_parameter(f, args, jit):
    check_jvp(f, *args(), tangent=V, jit=jit)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args", CASES[:4], ids=[c[0].__name__ for c in CASES[:4]])
def test_hvp_of_a_list_parameter(f, args, jit):
    ref = None if f in (scale_first, add_to_items) else "autograd"    # (autograd has no `x += v` of a box)
    check_hvp(f, *args(), v=V, jit=jit, rtol=1e-4, atol=1e-6, reference=ref)


def test_append_to_a_list_parameter_leaves_the_callers_list():
    """The generated code appended to the caller's list (grad and jvp): a list parameter the
    function changes is copied on entry, as an array parameter is."""
    xs = _items()
    check_grad(append_to_parameter, A, xs)
    s2sad.jvp(append_to_parameter)(A, xs, V)
    assert len(xs) == 2


def write_through_an_item(a, xs):
    xs[1] = a
    xs[1] *= 2.0          # doubles `a` itself (the list holds it)
    return np.sum(xs[1] * a)


def test_update_of_an_item_a_parameter_also_holds_is_refused():
    """`xs[1] *= 2.0` writes into `a`, which the list holds: the list parameter was copied with
    np.copy (one array), so the write missed `a` and grad, jvp and hvp were silently wrong
    (half the derivative). Now refused at the line, like the same write on a list made locally."""
    for make in (s2sad.grad, s2sad.jvp, s2sad.hvp):
        extra = () if make is s2sad.grad else (V,)
        with pytest.raises(UnsupportedSyntaxError, match=r"line \d+.*\n.*xs\[1\] \*= 2\.0(.|\n)*`a` also holds"):
            make(write_through_an_item)(A, _items(), *extra)


def add_through_a_tuple(a, b):
    xs = (a, b)
    s = 0.0
    for x in xs:
        x += 1.0           # changes the array the tuple holds
        s = s + np.sum(x * x)
    return s


def add_through_a_list_of_copies(a, b):
    xs = [a.copy(), b.copy()]
    s = 0.0
    for x in xs:
        x += 1.0
        s = s + np.sum(x * x)
    return s


def test_a_write_into_an_array_a_tuple_holds_is_refused_and_the_advice_works():
    """The write-back `xs[k] = x` into the tuple raised TypeError inside the derivative code
    (grad, jvp, hvp); now refused at the line, and the advised list of copies is differentiated."""
    for make in (s2sad.grad, s2sad.jvp, s2sad.hvp):
        extra = () if make is s2sad.grad else (V,)
        with pytest.raises(UnsupportedSyntaxError, match=r"x \+= 1\.0(.|\n)*held by the tuple `xs`"):
            make(add_through_a_tuple)(A, V, *extra)
    check_jvp(add_through_a_list_of_copies, A, V, tangent=V, jit=False)
    check_hvp(add_through_a_list_of_copies, A, V, v=(V, A), wrt=(0, 1))


def list_element_written_in_place(x):
    us = [x * 1.0, x * 2.0]
    us[0][0] = 0.0
    return np.sum(us[0] * us[1])


def test_a_write_into_a_list_element_leaves_the_callers_tangent_alone():
    """The tangent of ``x * 1.0`` is ``t_x`` itself unless the array is written in place; the
    forward alias groups did not join a list with the arrays put into it, so ``us[0][0] = 0.0``
    wrote ``t_us[0][0] = 0.0`` into the caller's tangent (``check_jvp`` failed on it before)."""
    check_jvp(list_element_written_in_place, A, tangent=V)
