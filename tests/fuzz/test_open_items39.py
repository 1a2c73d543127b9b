"""Regressions of the items stop 39 left open (task open40); every test here failed on main."""
import numpy as np
import pytest

import s2sad

from s2sad.testing import check_grad, check_hvp, check_jvp


def _pair(coef):
    return [coef, coef * 2.0]


def _copy_of_a_helpers_list(k0, coef):
    ps = _pair(coef)
    hist = ps.copy()
    hist[1] = k0
    return np.sum(hist[1]) * np.sum(ps[1])


def _copy_of_a_constant_helpers_list(k0, coef):
    ps = _pair(np.array([0.3, -0.2]))      # no derivative flows in: the helper is not inlined
    hist = ps.copy()
    hist[1] = k0
    return np.sum(hist[1]) * np.sum(ps[1]) + np.sum(coef)


def _copy_of_split_pieces(k0, coef):
    parts = np.split(coef * k0, 2)
    mine = parts.copy()
    mine[0] = k0 * np.ones(1)
    return np.sum(mine[0]) * np.sum(parts[0]) + np.sum(mine[1] ** 2)


def _fresh_pair(coef):
    return [coef * 1.0, coef * 2.0]


def _copy_shares_the_items(k0, coef):
    ps = _fresh_pair(coef)
    hist = ps.copy()          # a shallow copy: hist[0] is ps[0]
    hist[0][1] = k0
    return np.sum(ps[0] * ps[1])


def _copy_rebound_alike(k0, coef):
    ps = _fresh_pair(coef)
    hist = ps.copy()
    hist[1] = k0 * coef       # the same type: numba compiles the list's copy
    return np.sum(ps[0] * ps[1]) + np.sum(hist[1] ** 2)


