"""grad(f, checkpoint=K) of a loop that appends to a list, writes items of it, pops, inserts or
rebinds it: the list is loop state, copied into snapshots and for each replay
(transforms/checkpoint.py, checkpoint_drivers.py).

On main every function here was refused as "a checkpointed loop that appends to the list ..."
or "... or writes into it"
(7 of hunt42's 195 cases: RNN state lists, attention caches, pooled outputs), although grad
without checkpointing was exact. Each is checked against central finite differences with the
checkpointed gradient, for several K, and against the gradient without checkpointing (the same
arithmetic in the same order).
"""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad
from tests.corpus.test_hunt23 import shrinking_gain_in_a_list as item_written   # a list of numbers whose item the steps write
from tests.corpus.test_hunt41 import decaying_steps as closure_counter          # a closure keeping a mutable counter in a list

RNG = np.random.default_rng(7)
WX = RNG.standard_normal((2, 3)) * 0.5
SEQ = RNG.standard_normal((6, 2))


def rnn_list(wh):
    """The state read back from the list (`hs[-1]`), the list read after the loop."""
    hs = [np.zeros(3)]
    for t in range(SEQ.shape[0]):
        hs.append(np.tanh(SEQ[t] @ WX + hs[-1] @ wh))
    return sum(np.sum(h ** 2) for h in hs[1:])


def rnn_stack(wh):
    """Append only, stacked after the loop."""
    h = np.zeros(3)
    states = []
    for x in SEQ:
        h = np.tanh(x @ WX + wh @ h)
        states.append(h)
    S = np.stack(states)
    return np.sum(S[:, 0]) + np.sum(S[-1] ** 2)


def kv_cache(x):
    """Two lists read whole in every step (np.array of the items so far), never after the loop."""
    ks, vs = [], []
    y = 0.0
    for t in range(x.shape[0]):
        ks.append(x[t] * 0.7)
        vs.append(np.tanh(x[t]))
        K = np.array(ks)
        V = np.array(vs)
        a = np.exp(K @ x[t])
        a /= a.sum()
        y += np.sum(a @ V)
    return y


def pooled(x):
    """Numbers appended, a range with a stride."""
    out = []
    for i in range(0, len(x) - 1, 2):
        out.append(max(x[i], x[i + 1]))
    return sum(o * o for o in out)


def ragged(x):
    """Items of different shapes (snapshots stay lists; np.copy would fail)."""
    parts = [x[:1]]
    for i in range(1, len(x)):
        parts.append(np.sin(x[:i + 1]) * parts[-1][0])
    return sum(np.sum(p) for p in parts)


def while_list(x):
    """A while loop (online schedule) reading an earlier item by index."""
    hs = [x]
    k = 0
    while k < 5:
        hs.append(np.cos(hs[k]) * x)
        k += 1
    return np.sum(np.array(hs) ** 2)


def rows_written(x):
    """Items replaced and written into (a deep snapshot: the body writes arrays)."""
    buf = [x * 0.0, x * 1.0]
    for i in range(4):
        buf[i % 2] = np.sin(buf[(i + 1) % 2] + x)
        buf[0][1] = buf[1][0] * 2.0
    return np.sum(buf[0] * buf[1])


def popped(x):
    """A list popped from (rebound to the list Python leaves: frontend/list_mutation.py)."""
    hs = [x]
    for i in range(4):
        hs.append(np.cos(hs[-1]))
        if len(hs) > 2:
            hs.pop(0)
    return np.sum(hs[-1] * hs[0])


def inserted(x):
    """Items inserted at the front: every item changes its place in each step."""
    L = [x]
    for i in range(3):
        L.insert(0, np.sin(L[-1]) + x)
    return np.sum(L[0] * L[-1] + L[1])


def fresh_each_step(x):
    """A list made anew in each step and read after the loop."""
    for i in range(3):
        L = []
        L.append(x * i)
        L.append(np.sin(x))
        x = L[0] + L[1]
    return np.sum(L[1] * x)


X = np.array([0.3, -0.7, 1.1, 0.5, -1.3, 0.9])
CASES = [(rnn_list, RNG.standard_normal((3, 3)) * 0.5), (rnn_stack, RNG.standard_normal((3, 3)) * 0.5),
         (kv_cache, RNG.standard_normal((5, 3))), (pooled, np.array([0.3, 0.9, -0.2, -0.5, 1.2, 0.4, 0.7])),
         (ragged, np.linspace(0.2, 1.0, 5)), (while_list, X[:3]), (item_written, 1.3), (rows_written, X[:3]),
         (popped, X[:3]), (inserted, X[:3]), (fresh_each_step, X[:3]), (closure_counter, X[:3])]


@pytest.mark.parametrize("f, arg", CASES, ids=[f.__name__ for f, _ in CASES])
def test_checkpointed_loop_over_a_list_is_exact(f, arg):
    plain = s2sad.grad(f)(arg)
    for K in (1, 2, 3):
        got = check_grad(f, arg, grad_fn=lambda g, wrt, jit: s2sad.grad(g, wrt=wrt, jit=jit, checkpoint=K))
        np.testing.assert_allclose(got, plain, rtol=1e-12, atol=1e-14)




@pytest.mark.jit
def test_checkpointed_list_under_jit():
    """A list started with its first item compiles; one made empty is refused at its line (numba
    cannot type an empty list handed to the step function)."""
    wh = RNG.standard_normal((3, 3)) * 0.5
    got = check_grad(rnn_list, wh, jit=True, grad_fn=lambda g, wrt, jit: s2sad.grad(g, wrt=wrt, jit=jit, checkpoint=2))
    np.testing.assert_allclose(got, s2sad.grad(rnn_list)(wh), rtol=1e-10, atol=1e-12)
    with pytest.raises(UnsupportedSyntaxError, match=r"under jit, a list made empty \(`states = \[\]`\)") as err:
        s2sad.grad(rnn_stack, checkpoint=2, jit=True)(wh)
    assert "states = []" in str(err.value) and "checkpoint=None" in str(err.value)
