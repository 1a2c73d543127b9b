"""Functions written as people in other fields write them (hunt49: signal processing, time series
and survival models, root finders and quadrature, sequence models, reinforcement learning, ranking,
graphics, ecology; and API idioms). The whole hunt lives in /work/scratch/hunt49 (harness.py,
sets/*.py, table.md); these are the cases where s2sad gave a wrong gradient or an internal error."""
import heapq
import random

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def plackett_luce(s):
    """A ranking's likelihood: the risk set shrinks by ``remove`` after each pick."""
    ranking = [2, 0, 3, 1]
    ll = 0.0
    remaining = list(ranking)
    for r in ranking:
        ll += s[r] - np.log(np.sum(np.exp(s[remaining])))
        remaining.remove(r)
    return -ll


def plackett_luce_display(s):
    ll = 0.0
    remaining = [2, 0, 3, 1]
    for r in [2, 0, 3, 1]:
        ll += s[r] - np.log(np.sum(np.exp(s[remaining])))
        remaining.remove(r)
    return -ll


def pop_until_empty(s):
    ll = 0.0
    remaining = [1, 3, 0, 2]
    while remaining:
        ll += s[remaining[-1]] - np.log(np.sum(np.exp(s[remaining])))
        remaining.pop()
    return -ll


def rotate_by_methods(s):
    """The index list keeps its length but not its order: reverse, pop and insert."""
    idx = list(range(4))
    ll = 0.0
    for k in range(3):
        ll += np.sum(s[idx[:2]] ** 3)
        idx.reverse()
        idx.insert(0, idx.pop())
    return ll


def sort_then_pop(s):
    order = [3, 1, 0, 2]
    ll = 0.0
    pool = list(order)
    for step in range(3):
        ll += np.log(np.sum(np.exp(s[pool]))) - s[pool[0]]
        pool.sort()
        pool.pop(0)
    return ll


def set_discard(s):
    rem = set([0, 1, 2, 3])
    ll = 0.0
    for r in [2, 0, 3]:
        ll += np.sum(s[sorted(rem)] ** 2) * s[r]
        rem.discard(r)
    return ll


X = np.array([0.2, -0.1, 0.3, 0.5])
LIST_METHODS = [plackett_luce, plackett_luce_display, pop_until_empty, rotate_by_methods, sort_then_pop]


@pytest.mark.parametrize("fn", LIST_METHODS, ids=[f.__name__ for f in LIST_METHODS])
def test_index_list_changed_by_its_methods_in_a_loop(fn):
    """A list of indices changed in place by ``remove``/``pop``/``reverse``/``insert``/``sort`` and
    read in the loop: the reverse sweep read the list as the forward sweep left it (no statement
    assigned it, so it looked unchanged), and its shape was taken as stable. On main:
    AdjointFailedError (plackett_luce, plackett_luce_display, pop_until_empty, sort_then_pop) and a
    silently wrong gradient (rotate_by_methods)."""
    check_grad(fn, X.copy())
    check_grad(fn, X.copy(), grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2))


def test_set_changed_by_discard_in_a_checkpointed_loop():
    """checkpoint=2 on a loop whose state holds a set changed by ``discard``: the snapshot of a set
    was the set itself, and a restored state was not copied before the steps ran again, so the
    replay changed the stored snapshots (a wrong gradient on main)."""
    check_grad(set_discard, X.copy())
    check_grad(set_discard, X.copy(), grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2))


def shuffled_pairs(x):
    """Minibatches of pairs from an index list shuffled in place each epoch."""
    random.seed(0)
    idx = list(range(len(x)))
    tot = 0.0
    for ep in range(2):
        random.shuffle(idx)
        for k in range(0, len(idx), 2):
            tot += (x[idx[k]] - 0.5 * x[idx[k + 1]]) ** 2 * (ep + 1)
    return tot


def heap_pop_statement(x):
    h = [3, 1, 2, 0]
    heapq.heapify(h)
    tot = 0.0
    for k in range(3):
        tot += x[h[0]] * x[h[-1]] * (k + 1)
        heapq.heappop(h)
    return tot


def heap_pop_assigned(x):
    h = [3, 1, 2, 0]
    heapq.heapify(h)
    tot = 0.0
    for k in range(3):
        tot += x[h[0]] * x[h[-1]] * (k + 1)
        i = heapq.heappop(h)
        tot += x[i]
    return tot


EFFECT_CALLS = [shuffled_pairs, heap_pop_statement, heap_pop_assigned]


