"""transforms/reverse.py, Reverse.saved: what a tape keeps of a value later writes may reach."""
import numpy as np
import pytest

import s2sad
from s2sad.rules.schedule import snapshot
from s2sad.testing import check_grad

CENTERS = np.array([[0.51, 0.1, 0.74], [0.92, 0.34, 0.17]])


def split_pieces_in_a_loop(theta):
    W = np.array(CENTERS)
    W[1] = theta
    for _ in range(3):
        pieces = np.split(W, [1], axis=1)       # pieces of different shapes, views of W
        theta = theta - np.sum(pieces[1] ** 2) * 0.1
        W[0] = W[0] * theta                     # a later write reaches the pieces' memory
    return np.sum(W * W) + theta


@pytest.mark.parametrize("jit", [False, True])
def test_a_list_of_pieces_on_a_tape_is_kept_as_copies(jit):
    """np.split's pieces were pushed through np.copy, which makes one array of a list: a
    ValueError (inhomogeneous shape) inside the generated code (fuzz seed 3701546)."""
    compiled = check_grad(split_pieces_in_a_loop, 0.7, jit=jit)   # jit: the pieces' adjoint a list (jit17)
    if jit:
        np.testing.assert_allclose(compiled, s2sad.grad(split_pieces_in_a_loop)(0.7), rtol=1e-12)
        return
    assert "snapshot(pieces)" in s2sad.grad(split_pieces_in_a_loop).source


def test_snapshot_of_a_sequence_copies_each_array_and_keeps_its_kind():
    base = np.arange(6.0).reshape(2, 3)
    pieces = np.split(base, [1], axis=1)
    kept = snapshot(pieces)
    base[:] = -1.0
    assert type(kept) is list and [p.shape for p in kept] == [(2, 1), (2, 2)]
    assert kept[0].tolist() == [[0.0], [3.0]] and kept[1].tolist() == [[1.0, 2.0], [4.0, 5.0]]
    pair = snapshot((base, 2.5))
    assert type(pair) is tuple and pair[1] == 2.5 and pair[0] is not base
