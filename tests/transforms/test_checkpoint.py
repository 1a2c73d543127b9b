"""grad(f, checkpoint=K): outermost loops reversed from at most K snapshots
(s2sad/transforms/checkpoint.py, checkpoint_drivers.py, subadjoint.py).

Every function is checked against central finite differences and against the
gradient without checkpointing (the same arithmetic in the same order, so to
1e-12), for several K, in both modes: ``for`` and data-dependent ``while``
loops, branches in the body, several carried arrays and scalars, inner loops,
``break`` and ``return`` inside the loop, loops inside an ``if`` and between
other statements. Memory and time are measured in benchmarks/memory.py.
"""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError, UnsupportedSyntaxError
from s2sad.testing import check_grad, check_vjp


def helper(a, b):
    return a * np.sin(b)


def for_branches(w, x0):
    """Two carried arrays and two scalars, a branch on the state, an element write."""
    x = x0.copy()
    v = np.zeros_like(x0)
    s = 0.0
    m = 1.0
    for i in range(13):
        y = np.tanh(w * x + v)
        if s > 0.5:
            x = x + 0.1 * y
        else:
            x = x - 0.05 * y * y
        v = 0.9 * v + 0.1 * x
        x[0] = x[0] * 0.5 + m
        s = s + np.sum(x) * 0.01 * m
        m = m * 0.95
    return s + np.sum(x * v)


def while_data(w, x0):
    """A data-dependent while loop with a break."""
    x = x0
    k = 0
    while np.sum(x * x) < 10.0:
        x = x * w + 0.1
        k += 1
        if k > 60:
            break
    return np.sum(x) * k


def not_outermost(w, x0, flag):
    """Loops inside an if and between other statements; a range with a start and a step."""
    y = w * x0
    z = 0.0
    if flag > 0:
        for i in range(1, 14, 2):
            y = np.cos(y) * w + x0[i % len(x0)]
            z = z + np.sum(y)
    else:
        z = np.sum(y)
    q = z * w
    for i in range(6):
        q = q + np.sum(y) * 0.1 * q
    return q


def inner_loops(w, x0):
    """Inner for and while loops, an inlined helper, element writes in an inner loop."""
    x = x0.copy()
    v = np.zeros_like(x0)
    e = 0.0
    for t in range(9):
        for j in range(len(x)):
            v[j] = v[j] + 0.1 * helper(w, x[j])
        k = 0
        while k < 2:
            x = x + 0.05 * v
            k += 1
        e = e + np.dot(v, v)
    return e + np.sum(x)


def early_exit(w, xs):
    """break and return inside a for loop (lowered to a while loop with flags)."""
    h = 0.0
    for i in range(len(xs)):
        h = np.tanh(w * h + xs[i])
        if h > 0.8:
            return h * w
        if h < -0.9:
            break
    return h


def rows(W, X):
    acc = np.zeros(W.shape[0])
    for row in X:
        acc = np.tanh(W @ row + acc)
    return np.sum(acc ** 2)


def last_seen(w, xs):
    """`last` keeps a value from an earlier step, read only after the loop."""
    last = 0.0
    h = 1.0
    for i in range(len(xs)):
        h = h * w + xs[i]
        if xs[i] > 0:
            last = h
    return last + h


def vector_out(w, x0):
    x = x0
    for i in range(7):
        x = np.sin(x) * w
    return x


def overwritten_each_step(rho, B):
    """x is overwritten each step before any read and read after the loop: a step's adjoint
    read x's value at its start for the shape of its zero adjoint, but x was no state
    (UnboundLocalError, from hunt20's ADMM). Failed before the fix."""
    x = np.zeros(B.shape[1])
    z = np.zeros(B.shape[1])
    for _ in range(4):
        x = np.linalg.solve(B.T @ B + rho * np.eye(B.shape[1]), z + 1.0)
        z = np.clip(x, -0.3, 0.3)
    return np.sum(x ** 2) + np.sum(z)


def first_bound_in_the_loop(eps, a):
    """v has no value before the loop (Sinkhorn iterations). Failed before the fix."""
    K = np.exp(-np.abs(np.arange(3.0)[:, None] - np.arange(3.0)) / eps)
    u = np.ones(3)
    for _ in range(6):
        v = 0.25 / (K.T @ u)
        u = a / (K @ v)
    return np.sum(u[:, None] * K * v[None, :])


def make_args(rng):
    x4 = rng.normal(size=4)
    return {
        for_branches: ((0.3, np.linspace(0.1, 1.0, 4)), (0, 1)),
        while_data: ((1.1, np.linspace(0.1, 1.0, 4)), (0, 1)),
        not_outermost: ((0.4, x4, 1.0), (0, 1)),
        inner_loops: ((0.7, rng.normal(size=3)), (0, 1)),
        early_exit: ((0.9, rng.normal(size=9)), (0, 1)),
        rows: ((rng.normal(size=(3, 2)), rng.normal(size=(6, 2))), (0, 1)),
        last_seen: ((0.8, rng.normal(size=8)), (0, 1)),
        overwritten_each_step: ((0.5, rng.normal(size=(5, 3))), (0, 1)),
        first_bound_in_the_loop: ((0.7, np.array([0.2, 0.5, 0.3])), (0, 1)),
    }


