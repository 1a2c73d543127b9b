"""Writes through names that share memory: exact gradients, the caller's arrays untouched,
or a located refusal (s2sad/analyses/alias.py)."""
import inspect
import re

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

import alias_funcs as F

X = np.array([0.3, -0.7, 1.2, 0.5])
M = np.array([[1.0, 2.0, 0.5], [3.0, -4.0, 1.5], [0.5, -1.0, 2.0]])

CASES = [
    (F.normalize_rows, (M,), 0),
    (F.same_object, (X,), 0),
    (F.same_object_inplace, (X,), 0),
    (F.view_then_base_write, (X,), 0),
    (F.slice_view_write, (X,), 0),
    (F.column_inplace, (M,), 0),
    (F.view_in_branch, (X, 1.0), 0),
    (F.view_in_branch, (X, -1.0), 0),
    (F.param_written_through_view, (X,), 0),
    (F.inplace_scalar_alias, (0.7,), 0),
    (F.view_taken_in_loop, (M,), 0),
    (F.zero_d_array_alias, (0.7,), 0),
    (F.two_copies_of_one_array, (0.7,), 0),
    (F.write_before_a_later_join, (X, 0.5), (0, 1)),
    (F.write_before_a_later_join, (X, -0.5), (0, 1)),
    (F.copy_then_rebound_in_loop, (X,), 0),
    (F.jacobi_sweeps, (np.array([1.0, 2.0]),), 0),
    (F.global_number_in_an_array_display, (0.7,), 0),
    (F.appended_through_another_name, (X,), 0),
]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args, wrt", CASES, ids=[c[0].__name__ + str(i) for i, c in enumerate(CASES)])
def test_writes_through_aliases(f, args, wrt, jit):
    check_grad(f, *args, wrt=wrt, jit=jit)   # also checks that the caller's arrays are unchanged
    fresh = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
    value, _ = s2sad.value_and_grad(f, wrt=wrt, jit=jit)(*fresh)
    assert value == pytest.approx(f(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args]))


def test_helper_writing_into_caller_array_is_exact():
    check_grad(F.helper_writes_caller, X)
    assert s2sad.value_and_grad(F.helper_writes_caller)(X)[0] == pytest.approx(F.helper_writes_caller(X.copy()))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_view_rebound_in_a_loop_is_exact(jit):
    """On a later iteration ``h`` no longer views the array written (``h = h + h`` rebinds it to
    a new one): it was refused; a run-time flag now tells the iterations apart
    (analyses/alias_guard.py), and the write reaches ``h`` on the first one only."""
    check_grad(F.view_rebound_in_loop, M, jit=jit)
    assert s2sad.value_and_grad(F.view_rebound_in_loop, jit=jit)(M)[0] == pytest.approx(
        F.view_rebound_in_loop(M.copy()))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_write_through_a_copy_of_a_view_is_exact(jit):
    """``m = Z; Z = X[1:]`` and ``n = X``: the write through ``n`` reaches ``m`` along the chain of
    views ``n -> X -> Z -> m`` (analyses/alias_chain.py; it was refused)."""
    check_grad(F.copy_of_a_view_then_base_write, 0.7, jit=jit, reference=lambda a: 0.5 * 9.0 + 1.5 * a)
    assert s2sad.value_and_grad(F.copy_of_a_view_then_base_write, jit=jit)(0.7)[0] == pytest.approx(
        F.copy_of_a_view_then_base_write(0.7))


def test_write_into_global_is_refused():
    g = s2sad.grad(_writes_global)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"global `G`.*\n*.*|line \d+"):
        g(X)
    assert np.array_equal(G, np.ones(4))


G = np.ones(4)


def _writes_global(x):
    y = G
    y[0] = x[0]
    return np.sum(y * x)


def test_element_put_into_a_list_then_written_is_refused():
    """``lst[0] = y`` makes the list hold ``y``: the write through ``v = lst[0]`` is refused, and the
    caller's ``y`` is never modified (before the flow-sensitive alias analysis it was, silently)."""
    y = np.array([4.0, 5.0, 6.0])
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)line \d+.*v\[0\] = 5.0.*shares memory with `y`"):
        s2sad.grad(F.list_element_replaced_then_written, wrt=(0, 1))(X[:3].copy(), y)
    assert np.array_equal(y, [4.0, 5.0, 6.0])


