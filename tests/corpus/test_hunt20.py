"""Functions written as people in other fields write them (hunt20: signal and image processing,
statistics, hand-written NN layers, physics, optimisation inner loops, graphics, economics,
chemistry, array idioms, views). The whole hunt lives in /work/scratch/hunt20 (harness.py,
set_*.py, table.md); these are the cases where s2sad was wrong, crashed or refused what a user
would expect to work."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp


def where_indices_times_a_number(x):
    i = np.where(x < 0)[0]
    return np.sum(i * x[0])


def where_indices_gather(x):
    i = np.where(x > 0)[0]
    y = x[i]
    s = 0.0
    for v in y:
        s += v * v
    return s + np.sum(y * y[::-1])


def where_indices_of_a_matrix(x):
    rows, cols = np.where(x > 0)
    return np.sum(x[rows, cols] ** 2) + np.sum(rows * x[0, 0])


def where_indices_scatter(x):
    i = np.where(x > 0)[0]
    z = np.zeros_like(x)
    z[i] = x[i] ** 2
    return np.sum(z * x) + len(i) * x[1]


WHERE_ONE_ARGUMENT = [where_indices_times_a_number, where_indices_gather, where_indices_scatter]
X6 = np.array([0.3, -0.2, 0.5, -1.0, 2.0, -0.1])


@pytest.mark.parametrize("f", WHERE_ONE_ARGUMENT, ids=lambda f: f.__name__)
def test_where_of_one_argument_is_a_tuple_of_index_arrays(f):
    """np.where(c) returns a tuple of index arrays, not the elementwise where: the rank analysis
    gave it the rank of its condition, so np.where(c)[0] was a number and the adjoint called
    item() on an array (AdjointFailedError), also in hvp. Failed before the fix."""
    check_grad(f, X6)
    check_hvp(f, X6, v=X6[::-1].copy())


def test_where_indices_of_a_matrix():
    check_grad(where_indices_of_a_matrix, X6.reshape(2, 3))


def test_where_indices_gather_jit():
    """Under jit=True the number-specialised adjoint of `where_indices_gather` returned a wrong
    gradient without a word (7.9 for 4.6 at x[0]). Failed before the fix."""
    check_grad(where_indices_gather, X6, jit=True)


def de_casteljau_by_comprehension(t, ctrl):
    pts = [ctrl[i] for i in range(len(ctrl))]
    while len(pts) > 1:
        pts = [(1 - t) * pts[i] + t * pts[i + 1] for i in range(len(pts) - 1)]
    return np.sum(pts[0] ** 2)


def de_casteljau_by_appends(t, ctrl):
    pts = [row for row in ctrl]
    for r in range(len(ctrl) - 1):
        new = []
        for i in range(len(pts) - 1):
            new.append((1 - t) * pts[i] + t * pts[i + 1])
        pts = new
    return np.sum(pts[0] ** 2)


CTRL = np.array([[0.0, 0.0], [0.3, 1.0], [0.7, 1.2], [1.0, 0.1]])


@pytest.mark.parametrize("f", [de_casteljau_by_comprehension, de_casteljau_by_appends], ids=lambda f: f.__name__)
def test_list_rebuilt_each_iteration_is_a_new_list(f):
    """`pts = [... for i in ...]` in a loop appends to a new list each time: the alias stage took
    every name ever bound to it (`pts = comp`) for the same list object, and the flow-sensitive
    analysis also counted the arrays the lists hold (made by the same statements in every
    iteration), so the append was refused as 'a write through `comp2`' (a name the user never
    wrote). Refused before the fix."""
    check_grad(f, 0.35, CTRL, wrt=(0, 1))
    check_grad(f, 0.35, CTRL[:, 1], wrt=(0, 1))


def one_list_under_two_names(x):
    xs = [x[0]]
    for k in range(3):
        ys = xs
        ys.append(x[k + 1] * xs[-1])
        xs = ys
    zs = []
    for k in range(2):
        ws = zs
        zs = []
        ws.append(x[k] ** 2)
        zs.append(x[k] + ws[0])
    return sum(xs) + zs[0] * 3.0


def test_one_list_under_two_names_still_sees_its_appends():
    check_grad(one_list_under_two_names, np.array([0.5, -1.2, 0.8, 2.0]))


def put_into_zeros(x):
    y = np.zeros(6)
    np.putmask(y, np.arange(6) % 3 == 0, x[:2] * 2)
    return np.sum(np.take(y, [3, 3, 0]) * x[3:])


def copied_into_empty(x):
    y = np.empty(6)
    np.copyto(y, x)
    return np.sum(y ** 2)


def put_as_advised(x):
    y = np.zeros(6)
    y[[0, 3]] = x[:2] * 2
    return np.sum(np.take(y, [3, 3, 0]) * x[3:])


def test_copyto_is_the_write_it_was_advised_as():
    """np.copyto(y, x) was refused with the advice `y[...] = x`; frontend/inplace.py writes it so."""
    check_grad(copied_into_empty, np.arange(6.0) * 0.3)


@pytest.mark.parametrize("f, advice", [(put_into_zeros, "the array `y`")], ids=["putmask"])
def test_numpy_function_changing_its_first_argument_is_advised_on_that_argument(f, advice):
    """np.put(y, ...) was advised as a method of `np`: 'instead of changing `np` in place:
    `np[idx] = values`'. The array a NumPy function changes is its first argument (np.put itself is
    differentiated since stop 55: np.putmask is the example)."""
    import s2sad
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="test_hunt20.py\", line") as info:
        s2sad.grad(f)(np.arange(6.0))
    assert advice in str(info.value) and "`np`" not in str(info.value)
    check_grad(put_as_advised, np.arange(6.0) * 0.3)


CFG = {"heads": 2, "scale": 0.5}


def heads_from_a_global_dict(x):
    n, d = x.shape
    q = x.reshape(n, CFG["heads"], d // CFG["heads"])
    r = q[:, 0]
    h = CFG["heads"]
    return np.sum(r * q[:, 1]) * CFG["scale"] + h


def test_global_dict_under_jit_is_refused_by_the_jit_stage_not_crashed():
    """The rank map holds a global dict's kind (("dict", ...)); the jit stage's view rewrite
    compared it with an int (TypeError, reported as AdjointFailedError 'please report it').
    A dict's kind is no rank: the adjoint is built. (Stop 34: the items read by constant keys
    are values of their own, scopes._DataPaths, so numba compiles them.) Failed before the fix."""
    check_grad(heads_from_a_global_dict, np.arange(12.0).reshape(3, 4) * 0.1)
    check_grad(heads_from_a_global_dict, np.arange(12.0).reshape(3, 4) * 0.1, jit=True)


def logaddexp_reduced(x):     # np.logaddexp.reduce has a rule since rules23: its base-2 twin has none
    return np.logaddexp2.reduce(x) + np.logaddexp(x[0], x[1])


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_ufunc_method_without_a_rule_is_named_with_its_ufunc(mode):
    """np.logaddexp.reduce(x) was refused as 'no derivative rule for `reduce`' with the advice
    @s2sad.adjoint(reduce), a name the user cannot write. Failed before the fix."""
    import s2sad
    x = np.array([0.1, -0.4, 0.7])
    with pytest.raises(s2sad.NoDerivativeError, match="test_hunt20.py\", line") as info:
        s2sad.grad(logaddexp_reduced)(x) if mode == "grad" else s2sad.jvp(logaddexp_reduced)(x, x)
    assert "rule for `np.logaddexp2.reduce`" in str(info.value)
    assert "(np.logaddexp2.reduce)" in str(info.value)


def first_column_broadcast(x):
    y = x - x.mean(axis=0)
    return np.sum(np.broadcast_to(y[:, :1], y.shape) * y)


def vector_broadcast_to_rows(x):
    return np.sum(np.broadcast_to(x, (3, 4)) * np.arange(12.0).reshape(3, 4))


def number_broadcast(s, x):
    return np.sum(np.broadcast_to(s * 2.0, (2, 3)) ** 2 * x[0])


def column_broadcast_matmul(x):
    B = np.broadcast_to(x[:, None], (4, 3))
    return np.sum(B @ np.ones(3) * x)


X43 = np.arange(12.0).reshape(4, 3) * 0.1 - 0.4
V4 = np.array([0.3, -0.2, 0.5, 1.0])


def test_broadcast_to_has_a_rule():
    """np.broadcast_to had no rule (refused): its adjoint sums over the broadcast axes
    (unbroadcast), its tangent is the tangent broadcast. Refused before the rule."""
    from s2sad.testing import check_jvp
    check_grad(first_column_broadcast, X43)
    check_grad(vector_broadcast_to_rows, V4)
    check_grad(number_broadcast, 0.7, np.array([0.3, 0.2]), wrt=(0, 1))
    check_grad(column_broadcast_matmul, V4)
    check_jvp(first_column_broadcast, X43, tangent=X43[::-1].copy())
    check_jvp(number_broadcast, 0.7, np.array([0.3, 0.2]), wrt=(0, 1), tangent=(0.5, np.array([1.0, -1.0])))


def test_broadcast_to_under_jit():
    check_grad(column_broadcast_matmul, V4, jit=True)


def _clip_in_place(v, lo, hi):
    np.clip(v, lo, hi, out=v)
    return v


def clipped_by_a_helper(x):
    return np.sum(_clip_in_place(x * 2.0, -1.0, 1.0) ** 2)


def _sorted_in_place(v):
    v.sort()
    return v


def sorted_by_a_helper(x):
    return np.sum(_sorted_in_place(x * 2.0) * np.arange(6))


def test_out_of_np_clip_inside_a_helper_is_the_write_it_is():
    """Refused before stop 48 (the `out` case below): `np.clip(v, lo, hi, out=v)` of a helper's
    parameter is now `r = np.clip(v, lo, hi); v[...] = r` (frontend/inplace.py), which the inliner
    follows into the caller's array."""
    x = X6 * 0.9        # (X6[2] * 2 is the bound 1.0 itself: a kink)
    check_grad(clipped_by_a_helper, x)
    check_hvp(clipped_by_a_helper, x, v=X6[::-1].copy())


@pytest.mark.parametrize("f, said", [
    (sorted_by_a_helper, "receives the array `v`, which it may store or change where s2sad cannot follow "
                         "(like list.append). Make a new array instead of changing `v` in place: `v = np.sort(v)`")],
    ids=["method"])
def test_refusal_inside_a_helper_quotes_the_helpers_names(f, said):
    """A call kept for its effect inside an inlined helper was refused with the names the inliner
    gave the helper's locals (`_clip_in_place_v = np.clip(_clip_in_place_v, ...)`), which the user
    never wrote. Failed before the fix."""
    import s2sad
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="test_hunt20.py\", line") as info:
        s2sad.grad(f)(X6)
    assert said in str(info.value)