def checkpointed(K):
    return lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=K)


def same_as_plain(f, args, wrt, K, jit=False):
    plain = s2sad.grad(f, wrt=wrt, jit=jit)(*args)
    got = s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=K)(*args)
    for a, b in zip(plain, got):
        np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-13)


FUNCS = [for_branches, while_data, not_outermost, inner_loops, early_exit, rows, last_seen, overwritten_each_step,
         first_bound_in_the_loop]


@pytest.mark.parametrize("f", FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("K", [1, 2, 5])
def test_checkpointed_gradients(f, K, rng):
    args, wrt = make_args(rng)[f]
    same_as_plain(f, args, wrt, K)
    check_grad(f, *args, wrt=wrt, grad_fn=checkpointed(K))


def test_branch_not_taken(rng):
    args = (0.4, rng.normal(size=4), -1.0)
    same_as_plain(not_outermost, args, (0, 1), 2)
    check_grad(not_outermost, *args, wrt=(0, 1), grad_fn=checkpointed(2))


@pytest.mark.jit
@pytest.mark.parametrize("f", [for_branches, while_data], ids=lambda f: f.__name__)
def test_checkpointed_gradients_jit(f, rng):
    """Compiled: the same gradient as the plain Python one (to rounding: numba's and
    NumPy's elementary functions may differ in the last bit) and as finite differences."""
    pytest.importorskip("numba")
    args, wrt = make_args(rng)[f]
    plain = s2sad.grad(f, wrt=wrt)(*args)
    got = s2sad.grad(f, wrt=wrt, jit=True, checkpoint=3)(*args)
    for a, b in zip(plain, got):
        np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12)
    check_grad(f, *args, wrt=wrt, grad_fn=checkpointed(3), jit=True)


def long_run(w, x0, n):
    x = x0.copy()
    for t in range(n):
        x = x + 0.01 * (np.tanh(w * x) - x)
        x[1:] = x[1:] + 0.001 * x[:-1]
    return np.sum(x * x)


def test_long_loop_same_gradient():
    x0 = np.sin(np.linspace(0, 3, 50))
    same_as_plain(long_run, (0.7, x0, 3000), (0, 1), 10)


@pytest.mark.parametrize("jit", [False, True])
def test_value_and_grad_and_vjp(jit, rng):
    x0 = rng.normal(size=4)
    v0, g0 = s2sad.value_and_grad(for_branches, wrt=1)(0.3, x0)
    v1, g1 = s2sad.value_and_grad(for_branches, wrt=1, checkpoint=2, jit=jit)(0.3, x0)
    assert v1 == pytest.approx(v0, rel=1e-14)
    np.testing.assert_allclose(g1, g0, rtol=1e-12)
    dout = rng.normal(size=4)
    np.testing.assert_allclose(s2sad.vjp(vector_out, wrt=(0, 1), checkpoint=2, jit=jit)(0.8, x0, dout)[1],
                               s2sad.vjp(vector_out, wrt=(0, 1))(0.8, x0, dout)[1], rtol=1e-12)
    check_vjp(vector_out, 0.8, x0, wrt=(0, 1), dout=dout, jit=jit, vjp_fn=lambda f, wrt, jit: s2sad.vjp(
        f, wrt=wrt, jit=jit, checkpoint=2))


def test_generated_code_is_readable_and_deterministic(rng):
    args, _ = make_args(rng)[while_data]
    g = s2sad.grad(while_data, checkpoint=4)
    g(*args)
    src = g.source
    assert src == s2sad.grad(while_data, checkpoint=4).build_for(g._by_kind.popitem()[0]).source
    assert "while_data_loop1_forward(" in src and "def while_data_loop1_adjoint(" in src
    assert "# while np.sum(x * x) < 10.0:" in src           # the source line above its reverse
    code = [line.strip() for line in src.splitlines()]
    assert code.count("x = x * w + 0.1") == 1                # the body once, in the step function
    assert "online(4)" in src


def test_inactive_loop_left_alone():
    def f(w, n):
        s = 0
        for i in range(n):
            s = s + i
        return w * s
    g = s2sad.grad(f, checkpoint=2)
    assert g(2.0, 5) == 10.0
    assert "_loop1" not in g.source


def test_refuses_index_read_after_the_loop():
    def f(w, xs):
        h = 0.0
        for i in range(len(xs)):
            h = h * w + xs[i]
        return h * i
    with pytest.raises(UnsupportedSyntaxError, match=r"index `i` is read after it") as err:
        s2sad.grad(f, checkpoint=2)(0.5, np.ones(3))
    assert "for i in range(len(xs)):" in str(err.value)


