"""Dicts with constant keys: one variable per key (s2sad/transforms/aggregates.py)."""
import numpy as np
import pytest

import aggregate_funcs as F
import s2sad
from s2sad.testing import check_grad, numeric_grad

X = np.array([0.3, -0.5])
W = np.array([[0.5, 0.1], [0.2, -0.3]])


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args, wrt", [
    (F.dict_wrapper, (1.0, 2.0, 3.0), (0, 1, 2)), (F.local_dict, (X, W), (0, 1)), (F.dict_loop, (X,), 0),
], ids=lambda v: getattr(v, "__name__", None))
def test_local_dicts(f, args, wrt, jit):
    check_grad(f, *args, wrt=wrt, jit=jit)


def test_dict_parameter_gets_a_dict_gradient():
    val = {"a": 3.0, "b": np.array([1.0, 2.0]), "c": 4.0}
    g = s2sad.grad(lambda_free_saxpy)(val)
    assert set(g) == {"a", "b", "c"} and g["b"].shape == (2,)
    for key in val:
        def along(v, key=key):
            return lambda_free_saxpy({**val, key: v})
        assert np.allclose(g[key], numeric_grad(along, [val[key]], 0))


def lambda_free_saxpy(val):
    return np.sum(val["a"] * val["b"] + val["c"])


def test_nested_dict_parameter():
    assert s2sad.grad(F.nested_dict)({"i": {"j": 3.0, "k": 4.0}}) == {"i": {"j": 4.0, "k": 3.0}}


def test_dict_with_a_variable_key_is_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"line \d+.*\n.*d\[k\]"):
        s2sad.grad(F.bad_key)(1.0, "a")


def test_dict_parameter_under_jit_is_refused_clearly():
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(F.dict_saxpy, jit=True)({"a": 3.0, "b": 2.0, "c": 4.0})


# ---- differentiated tuple parameters (Tangent's `a, b, c = abc_packed_in_tuple`) ----------
def tuple_saxpy(abc):
    a, b, c = abc
    return np.sum(a * b + c)


def tuple_indexed(t, k):
    return t[0] * k + np.sum(t[1] ** 2)


def tuple_len(t):
    return len(t) * t[0]


def tuple_summed(t):
    return np.sum(t) * t[0]


@pytest.mark.parametrize("mode", ["grad", "value_and_grad", "vjp"])
def test_tuple_parameter_gets_a_tuple_gradient(mode):
    x = np.array([1.0, -2.0])
    abc = (x, x * 3.0, 0.5)
    extra = (1.0,) if mode == "vjp" else ()
    g = getattr(s2sad, mode)(tuple_saxpy)(abc, *extra)
    g = g[1] if mode == "value_and_grad" else g
    assert isinstance(g, tuple) and len(g) == 3
    for i in range(3):
        def along(v, i=i):
            return tuple_saxpy(abc[:i] + (v,) + abc[i + 1:])
        assert np.allclose(g[i], numeric_grad(along, [abc[i]], 0))
    assert isinstance(g[2], float) and np.array_equal(abc[0], x)  # the caller's arrays are untouched


def test_tuple_read_by_index_beside_other_parameters():
    t, k = (1.5, np.array([1.0, 2.0])), 2.0
    gt, gk = s2sad.grad(tuple_indexed, wrt=(0, 1))(t, k)
    assert gt[0] == 2.0 and np.allclose(gt[1], 2.0 * t[1]) and gk == 1.5


def test_a_differentiated_tuple_used_whole_is_the_tuple_of_its_items():
    """``np.sum(t)`` was refused ("this use of `t`"); it is the tuple of its leaves now
    (transforms/tuple_index.py): d/da (a + b) a = 2a + b, d/db = a."""
    value, g = s2sad.value_and_grad(tuple_summed)((1.0, 2.0))
    assert value == tuple_summed((1.0, 2.0)) and g == (4.0, 1.0)


def test_the_length_of_a_differentiated_tuple_is_its_number_of_items():
    """Part of its kind, as a dict parameter's keys are (``a, b = t`` checks it, as Python does)."""
    assert s2sad.grad(tuple_len)((1.0, 2.0)) == (2.0, 0.0)
    assert s2sad.grad(tuple_len)((1.0, 2.0, 3.0)) == (3.0, 0.0, 0.0)


def test_tuple_parameter_under_jit_and_in_forward_mode_is_refused_clearly():
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(tuple_saxpy, jit=True)((1.0, 2.0, 3.0))
    with pytest.raises(s2sad.S2sadError, match="is a tuple"):
        s2sad.jvp(tuple_saxpy)((1.0, 2.0, 3.0), (1.0, 1.0, 1.0))


def _dict_saxpy(val):
    return val["a"] * val["b"] + val["c"]


def tuple_into_dict_helper(abc):
    a, b, c = abc
    return _dict_saxpy(dict(a=a, b=b, c=c))


def test_tuple_items_packed_into_a_dict_for_a_helper():
    """The helper taking the dict is inlined although the tuple's items are read by name."""
    assert s2sad.grad(tuple_into_dict_helper)((1.0, 2.0, 3.0)) == (2.0, 1.0, 1.0)


def _dict_entry_updated_in_place(x):
    z = x * 1.0
    d = {"a": z}
    d["a"] += 1.0
    return np.sum(z * x)


