"""Inlining a user's helper (s2sad/transforms/inline.py): how a call binds its parameters."""
import inspect
import re

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp


def _shifted(x, a=1.0, *, b, c=0.5):
    return a * x + b * np.sin(x) + c


def keyword_only_helper(x, b):
    return np.sum(_shifted(x, 2.0, b=b) ** 2) + np.sum(_shifted(x, c=b, b=0.3))


def keyword_only_nested_helper(x, s):
    def h(v, *, scale, p=2):
        return scale * v ** p
    return np.sum(h(x, scale=s)) + np.sum(h(x, p=3, scale=1.5))


act = lambda v, *, s=2.0: np.tanh(s * v)  # noqa: E731


def keyword_only_lambda(x, t):
    return np.sum(act(x, s=t) + act(x))


def keyword_only_passed_by_position(x):
    return np.sum(_shifted(x, 1.0, 2.0))


X = np.array([0.3, -0.7, 1.1])


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("func", [keyword_only_helper, keyword_only_nested_helper, keyword_only_lambda])
def test_keyword_only_parameters_of_a_helper_are_bound_by_name(func, jit):
    """``def h(x, *, k=1.0)`` called as ``h(x, k=v)`` was refused at the helper's ``def`` (hunt8,
    fns61 kwonly_helper): the keyword-only parameters are bound by name with their defaults."""
    check_grad(func, X, 0.4, wrt=(0, 1), jit=jit, reference="autograd")
    if not jit:
        check_jvp(func, X, 0.4, wrt=(0, 1), tangent=(np.array([1.0, -2.0, 0.5]), 0.3))
        check_hvp(func, X, 0.4, v=np.array([0.2, 1.0, -1.0]))


def test_keyword_only_parameter_passed_by_position_is_refused_at_the_call():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(keyword_only_passed_by_position)(X)
    assert re.search(r'test_inline\.py", line \d+', str(info.value))
    assert "np.sum(_shifted(x, 1.0, 2.0))" in str(info.value)


def _as_one_element(b):
    return np.hstack(b * 2.0)


def returns_of_two_shapes_through_a_helper(x):
    if np.sum(x) > 5.0:
        return x[0] * 2.0
    return _as_one_element(x[1])


def test_a_refusal_at_a_helpers_result_names_the_callers_line():
    """The binding of an inlined helper's result had no source, so the refusal of the returns'
    shapes named no file or line (fuzz seed 2300488); it names the caller's `return` now."""
    lines, first = inspect.getsourcelines(returns_of_two_shapes_through_a_helper)
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(returns_of_two_shapes_through_a_helper)(np.array([0.3, 0.5]))
    msg = str(info.value)
    assert f'File "{__file__}", line {first + 3}, column 5' in msg, msg
    assert "returns have different shapes (rank 1 here, rank 0 at another return)" in msg, msg


def _moments3(v):
    return v.mean(), v.std(), v.max()


def stacked_helper_tuples(X):
    rows = [np.array(_moments3(r)) for r in X]
    m = _moments3(X[0])
    return np.sum(np.stack(rows) * np.array([1.0, 2.0, 3.0])) + np.sum(np.stack(m) ** 2)


def test_helper_tuple_passed_whole_to_numpy():
    """`np.array(helper(r))` of a helper returning a tuple was refused ("using the tuple as a
    whole"; hunt11, /work/scratch/user/fns82.py tuple_helper_stacked). A call's argument that
    is such a tuple is the tuple of its parts `(r_0, r_1, r_2)`, exactly (tuples do not change)."""
    X = np.array([[0.1, 0.5, -0.3, 0.9], [-0.7, 0.2, 0.6, 0.1], [0.4, -0.3, 1.2, -0.5]])
    for jit in (False, True):
        check_grad(stacked_helper_tuples, X, jit=jit, rtol=1e-4, reference=None if jit else "autograd")


def _leapfrog(state, dt):
    pos, vel = state
    return pos + dt * vel, vel - dt * pos


def state_tuple_stepped(x):
    s = (x[:2], x[2:])
    for _ in range(3):
        s = _leapfrog(s, 0.1)
    return np.sum(s[0] ** 2) + np.sum(s[-1])


def state_tuple_once(x):
    s = (x[:2], x[2:])
    s = _leapfrog(s, 0.2)
    a, b = s
    return np.sum(a * b)


def autograd_state_tuple_stepped(x):
    import autograd.numpy as anp
    s = (x[:2], x[2:])
    for _ in range(3):
        s = _leapfrog(s, 0.1)
    return anp.sum(s[0] ** 2) + anp.sum(s[-1])


X4 = np.array([0.3, -1.2, 0.7, 0.4])


def test_a_local_holding_a_helpers_tuple_is_kept_as_its_parts():
    """`s = step(s, dt)`, `s` a tuple passed whole to the helper, was refused ("using the tuple
    `t3` as a whole"; hunt23 set_idiom.tuple_of_arrays_state): a local every store of which is a
    tuple of one length is its parts `s_0, s_1` (tuples do not change)."""
    check_grad(state_tuple_stepped, X4, reference=autograd_state_tuple_stepped)
    check_grad(state_tuple_once, X4)
    check_jvp(state_tuple_stepped, X4, tangent=np.array([1.0, 0.5, -2.0, 0.25]))
    check_hvp(state_tuple_once, X4, v=np.array([1.0, 0.5, -2.0, 0.25]))


@pytest.mark.jit
def test_a_local_holding_a_helpers_tuple_under_jit():
    check_grad(state_tuple_stepped, X4, jit=True)


def tuples_of_two_lengths(x, k):
    s = (x[:2], x[2:])
    if k > 0:
        s = _leapfrog(s, 0.1)
    else:
        s = (x[:1], x[1:2], x[2:])
    return np.sum(s[0] ** 2)


def tuple_returned_whole(x):
    s = (x[:2], x[2:])
    s = _leapfrog(s, 0.1)
    t = s + (x,)
    return np.sum(t[2] * t[0][0])


def test_a_tuple_local_not_proven_one_tuple_stays_refused():
    """``tuples_of_two_lengths`` passes its pair whole to the helper, built where it is read since
    stop 50 (transforms/inline._rebuilt_wholes), and ``s`` is then not kept as items: right on
    both paths. A tuple joined to a helper's tuple stays refused."""
    for k in (1.0, -1.0):
        check_grad(tuples_of_two_lengths, X4, k)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="as a whole|joins them"):
        s2sad.grad(tuple_returned_whole)(X4)
