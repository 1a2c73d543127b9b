"""frontend/queues.py: ``L.pop(0)`` on a local list used as a queue is a read at a head index;
a list seen otherwise (aliased, returned, popped under a condition...) keeps its refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

DEMAND = [3.0, 5.0, 2.0, 6.0, 4.0]


def base_stock(level):
    pipeline = [0.0, 0.0]
    inv = level
    cost = 0.0
    for d in DEMAND:
        inv += pipeline.pop(0)
        inv -= d
        order = max(level - inv - sum(pipeline), 0.0)
        pipeline.append(order)
        cost += 0.3 * inv ** 2
    return cost


def moving_window(x):
    window = [x[0], x[1] * 2.0]
    total = 0.0
    for i in range(2, 5):
        head = window.pop(0)
        total = total + head * np.sum(window) + window[0]
        window.append(np.sin(x[i]))
    for v in window:
        total = total + v * v
    while window:
        total = total * 0.5 + window.pop(0)
    if window:
        total = total * 10.0
    return total


X = np.array([0.3, -1.2, 0.7, 0.4, 1.1])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_queue_popped_from_the_front(jit):
    """Refused before ("the method `.pop()` on a value being differentiated"; hunt23
    set_ops.base_stock_with_lead_time)."""
    check_grad(base_stock, 9.0, jit=jit, reference=None if jit else "autograd")
    check_grad(moving_window, X, jit=jit)


def test_a_queue_in_forward_mode():
    check_jvp(moving_window, X, tangent=np.array([1.0, 0.5, -2.0, 0.25, 1.0]))
    check_jvp(base_stock, 9.0, tangent=1.0)


def test_an_empty_queue_raises_as_pop_does():
    def drained(x):
        q = [x]
        q.pop(0)
        return q.pop(0) * x
    with pytest.raises(IndexError):
        s2sad.grad(drained)(1.5)


def popped_under_a_condition(x):
    q = [x, x * 2.0]
    y = x if x > 10.0 else q.pop(0)
    return y * q[0]


def aliased(x):
    q = [x, x * 2.0]
    r = [x]
    if x > 0:
        r = q        # (an alias made in a branch and read after it: not one name, list_aliases.py)
    r.pop(0)
    return q[0] * x


def aliased_once(x):
    q = [x, x * 2.0]
    r = q
    r.pop(0)
    return q[0] * x


def test_a_pop_through_an_alias_is_exact():
    """Refused before alias40: ``r = q`` is one name (frontend/list_aliases.py)."""
    check_grad(aliased_once, 0.7)
    check_jvp(aliased_once, 0.7, tangent=1.0)


def read_twice_in_one_statement(x):
    q = [x, x * 2.0]
    y = q[0] + q.pop(0)
    return y * q[0]


def a_stack(x):
    q = [x, x * 2.0]
    return q.pop() * x


def from_the_end(x):
    q = [x, x * 2.0]
    q.pop(0)
    return q[-1] * x


@pytest.mark.parametrize("f", [popped_under_a_condition, aliased, read_twice_in_one_statement])
def test_a_list_not_proven_a_queue_stays_refused(f):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"pop\("):
        s2sad.grad(f)(0.7)


@pytest.mark.parametrize("f", [a_stack, from_the_end])
def test_other_pops_of_a_local_list_are_rebindings(f):
    """Not queues, but a local list no one else holds: frontend/list_mutation.py."""
    check_grad(f, 0.7)


def grown_while_iterated(x):
    q = [x, x * 2.0]
    total = 0.0
    for v in q:
        if len(q) < 4:
            q.append(v * 3.0)
        total = total + v
    return total + q.pop(0)


def test_a_loop_over_the_queue_that_changes_it_is_not_rewritten():
    """Python's loop sees the items appended while it runs; a copy of the items would not."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"pop\(|appends to it"):
        s2sad.grad(grown_while_iterated)(0.7)


def dropped_from_the_front(x):
    q = [x[0], x[1], x[2] * 2.0]
    del q[0]
    total = q[0] * q[1]
    del q[0]
    return total + np.sum(q) * x[0]


def test_del_of_the_front_item_is_a_pop():
    check_grad(dropped_from_the_front, X[:3], reference="autograd")

    def dropped_twice(x):
        q = [x * 2.0]
        del q[0]
        del q[0]
        return x * x
    with pytest.raises(IndexError):
        s2sad.grad(dropped_twice)(1.5)


def written(x):
    q = [x, x * 2.0]
    q[1] = x * 3.0
    return q.pop(0) * q[0]


def test_a_queue_whose_items_are_written_is_not_rewritten():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"pop\("):
        s2sad.grad(written)(0.7)