def test_a_list_the_loop_appends_to_is_state():
    """Refused until open44 ("appends to the list `ys`"); more in test_open44_checkpoint_lists.py."""
    def f(w, xs):
        ys = []
        h = 0.0
        for i in range(len(xs)):
            h = h * w + xs[i]
            ys.append(h)
        return np.sum(np.array(ys))
    got = check_grad(f, 0.5, np.ones(3), grad_fn=checkpointed(2))
    assert got == pytest.approx(s2sad.grad(f)(0.5, np.ones(3)), rel=1e-12)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "4"])
def test_checkpoint_argument_checked(bad):
    with pytest.raises(S2sadError, match="checkpoint="):
        s2sad.grad(for_branches, checkpoint=bad)


RATES = np.array([0.5, -0.3, 0.8])
SCALE = 0.9


def reads_globals(x):
    for i in range(5):
        x = np.tanh(RATES * x) + SCALE
    return np.sum(x)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_globals_read_in_the_loop_are_current(jit):
    """The step functions take the module's data as parameters: a changed global is seen."""
    global SCALE
    x = np.array([0.1, 0.2, 0.3])
    g = s2sad.grad(reads_globals, jit=jit, checkpoint=2)
    before = g(x)
    try:
        RATES[0], SCALE = 2.0, 0.5
        np.testing.assert_allclose(g(x), s2sad.grad(reads_globals)(x), rtol=1e-10)
        assert not np.allclose(g(x), before)
    finally:
        RATES[0], SCALE = 0.5, 0.9


def comprehension_then_loop(w, x):
    ys = [np.tanh(w * v) for v in x]
    s = 0.0
    for y in ys:
        s = s * 0.5 + y
    return s + np.sum(np.array([y * y for y in ys]))


def test_a_comprehension_is_no_loop_to_checkpoint():
    """A comprehension's loop appends to its list: it was taken for a loop to checkpoint and
    refused as 'a checkpointed loop that appends to the list `comp`', a name the user never
    wrote (12 of hunt20's functions). It is reversed with its tape; the user's loop is
    checkpointed. Failed before the fix."""
    args = (0.7, np.linspace(-1.0, 1.0, 7))
    same_as_plain(comprehension_then_loop, args, (0, 1), 2)
    check_grad(comprehension_then_loop, *args, wrt=(0, 1), grad_fn=checkpointed(2))
    assert "comprehension_then_loop_loop1_forward" in s2sad.grad(comprehension_then_loop, checkpoint=2).source


# ---- fuzz22: a value saved before the loop, of an array the steps then write into -------------
def read_before_written_in(q):
    """Campaign seed 1106 (python -m tests.fuzz --modes ckpt), minimized: the adjoint of
    ``r = sum(w ** 2)`` needs ``w`` as it was before the loop writes ``w[0]`` in place."""
    w = q + 0.0
    r = np.sum(w ** 2)
    for _k in range(2):
        w[0] += r
    return np.sum(w)


def view_read_before_written_in(q):
    """``w`` is a view of ``A``: the loop writes into both."""
    A = np.outer(q, q)
    w = A[0]
    r = np.sum(w ** 2)
    for k in range(2):
        w[1] += np.sin(w[0]) * 0.5 + r
    return np.sum(A ** 2)


def alias_read_before_written_in(q):
    w = q + 0.0
    v = w
    r = np.sum(v ** 2)
    n = 0
    while n < 3:
        w[0] += r * 0.5
        n += 1
    return np.sum(v ** 2)


def rows_read_before_written_in(q):
    M = np.outer(q, q) + 1.0
    s = np.sum(np.sin(M))
    for i in range(3):
        M[i] = M[i] * 0.5 + s * q
    return np.sum(M ** 2)


def in_a_branch_after_a_loop(q):
    """Two checkpointed loops; the second, in a branch, writes into what the first left."""
    w = q * 1.0
    for i in range(2):
        w[0] = w[0] * w[1]
    r = np.prod(w)
    if r < 10:
        for i in range(3):
            w[1:] = w[1:] + w[:-1] * r
    return np.sum(w ** 2)


@pytest.mark.parametrize("f", [read_before_written_in, view_read_before_written_in, alias_read_before_written_in,
                               rows_read_before_written_in, in_a_branch_after_a_loop], ids=lambda f: f.__name__)
def test_a_value_saved_before_the_loop_is_not_changed_by_its_steps(f):
    """The forward driver hands the caller's arrays to steps that write into them: a value of
    them saved for an earlier adjoint is a copy (analyses/tape.written_in_place). Before the fix
    the checkpointed gradient read the arrays as the loop left them (28.2 for 7.0 in the first)."""
    q = np.array([1.5, 0.6, -0.2])
    for K in (1, 3):
        same_as_plain(f, (q,), 0, K)
    check_grad(f, q, grad_fn=checkpointed(2))


@pytest.mark.jit
def test_a_value_saved_before_the_loop_is_not_changed_by_its_steps_jit():
    pytest.importorskip("numba")
    q = np.array([1.5, 0.6, -0.2])
    check_grad(read_before_written_in, q, grad_fn=checkpointed(2), jit=True)
