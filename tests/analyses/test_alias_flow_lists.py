"""Shallow copies of a list are new lists (s2sad/analyses/alias_flow.py:_lists).

``ys = list(xs)`` (lowered to a comprehension bound to ``ys``) and ``ys = xs[:]`` make a new list
holding the same arrays: rebinding a slot of ``ys`` writes no array, so ``xs`` is unchanged. Both
were refused as "a write through `ys`, which shares memory with `xs`" (fuzz25: 66 refusals, the
largest group); a write INTO an array both lists hold really writes shared memory and stays
refused, located."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_jvp

W = np.array([0.3, 0.5])
T = np.array([1.0, -0.5])


def list_copy_rebind(w):
    xs = [w, 2.0 * w]
    ys = list(xs)
    ys[0] = ys[0] * w
    return np.sum(ys[0]) + np.sum(xs[0])


def slice_copy_rebind(w):
    xs = [w, 2.0 * w]
    ys = xs[:]
    ys[1] = np.sin(ys[0]) * w
    return np.sum(ys[1] * xs[1]) + np.sum(xs[0])


def star_copy_rebind(w):
    xs = [w * 1.0, 2.0 * w]
    ys = [*xs]                     # list(xs) (frontend/desugar.py)
    ys[0] = ys[0] * 3.0
    return np.sum(ys[0] * xs[1]) + np.sum(xs[0])


def copies_in_a_loop(w):
    xs = [w * 1.0, 2.0 * w, np.cos(w)]
    acc = 0.0
    for i in range(3):
        ys = list(xs)
        ys[i] = ys[i] * w
        acc = acc + np.sum(ys[0] * ys[1] * ys[2]) + np.sum(xs[i])
        xs = [ys[1], ys[2], ys[0]]
    return acc


def same_list_rebind(w):
    xs = [w * 1.0, 2.0 * w]
    ys = xs                        # the same list: xs sees the slot rebound
    ys[0] = ys[1] * w
    return np.sum(xs[0] * xs[1])


FUNCS = [list_copy_rebind, slice_copy_rebind, star_copy_rebind, copies_in_a_loop, same_list_rebind]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", FUNCS[:2], ids=lambda f: f.__name__)
def test_slot_of_a_copy_rebound_both_modes(f, jit):
    check_grad(f, W, jit=jit)


@pytest.mark.parametrize("f", FUNCS, ids=lambda f: f.__name__)
def test_slot_of_a_copy_rebound(f):
    check_grad(f, W)
    check_against_autograd(f, W)
    check_jvp(f, W, tangent=T)


def write_into_a_shared_array(w):
    xs = [w * 1.0, 2.0 * w]
    ys = list(xs)
    ys[0][1] = 5.0
    return np.sum(xs[0])


def update_a_shared_array(w):
    xs = [w * 1.0, 2.0 * w]
    ys = xs[:]
    ys[0] *= 2.0
    return np.sum(xs[0])


def copy_or_array(w, flag):
    xs = [w * 1.0, 2.0 * w]
    if flag > 0:
        ys = xs[:]
    else:
        ys = np.copy(w)            # ys may be an array: a write into it is no slot rebinding
    ys[0] = w[1] * 3.0
    return np.sum(xs[0]) + np.sum(ys[0])


@pytest.mark.parametrize("f, args, where", [
    (write_into_a_shared_array, (W,), "ys[0][1] = 5.0"),
    (update_a_shared_array, (W,), "ys[0] *= 2.0"),
    (copy_or_array, (W, 1.0), "ys[0] = w[1] * 3.0"),
], ids=lambda v: getattr(v, "__name__", None))
def test_writes_into_shared_arrays_stay_refused(f, args, where):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(f)(*args)
    assert where in str(info.value) and "line" in str(info.value)
