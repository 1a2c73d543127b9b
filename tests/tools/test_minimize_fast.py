"""The warm-call path of ``s2sad.minimize`` (s2sad/tools/optim_fast.py): a repeated call of a
kind that ran before goes straight to its compiled loop, with the same iterates, still
noticing a rebound global or closure cell and still refusing bad arguments."""
import math
import weakref

import numpy as np
import pytest

import s2sad
from s2sad.tools import optim

pytest.importorskip("numba")


def himmelblau(p):
    return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2


def least_squares(w, a, b):
    r = a @ w - b
    return np.sum(r * r) / len(b)


def quartic(x):
    return (x - 1.5) ** 4 + x * x


def square(v):
    return v * v


def through_helper(p):
    return np.sum(square(p - 1.0))


def cube_abs(v):
    return np.abs(v) ** 3


A = np.arange(6.0).reshape(3, 2) / 3.0
B = np.array([1.0, -2.0, 0.5])

CALLS = [(himmelblau, np.array([-4.0, 0.0]), dict(method="adam", lr=1e-3, steps=500)),
         (least_squares, np.zeros(2), dict(method="sgd", lr=0.05, steps=200, args=(A, B))),
         (quartic, 0.25, dict(method="momentum", lr=0.01, steps=100)),
         (through_helper, np.array([3.0, -1.0, 0.5]), dict(method="adam", lr=0.05, steps=50))]


@pytest.mark.parametrize("f, x0, kw", CALLS, ids=[c[0].__name__ for c in CALLS])
def test_a_warm_call_skips_the_checking_path_with_the_same_iterates(f, x0, kw, monkeypatch):
    first = s2sad.minimize(f, x0, **kw)                # compiles, or loads, the loop
    second = s2sad.minimize(f, x0, **kw)
    monkeypatch.setattr(optim, "checked", lambda *a, **k: pytest.fail("the warm call took the checking path"))
    warm = s2sad.minimize(f, x0, **kw)
    for res in (second, warm):
        np.testing.assert_array_equal(res.x, first.x)
        np.testing.assert_array_equal(res.losses, first.losses)
    assert type(warm.x) is type(first.x) and warm.time["cache"] == "in memory"
    assert set(warm.time) == set(second.time) and warm.steps == kw["steps"]


def test_a_warm_call_leaves_x0_as_it_was():
    x0 = np.array([-4.0, 0.0])
    for _ in range(3):
        res = s2sad.minimize(himmelblau, x0, method="adam", lr=1e-2, steps=20)
        assert res.x is not x0
    np.testing.assert_array_equal(x0, [-4.0, 0.0])


def test_a_warm_call_with_a_strided_or_read_only_x0_compiles_nothing_new():
    base = np.array([[-4.0, 9.0], [0.0, 9.0]])
    kw = dict(method="adam", lr=1e-2, steps=20)
    ref = [s2sad.minimize(himmelblau, base[:, 0].copy(), **kw) for _ in range(3)][-1]
    loops = optim._GRADS[himmelblau][True]._by_kind[(1,)].descent_loops
    compiled = sum(len(d.overloads) for d in loops.values())
    ro = base[:, 0].copy()
    ro.flags.writeable = False
    for x0 in (base[:, 0], ro, base.T[0], np.asfortranarray(base)[:, 0]):
        res = s2sad.minimize(himmelblau, x0, **kw)
        np.testing.assert_array_equal(res.x, ref.x)
        np.testing.assert_array_equal(res.losses, ref.losses)
    np.testing.assert_array_equal(base, [[-4.0, 9.0], [0.0, 9.0]])
    assert sum(len(d.overloads) for d in loops.values()) == compiled


def test_a_global_rebound_between_warm_calls_changes_the_result():
    global square
    x0 = np.array([3.0, -1.0, 0.5])
    kw = dict(method="sgd", lr=0.01, steps=30)
    before = [s2sad.minimize(through_helper, x0, **kw).x for _ in range(3)]
    kept = square
    try:
        square = cube_abs
        after = s2sad.minimize(through_helper, x0, **kw).x
        again = s2sad.minimize(through_helper, x0, **kw).x
    finally:
        square = kept
    back = s2sad.minimize(through_helper, x0, **kw).x
    # by hand: sum(|p - 1| ** 3), gradient 3 (p - 1) |p - 1|
    p = x0.copy()
    for _ in range(30):
        p = p - 0.01 * 3 * (p - 1.0) * np.abs(p - 1.0)
    np.testing.assert_allclose(after, p, rtol=1e-12)
    np.testing.assert_array_equal(again, after)
    np.testing.assert_array_equal(back, before[0])