@pytest.mark.parametrize("fn", EFFECT_CALLS, ids=[f.__name__ for f in EFFECT_CALLS])
def test_index_list_changed_by_a_library_call_in_a_loop(fn):
    """``random.shuffle(idx)``, ``heapq.heappop(h)`` change the list they are given: the reverse sweep
    read the list as the forward sweep left it. Silently wrong gradients on main."""
    check_grad(fn, X.copy())


def rotate_scalar_reads(s):
    idx = [0, 1, 2, 3]
    ll = 0.0
    for k in range(3):
        ll += s[idx[0]] ** 3 * s[idx[1]]
        idx.reverse()
        idx.insert(0, idx.pop())
    return ll


@pytest.mark.jit
def test_index_list_changed_by_its_methods_under_jit():
    """The same under jit=True, with scalar reads of the list (numba indexes no array by a list):
    the saved list is numba's copy of it. Wrong in both modes on main."""
    pytest.importorskip("numba")
    check_grad(rotate_scalar_reads, X.copy())
    check_grad(rotate_scalar_reads, X.copy(), jit=True)


def _take_best(cands, s):
    best = cands[0]
    for c in cands:
        if s[c] > s[best]:
            best = c
    cands.remove(best)
    return best


def greedy_helper_remove(s):
    """The list is changed by a helper, through its parameter (a name copy once inlined)."""
    cands = [0, 1, 2, 3]
    tot = 0.0
    for k in range(3):
        tot += np.log(np.sum(np.exp(s[cands])))
        b = _take_best(cands, s)
        tot -= s[b]
    return tot


class Pool:
    def __init__(self, n):
        self.items = list(range(n))

    def drop(self, i):
        self.items.remove(i)

    def lse(self, s):
        return np.log(np.sum(np.exp(s[self.items])))


def pool_object(s):
    """The list is an object's attribute, read by one method and changed by another."""
    p = Pool(4)
    tot = 0.0
    for r in [2, 0, 1]:
        tot += p.lse(s) - s[r]
        p.drop(r)
    return tot


def dict_of_lists(s):
    groups = {"a": [0, 1], "b": [2, 3]}
    tot = 0.0
    for k in range(2):
        tot += np.sum(s[groups["a"]] ** 2) + np.sum(s[groups["b"]]) * (k + 1)
        groups["a"].reverse()
        groups["b"].pop()
    return tot


THROUGH_COPIES = [greedy_helper_remove, pool_object, dict_of_lists]


@pytest.mark.parametrize("fn", THROUGH_COPIES, ids=[f.__name__ for f in THROUGH_COPIES])
def test_list_changed_through_another_name(fn):
    """The list changed by its methods under one name and read under another (a helper's parameter,
    an object's attribute, a dict's entry): each name copy of it changes there too, in the tape,
    the shapes and a checkpointed loop's state. AdjointFailedError on main."""
    check_grad(fn, X.copy())
    check_grad(fn, X.copy(), grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2))


SIG = np.sin(np.arange(10.0) * 0.7)


def window_arrays_pop(w):
    h = np.zeros(2)
    buf = [h, h]
    tot = 0.0
    for t in range(5):
        h = np.tanh(w * buf[-1] + 0.5 * buf[-2] + SIG[t])
        buf.append(h)
        old = buf.pop(0)
        tot += np.sum(old * h)
    return tot


def window_insert_front(w):
    buf = [w[0], w[1]]
    tot = 0.0
    for t in range(4):
        v = np.sin(buf[0] + 0.5 * buf[1])
        buf.insert(0, v)
        buf.pop()
        tot += v * (t + 1)
    return tot


def remove_by_value(w):
    vals = [w[0], w[1], w[2]]
    tot = 0.0
    for k in range(2):
        m = max(vals)
        tot += m * (k + 1)
        vals.remove(m)
    return tot + vals[0]


WINDOWS = [(window_arrays_pop, np.array([0.5, -0.3])), (window_insert_front, np.array([0.5, -0.3])),
           (remove_by_value, np.array([0.5, -0.3, 0.8]))]


@pytest.mark.parametrize("fn, x", WINDOWS, ids=[f.__name__ for f, _ in WINDOWS])
def test_list_of_differentiated_values_rebuilt_by_pop_and_append(fn, x):
    """Guard (passes on main): a list of differentiated values popped and appended (the frontend
    rebuilds it by appends, which the tape follows on its own); counting such an append again as a
    change of the list by its methods broke these (IndexError in the derivative code)."""
    check_grad(fn, x)
