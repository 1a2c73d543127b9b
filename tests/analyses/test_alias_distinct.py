"""Double buffering (s2sad/analyses/alias_distinct.py): ``cur, nxt = nxt, cur`` in a loop
exchanges two arrays that never share memory, so a write through ``nxt`` leaves ``cur``
alone. Before that analysis every form below was refused ("a write through `nxt`, which shares
memory with `cur`"): the may-point-to sets of both names hold both buffers after one swap.
Each form is exact in grad, jvp and hvp, with and without jit, against central differences
(and against autograd on a copy-based twin), the caller's array untouched; forms where the two
names do share memory stay refused, at the write."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

U0 = np.array([0.3, -1.2, 0.8, 2.0, -0.4, 1.1, 0.6])


def heat_swap_by_tuple(u0, k):
    cur = u0.copy()
    nxt = np.empty_like(cur)
    for _ in range(5):
        nxt[1:-1] = cur[1:-1] + k * (cur[2:] - 2.0 * cur[1:-1] + cur[:-2])
        nxt[0] = 0.0
        nxt[-1] = 0.0
        cur, nxt = nxt, cur
    return np.sum(cur ** 2)


def heat_swap_through_tmp(u0, k):
    cur = u0.copy()
    nxt = np.zeros_like(cur)
    for _ in range(4):
        nxt[1:-1] = cur[1:-1] + k * (cur[2:] - 2.0 * cur[1:-1] + cur[:-2])
        nxt[0] = cur[0]
        nxt[-1] = cur[-1]
        tmp = cur
        cur = nxt
        nxt = tmp
    return np.sum(np.sin(cur))


def heat_swap_of_the_parameter(u0, k):
    """``cur = u0``: after one swap the writes go into the caller's array (copied on entry)."""
    cur = u0
    nxt = np.empty_like(u0)
    for _ in range(3):
        nxt[1:-1] = cur[1:-1] + k * (cur[2:] - 2.0 * cur[1:-1] + cur[:-2])
        nxt[0] = cur[0]
        nxt[-1] = cur[-1]
        cur, nxt = nxt, cur
    return np.sum(cur ** 2)


def swap_in_a_branch(u0, k):
    cur = u0.copy()
    nxt = np.empty_like(cur)
    for i in range(4):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        nxt[0] = cur[0]
        nxt[-1] = cur[-1]
        if i % 2 == 0:
            cur, nxt = nxt, cur
        else:
            cur = nxt.copy()
    return np.sum(cur ** 2)


def swap_in_a_while_with_ellipsis_writes(u0, k):
    cur = u0.copy()
    nxt = np.empty_like(cur)
    i = 0
    while i < 3:
        nxt[...] = cur * k
        nxt[1:] += cur[:-1] ** 2
        cur, nxt = nxt, cur
        i += 1
    return np.sum(cur ** 2)


def rotate_three_buffers(u0, k):
    a = u0.copy()
    b = np.zeros_like(a)
    c = np.ones_like(a)
    for _ in range(4):
        c[1:-1] = a[1:-1] * k + b[2:] * a[:-2]
        c[0] = a[0] * k
        a, b, c = b, c, a
    return np.sum(a ** 2) + np.sum(b * c)


EXACT = [heat_swap_by_tuple, heat_swap_through_tmp, heat_swap_of_the_parameter, swap_in_a_branch,
         swap_in_a_while_with_ellipsis_writes, rotate_three_buffers]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", EXACT, ids=lambda f: f.__name__)
def test_double_buffering_is_exact(f, jit):
    v = np.linspace(-1.0, 1.0, U0.size)
    check_grad(f, U0.copy(), 0.2, jit=jit)
    check_jvp(f, U0.copy(), 0.2, tangent=v, jit=jit)
    check_hvp(f, U0.copy(), 0.2, v=v, jit=jit)


def heat_by_copies(u0, k):
    cur = u0
    for _ in range(5):
        inner = cur[1:-1] + k * (cur[2:] - 2.0 * cur[1:-1] + cur[:-2])
        cur = anp.concatenate([anp.zeros(1), inner, anp.zeros(1)])
    return anp.sum(cur ** 2)