def test_a_closure_cell_rebound_between_warm_calls_changes_the_result():
    def make():
        act = square

        def loss(p):
            return np.sum(act(p - 1.0))

        def rebind(g):
            nonlocal act
            act = g
        return loss, rebind
    loss, rebind = make()
    x0 = np.array([3.0, -1.0])
    kw = dict(method="sgd", lr=0.01, steps=30)
    first = [s2sad.minimize(loss, x0, **kw).x for _ in range(3)]
    rebind(cube_abs)
    after = s2sad.minimize(loss, x0, **kw).x
    p = x0.copy()
    for _ in range(30):
        p = p - 0.01 * 3 * (p - 1.0) * np.abs(p - 1.0)
    np.testing.assert_allclose(after, p, rtol=1e-12)
    assert not np.array_equal(after, first[0])


def test_code_replaced_in_place_between_warm_calls_is_used():
    def loss(p):
        return np.sum((p - 1.0) ** 2)

    def other(p):
        return np.sum((p - 2.0) ** 2)
    x0 = np.zeros(2)
    kw = dict(method="sgd", lr=0.1, steps=40)
    for _ in range(3):
        s2sad.minimize(loss, x0, **kw)
    loss.__code__ = other.__code__                     # as IPython's %autoreload does
    np.testing.assert_allclose(s2sad.minimize(loss, x0, **kw).x, 2.0 * (1 - 0.8 ** 40), rtol=1e-12)


BAD = [dict(lr=-1.0), dict(lr=math.nan), dict(lr=math.inf), dict(steps=-1), dict(steps=2.5), dict(steps=True),
       dict(betas=(1.0, 0.9)), dict(betas=(0.9, -0.1)), dict(betas=(0.9, math.nan)), dict(betas=(0.9,)),
       dict(eps=-1e-8), dict(momentum=math.inf), dict(method="adamw"), dict(method=["adam"]), dict(args=(1.0,)),
       dict(args=np.ones(2)), dict(jit="yes")]


@pytest.mark.parametrize("bad", BAD, ids=[repr(b) for b in BAD])
def test_a_warm_call_still_refuses_bad_arguments(bad):
    kw = dict(method="adam", lr=1e-3, steps=5)
    for _ in range(3):
        s2sad.minimize(himmelblau, np.array([-4.0, 0.0]), **kw)
    with pytest.raises(s2sad.S2sadError):
        s2sad.minimize(himmelblau, np.array([-4.0, 0.0]), **{**kw, **bad})


def test_a_warm_call_refuses_a_complex_or_non_numeric_x0():
    for _ in range(3):
        s2sad.minimize(himmelblau, np.array([-4.0, 0.0]), method="sgd", lr=1e-3, steps=5)
    for x0 in (np.array([-4.0, 0.0]) + 0j, np.array(["a", "b"]), None):
        with pytest.raises(s2sad.S2sadError):
            s2sad.minimize(himmelblau, x0, method="sgd", lr=1e-3, steps=5)


def test_other_kinds_of_call_take_the_checking_path():
    kw = dict(method="sgd", lr=0.05, steps=20)
    for _ in range(2):
        s2sad.minimize(least_squares, np.zeros(2), args=(A, B), **kw)
    ref = s2sad.minimize(least_squares, np.zeros(2), args=(A, B), **kw)
    f32 = s2sad.minimize(least_squares, np.zeros(2, dtype=np.float32), args=(A, B), **kw)
    np.testing.assert_array_equal(f32.x, ref.x)                     # x0 converted as before
    strided = s2sad.minimize(least_squares, np.zeros(2), args=(np.asfortranarray(A), B), **kw)
    np.testing.assert_allclose(strided.x, ref.x, rtol=1e-13)
    listed = s2sad.minimize(least_squares, np.zeros(2), args=[A, B], **kw)
    np.testing.assert_array_equal(listed.x, ref.x)
    from s2sad.tools import optim_fast
    keys = optim_fast._FAST[weakref.ref(least_squares)][1]
    assert {k[1] for k in keys} == {(2,)}


def test_an_error_raised_by_f_on_the_warm_path_is_its_own():
    def loss(p, k):
        return p[k] * p[k]
    kw = dict(method="sgd", lr=0.1, steps=3)
    for _ in range(3):
        s2sad.minimize(loss, np.ones(2), args=(1,), **kw)
    with pytest.raises(IndexError):
        s2sad.minimize(loss, np.ones(2), args=(5,), **kw)


def test_steps_past_int64_are_not_taken_for_the_loop_typed_with_int64():
    from s2sad.tools import optim_fast
    for _ in range(3):
        s2sad.minimize(himmelblau, np.array([-4.0, 0.0]), method="sgd", lr=1e-3, steps=2)
    assert optim_fast.run(himmelblau, np.array([-4.0, 0.0]), "sgd", 1e-3, 2, (), (0.9, 0.999), 1e-8, 0.9)
    assert optim_fast.run(himmelblau, np.array([-4.0, 0.0]), "sgd", 1e-3, 2 ** 63, (), (0.9, 0.999), 1e-8,
                          0.9) is None
