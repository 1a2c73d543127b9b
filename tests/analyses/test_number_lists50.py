"""analyses/number_lists.py (stop 50, issue 8): ``indeg = [0] * n`` then ``indeg[v] += 1`` in a
loop (a Kahn topological sort over an edge list) was refused as "`indeg[...] op= ...` on an array
of the list `indeg` that another position may hold" although the list holds ints only: the rank
of ``v`` (read from a list of edge tuples) is unknown, so the item might have been an array. A
list whose items are provably numbers is updated by rebinding the item, in both modes and jit."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

EDGES = [(0, 2), (1, 2), (2, 3), (0, 4), (4, 3), (3, 5)]
X = np.linspace(0.1, 0.6, 6)
T = np.array([1.0, -0.5, 0.25, 2.0, 0.5, -1.0])


def kahn(x):
    """Values propagated along a topological order found by Kahn's algorithm."""
    n = len(x)
    indeg = [0] * n
    for u, v in EDGES:
        indeg[v] += 1
    q = [i for i in range(n) if indeg[i] == 0]
    val = [0.0] * n
    order = []
    while q:
        u = q.pop(0)
        order.append(u)
        for a, b in EDGES:
            if a == u:
                indeg[b] -= 1
                if indeg[b] == 0:
                    q.append(b)
    for u in order:
        acc = x[u]
        for a, b in EDGES:
            if b == u:
                acc = acc + np.tanh(val[a]) * 0.7
        val[u] = acc
    return val[5] ** 2 + sum(val)


def ready_stack(x, edges):
    n = x.shape[0]
    indeg = [0] * n
    for e in edges:
        indeg[e[1]] = indeg[e[1]] + 1
    ready = [v for v in range(n) if indeg[v] == 0]
    total = 0.0
    while len(ready) > 0:
        u = ready.pop()
        total = total * 0.9 + x[u] * (u + 1)
        for e in edges:
            if e[0] == u:
                indeg[e[1]] -= 1
                if indeg[e[1]] == 0:
                    ready.append(e[1])
    return total * total


@pytest.mark.parametrize("jit", [False, True])
def test_kahn_topological_sort(jit):
    """On main: UnsupportedSyntaxError at ``indeg[v] += 1``."""
    check_grad(kahn, X.copy(), jit=jit)
    check_jvp(kahn, X.copy(), tangent=T, jit=jit)


def test_counts_from_a_list_parameter():
    check_grad(ready_stack, X.copy(), EDGES)
    check_jvp(ready_stack, X.copy(), EDGES, tangent=T)


def test_an_item_that_may_be_an_array_keeps_its_refusal():
    """``w[v] += x[u]``: ``x[u]`` with an index of unknown rank may be an array (then updated in
    place where another position may hold it): still refused, now saying why."""
    def scatter(x):
        w = [0.0] * len(x)
        for u, v in EDGES:
            w[v] += x[u]
        return sum(w) * x[0]
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(scatter)(X.copy())
    msg = str(info.value)
    assert "w[v] += x[u]" in msg and "cannot prove that the items of `w` are numbers" in msg


def test_a_list_that_escapes_is_not_a_number_list():
    """A number list stored in another list may be changed through it: not proved, refused as before."""
    def escapes(x):
        w = [0.0] * 3
        box = [w]
        box[0][1] = x * 1.0
        w[1] += x
        return np.sum(w[1])
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(escapes)(X[:3].copy())
