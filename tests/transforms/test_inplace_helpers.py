"""Helpers called for their effect on their array (or list) arguments, result discarded
(``apply_bc(u)``): the inline stage inlines them with their parameters bound to the caller's
objects (``pipeline_inline._effect_calls``), and the alias stage carries their writes back to
the caller's names as it does for the caller's own code (``analyses/alias.py``; a list's
appends too). Each checked against finite differences, reverse mode in both modes and forward
mode; the caller's arrays are never modified (``check_grad`` checks).
Autograd cannot differentiate writes into arrays, so it is no reference here. All of these
were refused ("follows only through what a helper returns") before."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.5, 0.8, 1.1])


def apply_bc(u):
    u[0] = 0.0
    u[-1] = u[-2]


def step(u, dt):
    v = u.copy()
    apply_bc(v)
    return np.sum(v * v) * dt


def double_first(v):
    v[0] = v[0] * 2.0


def on_copy(x):
    y = x.copy()
    double_first(y)
    return np.sum(y * y)


def sine(v):
    v[:] = np.sin(v)
    return v


def twice(x):
    y = x + 0.0
    sine(y)
    sine(y)
    return np.sum(y * x)


def push(lst, v):
    lst.append(v * 2.0)


def appended(x):
    lst = []
    push(lst, x)
    push(lst, x * x)
    return np.sum(lst[0] * lst[1])


def scale(v, k):
    v *= k


def on_param(x):
    scale(x, 3.0)          # the caller's x stays as it was: copied on entry
    return np.sum(x * x) + x[1]


def clamp_first(v, k):
    if k > 1:
        v[0] = 1.0
        return
    v[1] = v[1] * v[0]


def early_return(x):
    y = x * 1.0
    clamp_first(y, 0)
    z = x * 2.0
    clamp_first(z, 2)
    return np.sum(y * z)


def relax(u):
    apply_bc(u)
    u[1:-1] = 0.5 * (u[:-2] + u[2:])


def looped(x):
    u = x ** 2
    for _ in range(3):
        relax(u)
    return np.sum(u * x)


def closure(x):
    y = x * x

    def bc():
        y[0] = y[1] * 3.0
    bc()
    return np.sum(y * x)


def rebind(v):
    v = v * 2.0
    return 1.0


def rebinds(x):
    y = x.copy()
    rebind(y)
    return np.sum(y * y)


def scale_by(v, k=2.0):
    v *= k


def slices_rows_and_keywords(A):
    B = A * 1.0
    for i in range(B.shape[0]):
        apply_bc(B[i])          # a row: a view of B
    apply_bc(B[1:, 0])
    scale_by(v=B)
    scale_by(B[0], k=3.0)
    return np.sum(B * A)


def assigned_but_unused(x):
    """``r`` is None and not differentiated: the call was left a call, and its write into ``u``
    was lost (a silently wrong gradient, before)."""
    u = x * 1.0
    r = apply_bc(u)  # noqa: F841  (the point: assigned, never read)
    return np.sum(u * u)


def show(s):
    print("loss", s)


def printed(x):
    s = np.sum(x * x)
    show(s)
    return s


def list_element(x):
    us = [x * 1.0, x * 2.0]
    apply_bc(us[0])
    return np.sum(us[0] * us[1])


def scale_rows(u, s):
    for row in u:
        row *= s


def computed_arguments(x):
    """Arguments computed in the call (an element of a row, a product, an element of a call's
    result): the call statement kept them as written, so the parameters were bound to compound
    expressions the later stages do not read (an element of an element had no operand): the
    dependency through ``s`` was dropped (a wrong gradient), or the call refused as if ``mul``
    had no rule (fuzz20, campaign seeds 3300006 and 3300003)."""
    B = np.outer(x, x)
    R = B.copy()
    scale_rows(R, B[0][-1])
    scale(R[1], x[2] * 2.0)
    scale(R, np.sin(x)[1])
    scale(R.T[0], B.T[1][2])
    return np.sum(R * R)


CASES = [list_element, step, on_copy, twice, appended, on_param, early_return, looped, closure, rebinds,
         slices_rows_and_keywords, assigned_but_unused, printed, computed_arguments]


def _args(f):
    if f is slices_rows_and_keywords:
        return (np.arange(12.0).reshape(3, 4) / 7,)
    return (X.copy(), 0.1) if f is step else (X.copy(),)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_reverse_matches_finite_differences(f):
    check_grad(f, *_args(f))


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_forward_matches_finite_differences(f):
    args = _args(f)
    check_jvp(f, *args, tangent=np.cos(np.arange(args[0].size)).reshape(args[0].shape))


def jit_mix(x):
    """Several cases in one function: one numba compile per mode."""
    return step(x, 0.1) + twice(x) + appended(x) + on_param(x) + looped(x) + list_element(x) \
        + assigned_but_unused(x) + closure(x) + computed_arguments(x)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_jit_both_modes(mode):
    """One mode a case: the jvp case is in the jit tier (tests/jit_tier.py, WHY51)."""
    if mode == "grad":
        check_grad(jit_mix, X.copy(), jit=True)
    else:
        check_jvp(jit_mix, X.copy(), tangent=np.array([0.2, 1.0, -0.7, 0.4]), jit=True)


def fill_from(v, w):
    np.putmask(v, v == 0.0, w[:2])


def put_inside(x):
    y = np.zeros(4)
    fill_from(y, x)
    return np.sum(y * y)


def put_into(v, w):
    np.put(v, [0, 1], w[:2])


def np_put_inside(x):
    y = np.zeros(4)
    put_into(y, x)
    return np.sum(y * y)


def copy_from(v, w):
    np.copyto(v, w)


def copyto_inside(x):
    y = np.zeros(4)
    copy_from(y, x)
    return np.sum(y * y)


def test_a_write_the_alias_stage_cannot_see_is_still_refused_at_its_line():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(put_inside)(X.copy())
    assert "np.putmask(v, v == 0.0, w[:2])" in str(e.value)


def test_np_put_in_a_helper_is_the_write_it_is():
    """np.put(v, ...) (the refused call above until stop 55's frontend/inplace.py made it a write)."""
    check_grad(np_put_inside, X.copy())


def test_copyto_in_a_helper_is_the_write_it_is():
    """np.copyto(v, w) (the call above until frontend/inplace.py made it `v[...] = w`)."""
    check_grad(copyto_inside, X.copy())
