"""Results that never share memory with their operands: ``np.array``/``np.asarray``/``np.stack``
of a list display (a new buffer holding copies of the items) and ``np.einsum`` of two or more
operands (``analyses/alias_views.py``). A write into them was refused as a write through an array
"sharing memory" with an item or operand read later. Found by the fuzzer (campaign seeds
10400015, 10400054 and 10400091 on 459b525, ``python -m tests.fuzz --n 150 --seed 10400000
--jit off --only tensors,indices,comprehensions,containers,nested``): false refusals, in both modes.
A list display itself holds its items (``xs = [a, b]; xs[0][1] = v`` writes into ``a``), and
``np.einsum`` of one operand may be a view of it: both still followed or refused, never wrong."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

U = np.array([0.4, -0.2, 0.7])
M = np.array([[0.3, -0.5, 0.8, 0.1], [0.2, 0.6, -0.4, 0.9]])
Y = np.array([0.3, -0.7, 0.5, 0.2])


def einsum_two_operands(u, m):
    t3 = np.einsum("i,jk->ijk", u, m)
    t3[-1, :, 1:] = 0.1 * t3[-1, :, :-1]
    return np.sum(t3 ** 2) + np.sum(u * m[0, :3])


def array_of_a_list(s, y):
    vol = np.array([s, s * 2.0])
    vol[..., -1] = y[:2]
    return np.sum(vol ** 2) + np.sum(s * y)


def array_of_the_same_item_twice(s, y):
    vol = np.array([s, s])
    vol[0] = y
    return np.sum(vol ** 3) + np.sum(s ** 2)


def einsum_one_operand_is_a_view(s, y):
    b = s * 1.0
    v = np.einsum("ij->ji", b)
    v[0, :] = y[:2]
    return np.sum(b ** 2)


def list_display_holds_its_items(s, y):
    a = s * 1.0
    xs = [a, s * 2.0]
    xs[0][0, 1] = y[0]
    return np.sum(a ** 2) + np.sum(xs[1])


FRESH = [(einsum_two_operands, U, M), (array_of_a_list, M, Y), (array_of_the_same_item_twice, M, Y)]
SHARED = [einsum_one_operand_is_a_view, list_display_holds_its_items]


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, a, b", FRESH, ids=lambda v: getattr(v, "__name__", ""))
def test_write_into_a_fresh_result(f, a, b, jit):
    check_grad(f, a, b, wrt=(0, 1), jit=jit)   # (autograd cannot write into arrays)


@pytest.mark.parametrize("f, a, b", FRESH, ids=lambda v: getattr(v, "__name__", ""))
def test_write_into_a_fresh_result_forward(f, a, b):
    check_jvp(f, a, b, tangent=(np.ones_like(a) * 0.3, np.ones_like(b) * -0.2), wrt=(0, 1))


@pytest.mark.parametrize("f", SHARED, ids=lambda f: f.__name__)
def test_write_into_a_shared_result_is_exact_or_refused(f):
    try:
        check_grad(f, M, Y, wrt=(0, 1))
    except s2sad.UnsupportedSyntaxError as exc:
        assert "shares memory" in str(exc) and f"in {f.__name__}" in str(exc)
