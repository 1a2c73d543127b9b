"""Refusals say the true reason, quote the user's line and say what to write (issue 8, class 7):
no internal exception's text, no internal name, no wrong kind of object."""
import collections
import typing
from collections import deque

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -1.2, 0.8])


def _refusal(f, *args, mode="grad"):
    """The message of the S2sadError that ``grad`` (or ``jvp``, along ones) of ``f`` raises."""
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(f)(*args) if mode == "grad" else s2sad.jvp(f)(*args, np.ones(3))
    return str(info.value)


def sorted_joined(x):
    a = sorted([x[0], x[1]])
    b = sorted([x[2], x[0]])
    c = a + b
    return c[0] * c[3] + c[1]


def sorted_slices_joined(x):
    a = sorted([x[0], x[1], x[2]])
    b = a[:1] + a[2:]
    return b[0] * b[1]


def items_of_nested_lists_joined(x):
    L = [[x[0], x[1]], [x[2]]]
    M = L[0] + L[1]
    return M[0] * M[2]


def sorted_array_repeated(x):
    a = sorted(x) * 2
    return a[0] * a[5]


def item_of_nested_lists_repeated(x):
    L = [[x[0], x[1]], [x[2]]]
    M = L[1] * 2
    return M[0] * M[1]


@pytest.mark.parametrize("f, line, why", [
    (items_of_nested_lists_joined, "M = L[0] + L[1]", "joins them"),
    (sorted_array_repeated, "a = sorted(x) * 2", "repeats it"), (item_of_nested_lists_repeated, "M = L[1] * 2", "repeats it")])
def test_lists_joined_are_refused_as_joined_lists(f, line, why):
    """Were an internal "derivative code raised ValueError: cannot reshape ..." (or
    "non-broadcastable output operand": the lists added or multiplied elementwise), and for
    `sorted_slices_joined` a silently wrong gradient: `sorted(...)` and an item of a list of lists
    were not known to be lists."""
    msg = _refusal(f, X)
    assert why in msg and line in msg and "np.concatenate" in msg
    assert "raised" not in msg


@pytest.mark.parametrize("f", [sorted_joined, sorted_slices_joined])
def test_sorted_lists_joined_are_written_out(f):
    """Refused until stop 47 (and sorted_slices_joined silently wrong before that): two proven
    lists joined are ``[*a, *b]`` (frontend/list_joins.py)."""
    check_grad(f, X)
    check_jvp(f, X, tangent=np.ones_like(X))


def deque_appended(x):
    d = collections.deque()
    d.append(x[0])
    d.append(x[1])
    return d[0] * d[1]


def deque_imported(x):
    d = deque([x[2]], maxlen=3)
    d.append(x[0])
    return d[0] * d[1]


@pytest.mark.parametrize("f", [deque_appended, deque_imported])
def test_a_deque_appended_to_is_called_a_deque(f):
    """Was "appending to the list `d` made here by something other than a list display"."""
    msg = _refusal(f, X)
    assert "a `deque`, not a list" in msg and "d = []" in msg and "d = " in msg.splitlines()[1]


Point = collections.namedtuple("Point", "x y")


class Typed(typing.NamedTuple):
    a: float
    b: float = 2.0


def point_replaced(x):
    p = Point(x[0], x[1])
    p = p._replace(y=p.x * x[2])
    q = p._replace(x=np.sin(p.y))
    return q.x * q.y + p.x


def typed_replaced(x):
    p = Typed(x[0])
    q = p._replace(b=x[1] * x[2])
    return q.a * q.b


@pytest.mark.parametrize("f", [point_replaced, typed_replaced])
def test_namedtuple_replace_is_followed(f):
    """Was refused as "the method call `._replace()` on one of your own objects"; it is the
    standard library's namedtuple method, `C(x=v, y=p.y)`."""
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([0.5, 1.0, -0.7]))


def replaced_param(p, x):
    q = p._replace(x=x[2])
    return q.x * q.y


def replaced_no_field(x):
    p = Point(x[0], x[1])
    q = p._replace(z=x[2])
    return q.x * q.y


def test_namedtuple_replace_refusals_say_what_it_is():
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(replaced_param, wrt=1)(Point(1.0, 2.0), X)
    msg = str(info.value)
    assert "a namedtuple's method" in msg and "q = p._replace(x=x[2])" in msg and "Point(x=v, y=p.y)" in msg
    assert "your own objects" not in msg
    msg = _refusal(replaced_no_field, X)
    assert "no field `z`" in msg and "q = p._replace(z=x[2])" in msg and "(x, y)" in msg


