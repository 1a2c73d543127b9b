"""``+`` and ``*`` of Python lists and tuples join and repeat them; with a derivative flowing
through, they are refused with the user's line (analyses/sequences.py), never differentiated
as NumPy's elementwise operations (which gave silently wrong gradients)."""
import inspect
import re

import numpy as np
import pytest

import s2sad
from s2sad import UnsupportedSyntaxError
from s2sad.testing import check_grad


def list_plus_list(x, a):
    L = [x]
    L = L + [a * x]
    return L[0] * 2.0 + L[1] * 3.0


def list_plus_itself(x, a):
    L = [x, a]
    M = L + L
    return M[0] * M[3] + M[1]


def repeated_list(x, a):
    L = [x] * 3
    return L[0] * a + L[2]


def tuple_plus_tuple(x, a):
    t = (x, a)
    u = t + (x * a,)
    return u[0] + u[2] * u[1]


def augmented_list(v, a):
    L = [v]
    L = L + [a * v]
    return np.sum(L[0] * L[1])


def extended_list(v, a):
    L = [v]
    L += [a * v]          # a local list's appends (frontend/list_extend.py), no longer refused
    return np.sum(L[0] * L[1])


def joined_inside_a_call(v, a):
    arrs = [v, 2 * v]
    return np.sum(np.array(arrs + [a * v]))


def slogdet_repeated(v, a):
    s = np.linalg.slogdet(np.outer(v, v) + a * np.eye(2))   # a tuple: `* 2` repeats it
    t = s * 2
    return t[1] + t[3]


CASES = [(slogdet_repeated, "t = s * 2", "`*`")]
# refused until stop 47; two proven lists joined, and a list of names repeated by an int, are now
# written out by the front end (frontend/list_joins.py): `[*L, *L]`, a comprehension
WRITTEN_OUT = [list_plus_itself, repeated_list, joined_inside_a_call]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("func, marker, op", CASES, ids=[c[0].__name__ for c in CASES])
def test_joined_or_repeated_sequences_are_refused_at_their_line(func, marker, op, jit):
    v = np.array([0.3, -0.4]) if func in (augmented_list, joined_inside_a_call, slogdet_repeated) else 0.7
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(func, wrt=(0, 1), jit=jit)(v, 1.3)
    msg = str(info.value)
    lines, first = inspect.getsourcelines(func)
    k = next(i for i, line in enumerate(lines) if marker in line)
    m = re.search(r'File "([^"]+)", line (\d+), column (\d+)', msg)
    assert m and m.group(1).endswith("test_sequences.py") and int(m.group(2)) == first + k, msg
    assert op in msg and "L.append(v)" in msg, msg


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("func", WRITTEN_OUT, ids=lambda f: f.__name__)
def test_joins_of_proven_lists_are_written_out_exactly(func, jit):
    v = np.array([0.3, -0.4]) if func is joined_inside_a_call else 0.7
    check_grad(func, v, 1.3, wrt=(0, 1), jit=jit)


def test_a_join_of_tuples_is_written_out_exactly():
    """Refused until stop 48: two proven tuples joined are ``tuple([*t, x * a])``
    (frontend/tuple_joins.py); of lengths known when compiling, the display ``(t[0], t[1], x * a)``,
    which numba compiles (stop 49; it was a JitError at the line)."""
    check_grad(tuple_plus_tuple, 0.7, 1.3, wrt=(0, 1))
    check_grad(tuple_plus_tuple, 0.7, 1.3, wrt=(0, 1), jit=True)


def zeros_list_filled_later(x, a):
    h = [0.0] * 3
    for i in range(3):
        h[i] = a * x ** i
    return h[0] + 2 * h[1] + 3 * h[2]


def shape_tuple_joined(x):
    y = np.reshape(x, x.shape + (1,))
    return np.sum(y ** 2)


@pytest.mark.parametrize("jit", [False, True])
def test_sequences_no_derivative_flows_through_are_kept(jit):
    check_grad(zeros_list_filled_later, 0.7, 1.3, wrt=(0, 1), jit=jit)
    check_grad(shape_tuple_joined, np.array([0.3, -0.4]), jit=jit)


def test_an_augmented_local_list_is_its_appends():
    check_grad(extended_list, np.array([0.3, -0.4]), 1.3, wrt=(0, 1))


def test_a_list_joined_to_itself_is_an_append():
    """open46: ``L = L + [v]`` of a local list nothing else holds is ``L.append(v)`` (list_extend)."""
    from s2sad.testing import check_grad
    check_grad(list_plus_list, 0.7, 1.3, wrt=(0, 1))
    check_grad(augmented_list, np.array([0.3, -0.4]), 1.3, wrt=(0, 1))