def test_double_buffering_matches_autograd():
    for k in (0.1, 0.3):
        want = autograd.grad(heat_by_copies)(U0.copy(), k)
        got = s2sad.grad(heat_swap_by_tuple)(U0.copy(), k)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def stencil_2d(U, k):
    cur = U.copy()
    nxt = np.zeros_like(cur)
    for _ in range(3):
        nxt[1:-1, 1:-1] = cur[1:-1, 1:-1] + k * (cur[2:, 1:-1] + cur[:-2, 1:-1] + cur[1:-1, 2:]
                                                 + cur[1:-1, :-2] - 4.0 * cur[1:-1, 1:-1])
        nxt[0, :] = cur[0, :]
        nxt[-1, :] = cur[-1, :]
        nxt[:, 0] = cur[:, 0]
        nxt[:, -1] = cur[:, -1]
        cur, nxt = nxt, cur
    return np.sum(cur ** 3)


def test_two_dimensional_stencil_with_swapped_buffers_is_exact():
    U = np.random.default_rng(1).normal(size=(5, 6))
    check_grad(stencil_2d, U, 0.1)
    check_hvp(stencil_2d, U, 0.1, v=np.ones_like(U))


def swap_on_some_iterations_only(u0, k):
    cur = u0.copy()
    nxt = np.zeros_like(cur)
    for i in range(5):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        if i % 2 == 0:
            cur, nxt = nxt, cur
    return np.sum(cur ** 2) + np.sum(nxt)


def _swapped(a, b):
    return b, a


def swap_by_a_helper(u0, k):
    cur = u0.copy()
    nxt = np.zeros_like(cur)
    for _ in range(3):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        cur, nxt = _swapped(cur, nxt)
    return np.sum(cur ** 2)


def write_through_a_view_of_the_back_buffer(u0, k):
    cur = u0.copy()
    nxt = np.zeros_like(cur)
    for _ in range(3):
        inner = nxt[1:-1]
        inner[:] = cur[1:-1] * k + cur[2:] * cur[:-2]
        nxt[0] = cur[-1]
        cur, nxt = nxt, cur
    return np.sum(cur ** 2)


def two_double_buffered_fields(u0, k):
    u = u0.copy()
    v = u0 * k
    un = np.empty_like(u)
    vn = np.empty_like(v)
    for _ in range(3):
        un[:] = u + k * v
        vn[:] = v - k * u ** 2
        u, un = un, u
        v, vn = vn, v
    return np.sum(u * v)


def updates_in_place_then_swap(u0, k):
    cur = u0.copy()
    nxt = u0 * 0.5
    for _ in range(3):
        nxt *= k
        nxt += cur ** 2
        cur, nxt = nxt, cur
    return np.sum(cur ** 2) + np.sum(nxt)


@pytest.mark.parametrize("f", [swap_on_some_iterations_only, swap_by_a_helper, write_through_a_view_of_the_back_buffer,
                               two_double_buffered_fields, updates_in_place_then_swap], ids=lambda f: f.__name__)
def test_double_buffering_variants_are_exact(f):
    u0, v = 0.5 * U0, np.linspace(-1.0, 1.0, U0.size)   # (values small enough for central differences)
    check_grad(f, u0, 0.2)
    check_grad(f, u0, 0.2, wrt=1)
    check_jvp(f, u0, 0.2, tangent=v)
    check_hvp(f, u0, 0.2, v=v)


def snapshots_of_the_front_buffer_in_a_list(u0, k):
    cur = u0.copy()
    nxt = np.zeros_like(cur)
    hist = []
    for _ in range(3):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        cur, nxt = nxt, cur
        hist.append(cur.copy())
    return np.sum(hist[0] * hist[2]) + np.sum(hist[1])