def _dict_entry_added_later_updated_in_place(x):
    d = {}
    z = x * 1.0
    d["a"] = z
    d["b"] = z
    d["a"] += 1.0
    return np.sum(d["b"] * x)


@pytest.mark.parametrize("f", [_dict_entry_updated_in_place, _dict_entry_added_later_updated_in_place])
def test_augmented_store_into_a_dict_entry_updates_the_array_it_holds(f):
    """`d["a"] += 1.0` changes the array `z` that `d["a"]` holds (the array's `+=`); it was
    differentiated as rebinding the entry, leaving `z` unchanged (a silently wrong gradient, hunt5)."""
    x = np.array([0.3, -0.7])
    g = check_grad(f, x)
    np.testing.assert_allclose(g, 2 * x + 1.0)


@pytest.mark.parametrize("d", [{"b": 1.5, "a": -0.5}, {"a": -0.5, "b": 1.5}], ids=["ba", "ab"])
def test_loops_over_a_dict_parameters_views_in_its_order(d):
    """`d.items()`, `d.values()`, `d.keys()` of a dict parameter were refused ('the method
    `.items()` on a value being differentiated', also when `d` is not differentiated); they are
    the dict's entries in its insertion order, which is part of the specialisation (two dicts
    with the same keys in another order give other results)."""
    check_grad(F.dict_views_in_order, 0.7, d)
    check_grad(F.dict_views_in_order, 0.7, d, wrt=1)
    s2sad.testing.check_hvp(F.dict_views_in_order, 0.7, d, v=1.0)


def entry_inside_expressions(p, X, y):
    v = {"w": np.zeros_like(p["w"]), "b": 0.0}
    n = len(p["w"]) + p["w"].shape[0]
    for _ in range(p["w"].shape[0]):
        r = X @ p["w"] + p["b"] - y
        v["w"] = 0.9 * v["w"] + X.T @ r / n
        v["b"] = 0.9 * v["b"] + r.mean()
    return np.sum(v["w"] ** 2) + v["b"] ** 2


def test_an_entry_read_inside_an_expression_is_its_leaf():
    """`np.zeros_like(p['w'])`, `len(p['w'])` and `p['w'].shape[0]` read an entry with a constant
    key, as the message asked, yet were refused as "this use of `p`": only a read assigned to a
    name was replaced by the entry's leaf (hunt9, /work/scratch/user/fns71.py momentum_dict)."""
    p = {"w": np.array([0.4, -0.3]), "b": 0.2}
    Xm, y = np.array([[1.0, 0.5], [-0.3, 0.8], [0.2, 0.1]]), np.array([0.3, -0.2, 0.5])
    check_grad(entry_inside_expressions, p, Xm, y, wrt=(0, 1, 2))


def uses_one_entry(p, t, x):
    a, b = t
    return np.sum(p["layer"]["w"] ** 2) * x + np.sum(a * x)


def test_an_array_entry_the_function_never_reads_gets_a_zero_gradient():
    """The zero gradient of an array entry nothing reads was shaped like its leaf, whose read had
    been removed as dead: NameError `p_layer_v` / `t_k1` inside s2sad (hunt9). It is shaped like
    the entry read afresh."""
    p = {"layer": {"w": np.array([1.0, -2.0]), "v": np.ones((2, 2))}, "c": np.array([0.5])}
    t = (np.array([0.3, 0.1]), np.array([1.0, 2.0, 3.0]))
    g = check_grad(uses_one_entry, p, t, 0.5, wrt=(0, 1, 2))
    assert g[0]["layer"]["v"].shape == (2, 2) and g[0]["c"].shape == (1,) and g[1][1].shape == (3,)
    assert not np.any(g[0]["layer"]["v"]) and not np.any(g[1][1])


def dict_copied_then_updated(p, x):
    q = dict(p)
    q["W"] = q["W"] - 0.1 * np.outer(x, x)
    r = p.copy()
    r["b"] = r["b"] * 2.0
    h = np.tanh(q["W"] @ x + r["b"])
    return np.sum(h ** 2) + np.sum(p["b"] * q["b"])


def test_dict_copy_is_a_new_dict_of_the_same_entries():
    """`q = dict(p)` / `p.copy()` of a dict parameter was refused ("this use of `p`"; hunt11,
    /work/scratch/user/fns82.py dict_params_update). It is a new dict of the same entries (a
    shallow copy): writing a key of the copy leaves the original's key as it was."""
    import autograd.numpy as anp
    from autograd import grad as ag_grad
    p = {"W": np.array([[0.5, -0.2], [0.1, 0.8]]), "b": np.array([0.3, -0.4])}
    x = np.array([0.7, -1.1])
    got = check_grad(dict_copied_then_updated, p, x, wrt=(0, 1))

    def reference(p, x):      # autograd's dict box has no .copy()
        h = anp.tanh((p["W"] - 0.1 * anp.outer(x, x)) @ x + p["b"] * 2.0)
        return anp.sum(h ** 2) + anp.sum(p["b"] * p["b"])
    ref = ag_grad(reference, (0, 1))(p, x)
    assert all(np.allclose(got[0][k], ref[0][k]) for k in p) and np.allclose(got[1], ref[1])