def test_a_write_into_an_item_of_a_list_copy_is_refused_not_lost():
    """np.copy made the copy's items new arrays: the write into ``hist[0]`` did not reach ``ps[0]``
    (a wrong value); the list's copy shares its items, which the alias stage refuses to follow."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="shares memory"):
        s2sad.grad(_copy_shares_the_items, wrt=(0, 1))(0.7, np.array([0.3, -0.2]))


@pytest.mark.parametrize("f, jit", [(_copy_of_a_helpers_list, False), (_copy_of_a_constant_helpers_list, False),
                                    (_copy_of_split_pieces, False), (_copy_rebound_alike, True)])
def test_copy_method_of_a_list_a_call_returned_is_a_list_copy(f, jit):
    """``ps.copy()`` of a helper's list was ``np.copy(ps)`` (one array: ``hist[1] = k0`` filled a row,
    0.28 for 0.14): the front end reads ``.copy()`` before the helper is inlined; after inlining a
    name that may hold a list is copied by ``copy_method`` (``transforms/list_args.py``)."""
    k0, coef = 0.7, np.array([0.3, -0.2])
    v, _ = s2sad.value_and_grad(f, wrt=(0, 1), jit=jit)(k0, coef)
    assert np.isclose(v, f(k0, coef))
    check_grad(f, k0, coef, wrt=(0, 1), jit=jit)
    check_jvp(f, k0, coef, tangent=(1.0, np.ones(2)), wrt=(0, 1), jit=jit)


def _divide_into_float32(x):
    # fuzz 39200079: NumPy stores the quotient in `out`'s float32; the double-where form computed float64
    num = np.minimum(np.linspace(0.5, 2.0, 2), 1.0).astype(np.float32)
    den = np.exp(x) + 0.5
    res = np.divide(num, den, where=np.abs(den) > 0.24, out=np.zeros_like(num))
    return np.sum(res * x)


def _divide_into_float64(x):
    num = np.minimum(np.linspace(0.5, 2.0, 2), 1.0)
    den = np.exp(x) + 0.5
    res = np.divide(num, den, where=np.abs(den) > 0.24, out=np.ones_like(num))
    return np.sum(res * x)


@pytest.mark.parametrize("f", [_divide_into_float32, _divide_into_float64])
@pytest.mark.parametrize("jit", [False, True])
def test_divide_into_a_fresh_out_has_numpys_value(f, jit):
    x = np.array([0.3, -0.7])
    v, _ = s2sad.value_and_grad(f, jit=jit)(x)
    assert v == f(x)
    check_grad(f, x, jit=jit, eps=1e-3, rtol=1e-3)     # (float32 rounding: differences over a wider step)
    check_jvp(f, x, tangent=np.ones(2), jit=jit, eps=1e-3, rtol=1e-3)


def _copyto_after_a_swap_of_tuple_items(z):
    # fuzz 39100105: the write of np.copyto(q, coef) reached `tup[1]` through the chain q -> coef ->
    # tup[1]; the write-back stored into the tuple (TypeError in the derivative code)
    tup = (np.sin(z), np.clip(z, -0.99, 0.85))
    q, coef = tup
    coef, q = (q, coef)
    np.copyto(q, coef)
    return np.sum(coef ** 2) + np.sum(q ** 2) + np.sum(tup[1] * z)


@pytest.mark.parametrize("jit", [False, True])
def test_a_write_reaching_an_item_of_a_tuple_rebuilds_the_tuple(jit):
    z = np.array([0.3, -0.5, 0.7])
    v, _ = s2sad.value_and_grad(_copyto_after_a_swap_of_tuple_items, jit=jit)(z)
    assert np.isclose(v, _copyto_after_a_swap_of_tuple_items(z.copy()))
    check_grad(_copyto_after_a_swap_of_tuple_items, z, jit=jit)
    check_jvp(_copyto_after_a_swap_of_tuple_items, z, tangent=np.ones(3), jit=jit)


def _rpn(x):
    st = []                 # numba could not type the empty stack (a copy of it typed it first)
    for tok in range(5):
        if tok < 3:
            st.append(x[tok])
        else:
            b = st.pop()
            a = st.pop()
            st.append(a * b if tok == 3 else a + b)
    return st[0]


def test_an_empty_stack_of_numbers_compiles_under_jit():
    x = np.array([0.1, 0.2, 0.3, 0.4])
    check_grad(_rpn, x, jit=True)
    check_jvp(_rpn, x, tangent=np.ones(4), jit=True)


# an empty stack of arrays under jit: exact since stop 42 (tests/backends/test_empty_stack_of_arrays.py)


def _none_or_scaled(x, lim):
    if np.max(x) > lim:
        return None
    return x * 2.0


def _helper_returning_none_or_an_array(x):
    r = _none_or_scaled(x, 1.0)
    if r is None:
        return np.sum(x ** 2)
    return np.sum(r ** 2)


@pytest.mark.parametrize("scale", [1.0, 10.0])
def test_a_helper_returning_none_or_an_array_compiles_under_jit(scale):
    """The zero adjoint of a value None on one path (numba: an Optional array) is an array on both
    (it was 0.0 on one: one variable of two types)."""
    x = np.array([0.1, 0.2, 0.3, 0.4]) * scale
    check_grad(_helper_returning_none_or_an_array, x, jit=True)
    check_jvp(_helper_returning_none_or_an_array, x, tangent=np.ones(4), jit=True)


def _stack_times_vector(A, x):
    return np.sum(np.sin(A @ x)) + np.sum(np.cos(x @ np.swapaxes(A, -1, -2)))


@pytest.mark.parametrize("mode", ["grad", "jvp", "hvp"])
def test_a_stack_of_matrices_times_a_vector_compiles(mode):
    """3-d @ 1-d (and 1-d @ 3-d) under jit: numba's `@` has no such product (a JitError in every mode);
    now a loop of matrix-vector products, and its gradients loops too (numba_matmul.py). One mode a
    case: jit cases whose mode compiles nothing the others do not are in the jit tier (WHY51J)."""
    A = np.arange(24.0).reshape(2, 3, 4) / 10
    x = np.array([0.1, 0.2, 0.3, 0.4])
    if mode == "jvp":
        check_jvp(_stack_times_vector, A, x, tangent=np.ones(4), wrt=1, jit=True)
    elif mode == "grad":
        check_grad(_stack_times_vector, A, x, wrt=(0, 1), jit=True)
    else:
        check_hvp(_stack_times_vector, A, x, v=np.ones(4), wrt=1, jit=True)


def _list_of_a_list_argument_rebound_alike(k0, coef, ps):
    hist = list(ps)
    hist[1] = k0 * coef     # (a number in a list of arrays: numba cannot type the list, a located JitError)
    return np.sum(hist[1]) * np.sum(coef) + np.sum(hist[0] * coef)


def test_jvp_and_hvp_of_a_list_whose_slot_is_rebound_compile():
    """(coverage, jit=True of test_regressions39's list tangents: zeros_list compiles for a list
    argument's copy; passes on main too, where the tangent was one array)"""
    k0, coef = 0.7, np.array([0.3, -0.2])
    ps = [np.array([1.0, 2.0]), np.array([0.5, 0.25])]
    check_jvp(_list_of_a_list_argument_rebound_alike, k0, coef, ps, tangent=(1.0, np.ones(2)), wrt=(0, 1), jit=True)
    check_hvp(_list_of_a_list_argument_rebound_alike, k0, coef, ps, v=(1.0, np.ones(2)), wrt=(0, 1), jit=True)
