"""Arguments a runtime helper declares it reads "only for their shape" (``@shape_only``) are
not saved by the tape analysis: if the variable is reassigned later, the reverse sweep reads
its final value. A wrong declaration is therefore a silently wrong gradient.

Found by the fuzz campaign (seed 1800608, ``h = u; h += np.einsum('i,i->', u, w)``):
``einsum_grad`` declared position 3 (operand 0) shape-only, which holds for the gradient of
operand 0 but not for the others, which read operand 0's values; ``interp_grad_xp`` declared
``x`` shape-only although the segment each ``x`` falls in is read. Here every declaration in
the table is checked against the helper's behaviour (values changed, shape kept: the result
must not move), and the two programs are regression tests in both modes."""
import numpy as np
import pytest

import s2sad
from s2sad.rules import registry, runtime
from s2sad.rules import custom  # noqa: F401  (registers checked_rule_result)
from s2sad.testing import check_grad

R = np.random.default_rng(5)
V3, V4, M34, M33 = R.normal(size=3), R.normal(size=4), R.normal(size=(3, 4)), R.normal(size=(3, 3))
XP, FP = np.array([-1.0, 0.0, 0.5, 1.5]), R.normal(size=4)

# helper name -> sample calls (positional arguments); every entry of the table must have one
SAMPLES = {
    "checked_rule_result": [(V3, V3 * 2.0, "x")],
    "zeros_like": [(V3,)], "unbroadcast": [(M34, V4), (M34, M34)],
    "sum_grad": [(1.5, M34), (V4, M34, 0)], "mean_grad": [(1.5, M34), (V3, M34, 1)],
    "dot_grad_left": [(V3, M34, V4)], "dot_grad_right": [(V3, M34, V4)],
    "outer_grad_left": [(M34, V3, V4)], "outer_grad_right": [(M34, V3, V4)],
    "sum_list_grad": [(V4, [V4, V4 * 2.0])], "reshape_grad": [(V4, M34[:2, :2])],
    "cumsum_grad": [(V4, V4), (M34, M34, 1)], "trace_grad": [(1.5, M33), (V4, R.normal(size=(3, 4, 2)), -1, 2, 0)],
    "append_grad": [(np.arange(7.0), V3, V4), (np.arange(7.0), V3, V4, None, False),
                    (R.normal(size=(3, 7)), M33, M34, 1, False)],
    "block_grad": [(np.arange(7.0), [V3, V4]), (R.normal(size=(4, 7)), [[M33, M34], [R.normal(size=(1, 3)), R.normal(size=(1, 4))]])],
    "solve_grad_b": [(V3, M33 + 3.0 * np.eye(3), V3), (M34, M33 + 3.0 * np.eye(3), M34)],
    "interp_grad_xp": [(V3, np.array([-0.5, 0.2, 1.2]), XP, FP)],
    "interp_grad_fp": [(V3, np.array([-0.5, 0.2, 1.2]), XP, FP)],
    "trapz_grad_y": [(1.5, V4, XP), (V3, M34, None, 0.5, 1)],
    "einsum_grad": [(1.5, "i,i->", 0, V3, V3 + 1.0), (1.5, "i,i->", 1, V3, V3 + 1.0),
                    (V3, "ij,j->i", 0, M34, V4), (V3, "ij,j->i", 1, M34, V4)],
    "join_grad": [(np.arange(7.0), [V3, V4], 0)], "diag_grad": [(M33, V3), (V3, M33)],
    "diagonal_grad": [(V3, M33)], "diff_grad": [(V3, V4), (M34[:, :3], M34, 1, -1)],
    "diff_edge": [(0.5, V4), (0.5, M34, 0), (V3, M34, 1)],
    "pad_grad": [(np.arange(6.0), V4, 1)], "pad_value_grad": [(np.arange(6.0), V4, 1, 0.5)],
    "tile_grad": [(np.arange(8.0), V4, 2)], "repeat_grad": [(np.arange(8.0), V4, 2)],
    "kron_grad_left": [(R.normal(size=(9,)), V3, V3 + 1.0)], "kron_grad_right": [(R.normal(size=(9,)), V3, V3 + 1.0)],
    "scattered": [(V4, np.array([0, 2, 0]), V3)], "gathered": [(V4, np.array([0, 2, 0]), V3)],
    "zeros_pieces": [([V3, V4],)],
    "take_grad": [(V3, V4, np.array([0, 2, 2])), (M34[:, :2], M34, np.array([3, -1]), 1)],
    "take_along_axis_grad": [(V3, V4, np.array([0, 2, 2]), 0),
                             (M34[:, :2], M34, np.array([[0, 3], [1, 1], [2, 0]]), 1)],
    "pad_copies_grad": [(np.arange(8.0), V4, 2, "reflect"), (np.arange(6.0), V4, 1, "constant"),
                        (np.arange(7.0), V4, (1, 2), "wrap"), (R.normal(size=(5, 6)), M34, 1, "edge")],
    "gradient_grad": [(V4, V4 + 1.0, V4, 0.5), (M34, M34 + 1.0, M34, 0.3, 1, 2)],
    "split_grad": [(np.arange(7.0), [V3, V4], 0), ([M33, R.normal(size=(3, 1))], [M33, M34[:, :1]], 1)],
    "meshgrid_grad": [([M34.T, M34.T + 1.0], list(np.meshgrid(V3, V4)), V3, 0),
                      ([M34, M34 + 1.0], list(np.meshgrid(V3, V4, indexing="ij")), V4, 1, "ij")],
    "meshgrid_tangent": [(V3, V4, 0.0, 0.0, list(np.meshgrid(V3, V4)))],
    "ediff1d_grad": [(V3, V4)],
    "polyfit_grad_y": [(V3, XP, V4, 2)],
    "delete_grad": [(R.normal(size=2), V4, [0, 3]), (R.normal(size=(3, 3)), M34, 1, 1), (R.normal(size=9), M34, slice(0, 3))],
    "insert_grad_arr": [(R.normal(size=6), V4, [1, 3], V3[:2]), (R.normal(size=(4, 4)), M34, 2, V4, 0)],
    "insert_grad_values": [(R.normal(size=6), V4, [1, 3], V3[:2]), (R.normal(size=(4, 4)), M34, 2, V4, 0)],
}