def _list_element_written_in_place(x):
    a = x * 1.0
    lst = [a, a * 2.0]
    lst[0][0] = 5.0 * x[1]
    return np.sum(a ** 2) + np.sum(lst[1])


def test_a_refused_write_names_the_users_expression_not_a_temporary():
    """The write ``lst[0][0] = ...`` goes through a temporary s2sad made for ``lst[0]``: the message
    quotes ``lst[0]`` (it said ``t4``, a name the user never wrote)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError,
                       match=r"(?s)lst\[0\]\[0\] = .*a write through `lst\[0\]`, which shares memory with `a`"
                             r".*np\.copy\(lst\[0\]\)"):
        s2sad.grad(_list_element_written_in_place)(X.copy())


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_names_that_share_only_round_a_loop_are_exact(jit):
    """``a = b`` at the end of an iteration makes them one array on the next. It was refused; a
    run-time flag, set at ``a = b`` (``a``'s other binding makes a new array), now says when the
    write through ``b`` reaches ``a`` (analyses/alias_guard.py). Against autograd on the copy-based
    equivalent."""
    import autograd.numpy as anp

    def reference(x):
        a, b, s = x * 1.0, x * 2.0, 0.0
        for i in range(3):
            b = b + (b[1] if i else a[1]) * np.eye(len(x))[0]
            a = b if i else a
            s = s + anp.sum(a * b)
            a = b
        return s
    check_grad(F.names_swapped_round_a_loop, X, jit=jit, reference=reference if not jit else None)
    assert s2sad.value_and_grad(F.names_swapped_round_a_loop, jit=jit)(X)[0] == pytest.approx(reference(X))


def test_slice_of_a_name_of_unknown_rank_is_a_view():
    """The rank analysis cannot tell ``pos``'s rank (numba cannot type it either, so jit=False only),
    but ``g = pos[:-1]`` is an array: ``g /= ...`` is written back into ``pos``."""
    check_grad(F.slice_of_unknown_rank_scaled_in_place, X, 0.7, wrt=(0, 1))


def test_a_write_through_an_array_made_in_an_earlier_iteration_is_refused():
    """On the first iteration ``first`` and ``a`` are one array at the write, which changes ``first``:
    a name shared round a loop is refused, not guessed (and not confused with later iterations' arrays)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)a\[0\] = a\[1\] \* 2.0.*shares memory with `first`"):
        s2sad.grad(F.first_iterate_kept)(X)


def test_a_write_through_an_einsum_that_only_permutes_axes_is_refused():
    """``np.einsum('ij->ji', M)`` returns a view of ``M``: the write through it is refused (it was
    differentiated as if into a new array: a silently wrong gradient, fuzz seed 1609287)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)line \d+.*Q\[0, 1\] = 0.0.*shares memory with `M`"):
        s2sad.grad(F.einsum_transpose_written)(X[:3].copy())


def _one_array_twice_in_a_display(x):
    z = np.zeros(2)
    L = [z, z]
    L[0][0] = x[0]
    return L[1][0] * x[1] + L[0][0] * x[0]


def _repeated_list(x):
    L = [np.zeros(2)] * 3
    L[0][0] = x[0]
    return L[1][0] * x[1] + L[2][0] * x[0]


def _one_array_appended_in_a_loop(x):
    hs = []
    h = np.zeros(2)
    for m in range(3):
        hs.append(h)
    hs[0][0] = x[0]
    return hs[1][0] * x[1] + hs[0][0] * x[0]


def _element_copied_to_another_position(x):
    L = [np.zeros(2), np.zeros(2)]
    L[1] = L[0]
    L[0][0] = x[0]
    return L[1][0] * x[1] + L[0][0] * x[0]


def _concatenated_lists_updated_in_place(x):
    z = np.zeros(2)
    L = [z] + [z]
    row = L[1]
    row += x
    return np.sum(L[0] * x)


@pytest.mark.parametrize("f", [_one_array_twice_in_a_display, _repeated_list, _one_array_appended_in_a_loop,
                               _element_copied_to_another_position, _concatenated_lists_updated_in_place])
def test_a_write_into_a_list_element_held_at_two_positions_is_refused(f):
    """`[np.zeros(2)] * 3`, `[z, z]`, one array appended twice: a write through one position changes
    the others; they were differentiated as separate arrays (a silently wrong gradient, hunt5)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)line \d+.*an element of the list"):
        s2sad.grad(f)(np.array([0.3, -0.7]))


def _separate_arrays_in_a_display(x):
    L = [np.zeros(2), np.zeros(2)]
    L[0][0] = x[0]
    L[1][1] = L[0][0] * x[1]
    return L[1][1] * x[1] + L[0][0] * x[0] + L[1][0]


def _new_array_appended_each_iteration(x):
    hs = []
    for k in range(3):
        h = np.zeros(2)
        hs.append(h)
    for k in range(3):
        hs[k][0] = x[0] * k
    return hs[1][0] * x[1] + hs[2][0]


@pytest.mark.parametrize("f", [_separate_arrays_in_a_display, _new_array_appended_each_iteration])
def test_a_write_into_a_list_of_separate_arrays_is_exact(f):
    check_grad(f, np.array([0.3, -0.7]))


def _list_element_updated_in_place(x):
    z = x * 1.0
    L = [z]
    L[0] += 1.0
    return np.sum(z * x)


def test_augmented_store_into_a_list_of_arrays_seen_by_another_name_is_refused():
    """`L[0] += 1.0` updates the array `z` that `L[0]` holds (lists call the array's `+=`), but was
    differentiated as rebinding `L[0]`, leaving `z` unchanged (a silently wrong gradient, hunt5)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)L\[0\] \+= 1.0.*that `z` also holds"):
        s2sad.grad(_list_element_updated_in_place)(np.array([0.3, -0.7]))


def _list_elements_updated_in_place_alone(x):
    L = [x * 1.0, x * 2.0]
    L[0] += L[1]
    return np.sum(L[0] * L[1])


def test_augmented_store_into_a_list_of_separate_arrays_is_exact():
    check_grad(_list_elements_updated_in_place_alone, np.array([0.3, -0.7]))


def _appended_then_rebound_each_iteration(x):
    hs = []
    h = x * 1.0
    for i in range(3):
        hs.append(h)
        h = h * 2.0
    hs[1] += 1.0
    return np.sum(hs[1] * x) + np.sum(hs[0])


def _appended_and_rebound_only_sometimes(x):
    hs = []
    h = x * 1.0
    for i in range(3):
        hs.append(h)
        if i == 1:
            h = h * 2.0
    hs[1] += 1.0
    return np.sum(hs[1] * x) + np.sum(hs[2])


def test_list_of_iterates_rebound_each_iteration_is_exact_and_sometimes_is_refused():
    """`hs.append(h); h = h * 2.0` puts a new array in each iteration: updating one in place is
    exact; rebinding `h` only in some iterations appends one array twice: refused."""
    x = np.array([0.3, -0.7])
    check_grad(_appended_then_rebound_each_iteration, x)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)hs\[1\] \+= 1.0.*another position"):
        s2sad.grad(_appended_and_rebound_only_sometimes)(x)


def _update_beside_the_diagonal_of_a_copy(W):
    # fuzz campaign seed 1802847: np.diag of a matrix is a view of it, so the write through
    # `u` changes the diagonal the norm read; it was taken for a copy and the reverse sweep
    # read the updated diagonal (gradient off by 0.2 at W[1, 1])
    C = W.copy()
    u = C[:, 1]
    u += np.linalg.norm(np.diag(C))
    d = np.diag(C)
    u += np.sum(d * d)
    return np.mean(C)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_np_diag_of_a_matrix_is_a_view_of_it(jit):
    W = np.random.default_rng(3).normal(size=(3, 5))
    check_grad(_update_beside_the_diagonal_of_a_copy, W, jit=jit)


# ---- calls NumPy answers with a view (or the argument itself): analyses/alias_views.py -------------
# Each was taken for a copy: the write through the result changed the array the reverse (and
# forward) sweep then read, and the gradient came out silently wrong (audit of the table against
# np.shares_memory, tests/analyses/test_alias_views.py).

def _array_copy_false_written(x):
    C = x * 1.0
    v = np.array(C, copy=False)
    s = np.sum(C * C)
    v[0] = 5.0
    return s + np.sum(C * x)


def _astype_copy_false_written(x):
    C = x * 1.0
    v = C.astype(np.float64, copy=False)
    s = np.sum(C * C)
    v[0] = 5.0
    return s + np.sum(C * x)


def _diff_of_order_zero_written(x):
    C = x * 1.0
    v = np.diff(C, n=0)
    s = np.sum(C * C)
    v[0] = 5.0
    return s + np.sum(C * x)


def _float64_of_an_array_written(x):
    C = x * 1.0
    v = np.float64(C)
    s = np.sum(C * C)
    v[0] = 5.0
    return s + np.sum(C * x)


def _stop_gradient_written(x):
    y = x * 2.0
    z = s2sad.stop_gradient(y)
    s = np.sum(y * y)
    z[0] = 0.0
    return s + np.sum(y)


def _einsum_operands_first_written(x):
    C = np.outer(x, x)
    v = np.einsum(C, [0, 1], [1, 0])
    s = np.sum(v * v)
    C[0, 1] = 3.0
    return s + np.sum(v)


def _out_writes_in_place(x):
    c = np.ones(4) * 2.0
    y = np.sum(c * x * x)
    np.exp(c, out=c)
    return y


def _ufunc_output_by_position(x):
    c = np.ones(4) * 2.0
    y = np.sum(c * x * x)
    np.exp(c, c)
    return y


def _method_kept_for_its_effect(x):
    c = np.ones(4) * 2.0
    y = np.sum(c * x * x)
    c.sort()
    return y


def _copyto_kept_for_its_effect(x):
    c = np.ones(4) * 2.0
    y = np.sum(c * x * x)
    np.copyto(c, x)
    return y


REFUSED_WRITES = [
    (_array_copy_false_written, "v[0] = 5.0", "shares memory with `C`"),
    (_astype_copy_false_written, "v[0] = 5.0", "shares memory with `C`"),
    (_diff_of_order_zero_written, "v[0] = 5.0", "shares memory with `C`"),
    (_float64_of_an_array_written, "v[0] = 5.0", "shares memory with `C`"),
    (_stop_gradient_written, "z[0] = 0.0", "shares memory with `y`"),
    (_einsum_operands_first_written, "C[0, 1] = 3.0", "shares memory with `v`"),
]
# Refused until rules23 (frontend/inplace.py): each is now the write it makes, `c[...] = ...`, after `c` was
# read, which the alias stage follows as any later write (the gradient is that of `c` before the write).
WRITES_AFTER_USE = [_out_writes_in_place, _ufunc_output_by_position, _method_kept_for_its_effect,
                    _copyto_kept_for_its_effect]


@pytest.mark.parametrize("f", WRITES_AFTER_USE, ids=[f.__name__ for f in WRITES_AFTER_USE])
def test_a_write_numpy_makes_into_an_output_after_its_use_is_followed(f):
    x = np.array([0.3, -0.7, 1.2, 0.5])
    check_grad(f, x)
    check_jvp(f, x, tangent=np.ones_like(x))


def _line_of(f, text):
    import inspect
    lines, start = inspect.getsourcelines(f)
    return start + next(k for k, line in enumerate(lines) if text in line)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, line, why", REFUSED_WRITES, ids=[c[0].__name__ for c in REFUSED_WRITES])
def test_a_write_numpy_makes_through_a_view_or_an_output_is_refused_at_its_line(f, line, why, jit, mode):
    """Before: a silently wrong gradient (the result was taken for a new array, or the write
    into ``out``/the effect on ``c`` was not seen). Now refused, naming the line and column."""
    x = np.array([0.3, -0.7, 1.2, 0.5])
    pattern = rf"(?s)line {_line_of(f, line)}, column \d+.*{re.escape(line)}.*{re.escape(why)}"
    advice = {"np.exp(c, out=c)": "`c = np.exp(c)`", "np.exp(c, c)": "`c = np.exp(c)`",
              "c.sort()": "`c = np.sort(c)`"}.get(line, "")
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=pattern) as info:
        if mode == "grad":
            s2sad.grad(f, jit=jit)(x)
        else:
            s2sad.jvp(f, jit=jit)(x, np.ones_like(x))
    assert advice in str(info.value)


def _view_written_when_its_base_is_not_read_again(x):
    C = x * 1.0
    v = np.array(C, copy=False)
    v *= x
    return np.sum(v * x)


def _written_integer_view_of_an_index_parameter(x, k):
    j = np.asarray(k, dtype=np.int64)
    j[0] = 1
    return np.sum(x[j] * x[j])


def _view_written_when_its_base_is_not_read_again_autograd(x):
    import autograd.numpy as anp
    return anp.sum(x * 1.0 * x * x)     # v *= x on the view, without writing in place


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_write_through_a_view_whose_base_is_not_read_again_is_exact(mode):
    """(jit=False only: numba has no ``np.array(..., copy=False)``; it is a located JitError.)"""
    f = _view_written_when_its_base_is_not_read_again
    if mode == "grad":
        check_grad(f, X, reference=_view_written_when_its_base_is_not_read_again_autograd)
    else:
        check_jvp(f, X, tangent=np.ones_like(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_an_integer_view_of_an_index_parameter_is_copied_before_the_write(jit):
    """``np.asarray(k, dtype=np.int64)`` of an int64 array is ``k`` itself: the write into it
    changed the caller's ``k`` (it was taken for a copy, so ``k`` was not copied on entry)."""
    k = np.array([0, 2, 3])
    check_grad(_written_integer_view_of_an_index_parameter, X, k, jit=jit)   # checks k is unchanged
    assert list(k) == [0, 2, 3]


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_name_that_is_a_0d_array_or_a_number_by_the_data_is_refused_at_its_write(jit):
    """NumPy returns a number from arithmetic on a 0-d array: a name assigned both is written
    in place or rebound depending on the data. It used to be taken for a 0-d array always, so
    the write reached ``y`` (wrong value and gradient when the loop ran)."""
    lines, first = inspect.getsourcelines(F.zero_d_array_rebound_in_a_loop)
    k = next(i for i, ln in enumerate(lines) if ln.strip() == "z -= 1.0")
    for n in (0, 2):
        with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
            s2sad.grad(F.zero_d_array_rebound_in_a_loop, jit=jit)(0.7, n)
        assert f"line {first + k}, column 5" in str(info.value) and "or a number (rebound)" in str(info.value)


def writes_an_entry(p, t, x):
    w = p["w"]
    w[0] = x
    a, b = t
    a *= x
    L = [p["v"]]
    L[0][1] = x * 2.0
    return np.sum(w ** 2) * x + np.sum(a * b) + np.sum(L[0] ** 2)


def test_a_written_entry_of_a_dict_or_tuple_parameter_is_copied():
    """An array entry of a dict (or tuple) parameter written in place (`w = p['w']; w[0] = x`)
    wrote into the caller's array: only parameters themselves were copied on entry, and an
    entry is read from its parameter by an opaque subscript (hunt9)."""
    p = {"w": np.array([1.0, 2.0, 0.5]), "v": np.array([0.3, -0.4])}
    t = (np.array([0.7, -1.1]), np.array([2.0, 3.0]))
    before = (p["w"].copy(), p["v"].copy(), t[0].copy(), t[1].copy())
    check_grad(writes_an_entry, p, t, 0.7, wrt=(0, 1, 2))
    for new, old in zip((p["w"], p["v"], t[0], t[1]), before):
        np.testing.assert_array_equal(new, old)