def test_copies_of_a_swapped_buffer_kept_in_a_list_are_exact():
    v = np.linspace(-1.0, 1.0, U0.size)
    check_grad(snapshots_of_the_front_buffer_in_a_list, 0.5 * U0, 0.2)
    check_jvp(snapshots_of_the_front_buffer_in_a_list, 0.5 * U0, 0.2, tangent=v)


# ---- the two names do share memory: still refused at the write --------------------------------
def swap_of_one_array_with_itself(u0, k):
    cur = u0.copy()
    nxt = cur
    for _ in range(3):
        nxt[1:-1] = cur[1:-1] + k * (cur[2:] - 2.0 * cur[1:-1] + cur[:-2])
        cur, nxt = nxt, cur
    return np.sum(cur ** 2)


def swap_with_a_reversed_view(u0, k):
    cur = u0.copy()
    nxt = cur[::-1]
    for _ in range(3):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        cur, nxt = nxt, cur
    return np.sum(cur ** 2)


def one_branch_joins_the_buffers(u0, k):
    cur = u0.copy()
    nxt = np.zeros_like(cur)
    for i in range(4):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        if i % 2 == 0:
            cur, nxt = nxt, cur
        else:
            nxt = cur
    return np.sum(cur ** 2)


def swap_of_an_asarray(u0, k):
    cur = u0.copy()
    nxt = np.asarray(cur)
    for _ in range(3):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        cur, nxt = nxt, cur
    return np.sum(cur ** 2)


def buffers_also_held_by_a_list(u0, k):
    cur = u0.copy()
    nxt = np.zeros_like(cur)
    bufs = [cur, nxt]
    for _ in range(3):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        cur, nxt = nxt, cur
    return np.sum(cur ** 2) + np.sum(bufs[0] * bufs[1])


def the_swapped_buffers_themselves_kept_in_a_list(u0, k):
    cur = u0.copy()
    nxt = np.zeros_like(cur)
    hist = []
    for _ in range(3):
        nxt[1:-1] = cur[1:-1] * k + cur[2:] * cur[:-2]
        cur, nxt = nxt, cur
        hist.append(cur)
    return np.sum(hist[0] * hist[2]) + np.sum(hist[1])


@pytest.mark.parametrize("f", [swap_of_one_array_with_itself, swap_with_a_reversed_view,
                               one_branch_joins_the_buffers, swap_of_an_asarray, buffers_also_held_by_a_list,
                               the_swapped_buffers_themselves_kept_in_a_list],
                         ids=lambda f: f.__name__)
def test_swapped_names_that_share_memory_are_refused_at_the_write(f):
    with pytest.raises(S2sadError) as e:
        s2sad.grad(f)(U0.copy(), 0.2)
    msg = str(e.value)
    assert "line" in msg and "nxt[1:-1] = cur[1:-1]" in msg and "shares memory" in msg


def _meet_by_pairs(*states):
    """The meet as its docstring states it, pair by pair (the one set operations must equal)."""
    bound = frozenset().union(*(b for b, _ in states))
    out = {}
    for a in set().union(*(p.keys() for _, p in states)):
        candidates = frozenset().union(*(p.get(a, ()) for _, p in states))
        kept = frozenset(z for z in candidates
                         if all(z in p.get(a, ()) or a not in b or z not in b for b, p in states))
        if kept:
            out[a] = kept
    return bound, out


def test_meet_by_set_operations_keeps_the_same_pairs():
    from s2sad.analyses.alias_distinct import _meet
    rng = np.random.default_rng(42)
    names = [f"n{k}" for k in range(7)]
    for _ in range(300):
        states = []
        for _ in range(int(rng.integers(1, 4))):
            bound = frozenset(n for n in names if rng.random() < 0.7)
            partners = {}
            for a in bound:
                for z in bound - {a}:
                    if rng.random() < 0.4 and a < z:
                        partners[a] = partners.get(a, frozenset()) | {z}
                        partners[z] = partners.get(z, frozenset()) | {a}
            states.append((bound, partners))
        assert _meet(*states) == _meet_by_pairs(*states)