def _helper(name):
    return registry._HELPERS.get(name) or getattr(runtime, name)


def _changed(value):
    """Same shape (and type), other values."""
    if isinstance(value, list):
        return [_changed(v) for v in value]
    return np.asarray(value) * 3.0 + 1.0 if np.ndim(value) else float(value) * 3.0 + 1.0


def _same(a, b):
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(p, q) for p, q in zip(a, b))
    return np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-12, atol=1e-12)


def test_every_shape_only_helper_has_a_sample():
    assert sorted(set(registry._SHAPE_ONLY) - set(SAMPLES)) == []


CALLS = [(name, args) for name in sorted(registry._SHAPE_ONLY) for args in SAMPLES.get(name, ())]


@pytest.mark.parametrize("name, args", CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)])
def test_shape_only_arguments_are_read_only_for_their_shape(name, args):
    fn = _helper(name)
    before = fn(*args)
    for pos in registry._SHAPE_ONLY[name]:
        moved = list(args)
        moved[pos] = _changed(args[pos])
        assert _same(fn(*moved), before), f"{name} reads the values of argument {pos}"


def einsum_operand_rebound(u):
    v = u * 1.0
    w = v + 0.0
    v += np.einsum('i,i->', v, w)      # v's old value is read by the gradient of w
    return np.mean(v)


def interp_points_rebound(x, xp):
    grid = np.cumsum(1.0 + xp ** 2) - 1.0
    t = x * 1.0
    y = np.interp(t, grid, np.array([0.5, -1.0, 2.0, 0.3]))
    t += 0.3                           # the gradient of grid reads t's old values (t is not active)
    return np.sum(y ** 2) + np.sum(t * t)


CASES = [(einsum_operand_rebound, (np.array([-0.75, -0.48, 0.89, 1.44, -0.26]),), 0),
         (interp_points_rebound, (np.array([-0.4, 0.35, 1.3, 2.2]), np.array([0.3, -0.6, 0.9, 0.4])), 1)]


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[c[0].__name__ for c in CASES])
def test_rebound_operand_python_mode(f, args, wrt):
    check_grad(f, *args, wrt=wrt)


@pytest.mark.jit
@pytest.mark.parametrize("f, args, wrt", CASES, ids=[c[0].__name__ for c in CASES])
def test_rebound_operand_jit_is_refused_or_right(f, args, wrt):
    try:
        g = s2sad.grad(f, wrt=wrt, jit=True)(*args)
    except s2sad.S2sadError:
        return       # a clear refusal (JitError) is allowed; a wrong number is not
    expected = s2sad.grad(f, wrt=wrt)(*args)
    for a, b in zip(g if isinstance(g, tuple) else (g,), expected if isinstance(expected, tuple) else (expected,)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