def pop_read_in_statement(x):
    L = [x[0], x[1], x[2]]
    return L[-1] * L.pop()


def pop_under_condition(x):
    L = [x[0], x[1], x[2]]
    v = L.pop() if x[0] > 0 else x[1]
    return v * L[0]


def pop_of_shared_list(x):
    L = [x[0], x[1], x[2]]
    M = [x[0]]
    if x[0] > 0:
        M = L        # (an alias made in a branch and read after it: not one name, list_aliases.py)
    v = L.pop()
    return v * M[0]


@pytest.mark.parametrize("f, why, advice", [
    (pop_read_in_statement, "also reads `L`", "`v = L.pop()`"),
    (pop_under_condition, "under a condition", "`v = L.pop()`"),
    (pop_of_shared_list, "also used at line", "`list(L)`")])
def test_a_pop_not_lifted_says_why(f, why, advice):
    """Was the generic "the method `.pop()` on a value being differentiated. Compute it with
    NumPy functions"."""
    msg = _refusal(f, X)
    assert why in msg and advice in msg and "L.pop()" in msg.splitlines()[1]
    assert "NumPy functions" not in msg


def shared_after_pop(x):
    a = x * 2.0
    L = [a, a, a]
    v = L.pop()
    L[0][1] = x[0] * 3.0
    return np.sum(L[1] * v)


def shared_after_insert(x):
    a = x * 2.0
    L = [a]
    L.insert(0, a)
    L[0][1] = x[0]
    return np.sum(L[1])


def writes_into_its_list(L, v):
    L[0][0] = v
    return L


def shared_in_helper(x):
    a = x * 2.0
    M = writes_into_its_list([a, a], x[1])
    return np.sum(M[1])


def view_in_list_after_pop(x):
    a = x * 2.0
    L = [a[0:2], a[1:3]]
    v = L.pop()
    L[0][1] = x[0]
    return np.sum(v * a)


@pytest.mark.parametrize("f, said", [(shared_after_pop, "the list `L`"), (shared_after_insert, "the list `L`"),
                                     (shared_in_helper, "the list `L`"), (view_in_list_after_pop, "`L[0]`")])
def test_alias_refusals_quote_the_users_names(f, said):
    """Were `L2` (s2sad's renaming of a list it rebuilt), `helper_L` (an inlined helper's
    local) and `[][0]` (the rebuilt list's empty display spelled out) in the message."""
    msg = _refusal(f, X)
    assert said in msg
    assert not any(bad in msg for bad in ("L2", "_L`", "[]["))


def pop_in_if_test(x):
    L = [x[0], x[1], x[2]]
    if L.pop() > 0:
        return L[0]
    return L[1]


def pop_in_if_test_then_regrown(x):
    L = [x[0], x[1], x[2]]
    if L.pop(0) > 0:
        L.append(x[2])
    else:
        L.append(x[1])
    return L[0] * 2.0 + L[1] * 3.0 + L[2]


@pytest.mark.parametrize("f", [pop_in_if_test, pop_in_if_test_then_regrown])
def test_a_pop_in_an_if_test_is_lifted(f):
    """Were an AdjointFailedError (IndexError in the derivative code) and a silently wrong
    gradient and JVP: the pop in the test was kept as a Python call whose change of `L` the
    derivative did not see. The test is now hoisted (`c = L.pop() > 0`) and the pop lifted."""
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([0.5, 1.0, -0.7]))


def pop_in_while_test(x):
    L = [x[0], x[1], x[2]]
    s = 0.0
    while L.pop() > -5.0:
        s = s + L[0] * 1.0
        if len(L) == 1:
            break
    return s


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_pop_in_a_while_test_is_refused(mode):
    """Was an AdjointFailedError (IndexError in the derivative code)."""
    msg = _refusal(pop_in_while_test, X, mode=mode)
    assert "test of a `while` loop" in msg and "while L.pop() > -5.0:" in msg and "v = L.pop()" in msg


def extended_by_sorted(x):
    L = [x[0]]
    L.extend(sorted([x[1], x[2]]))
    return L[0] * L[2]


def test_an_extend_not_lifted_says_what_is_followed():
    """Was "`L.extend(...)` here: its result is discarded and it receives the differentiated
    value `L`, which it may store or change ... (like list.append)"."""
    msg = _refusal(extended_by_sorted, X)
    assert "L.extend(sorted([x[1], x[2]]))" in msg and "`L.extend([a, b])`" in msg and "L.append(v)" in msg
    assert "result is discarded" not in msg
