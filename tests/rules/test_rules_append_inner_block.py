"""Rules added for calls that were refused as unknown (grads_arrays.py / tangents_arrays.py, their
helpers in runtime_arrays.py and runtime_numeric.py, numba versions in numba_rules_joins.py and
numba_linalg.py): np.append (with and without axis, numbers and lists as operands), np.inner
(numbers, vectors, matrices, stacks), np.correlate (modes 'valid'/'same'/'full', either signal
longer), np.block (nested lists of arrays and numbers: list-literal machinery), and np.trace's
offset/axis1/axis2 (grads_reductions.py).

Each form is checked against central differences in grad, vjp, jvp and hvp, against autograd
where autograd has the function (append, inner, block, trace with an offset; autograd has no
derivative of correlate), and with jit=True where numba has the function (append, correlate,
inner of at most matrices, trace with an offset); elsewhere jit=True is a located JitError."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_hvp, check_jvp, check_vjp

R = np.random.default_rng(9)
V2, V3, V4, V5 = (R.normal(size=n) for n in (2, 3, 4, 5))
M22, M23, M32, M43 = (R.normal(size=s) for s in ((2, 2), (2, 3), (3, 2), (4, 3)))
T234 = R.normal(size=(2, 3, 4))


def _forms(np):
    """Each form written once, for NumPy and for autograd.numpy."""
    def append_flat(x, y):
        return np.sum(np.append(x, y) ** 2 * np.sin(np.arange(np.size(x) + np.size(y)) * 1.0))

    def append_axis(x, y):
        return np.sum(np.append(x, y, axis=1) ** 3) + np.sum(np.append(y, x, axis=-1) * 2.0)

    def append_axis0(x, y):
        return np.sum(np.sin(np.append(x, y, 0)))

    def append_number(x, s):
        return np.sum(np.append(x, s) ** 2) + np.sum(np.append(s, x) ** 3)

    def append_list(x, s):
        return np.sum(np.append(x, [s, 2.0 * s, 1.0]) ** 2)

    def inner(a, b):
        return np.sum(np.sin(np.inner(a, b)))

    def correlate_valid(a, v):
        return np.sum(np.correlate(a, v) ** 2 * 1.5)

    def correlate_same(a, v):
        return np.sum(np.correlate(a, v, "same") ** 2 * np.arange(max(len(a), len(v)) * 1.0))

    def correlate_full(a, v):
        return np.sum(np.sin(np.correlate(a, v, mode="full")))

    def block_grid(A, B, c):
        return np.sum(np.block([[A, B], [np.ones((1, 2)) * c, np.zeros((1, 3))]]) ** 2 * 1.3)

    def block_row(a, s):
        return np.sum(np.block([a, s, a * 2.0]) ** 3)

    def block_named(A, B):
        L = [[A, B], [B, A]]
        return np.sum(np.block(L) ** 2 * np.arange(16.0).reshape(4, 4))

    def block_deep(A, v):
        return np.sum(np.sin(np.block([[[A]], [[v[None, :] * np.ones((2, 2))]]])))   # the 2-d leaf raised to 3-d

    def block_twice(A, B):    # one nested list read by two blocks: its adjoint is added up
        L = [[A, B], [B, A]]
        return np.sum(np.block(L) ** 2) + np.sum(np.sin(np.block(L)))

    def trace_offset(a):
        return np.trace(a, 1) ** 2 + np.trace(a, -1) * 3.0 + np.trace(a, offset=2)

    def trace_axes(t):
        return np.sum(np.trace(t, 1, 2, 0) ** 2) + np.sum(np.trace(t, axis1=-1, axis2=1) * 2.0)
    return locals()


F, AG = _forms(np), _forms(anp)
# name -> (arguments, autograd has it, numba has it)
CASES = {
    "append_flat vectors": ("append_flat", (V3, V4), True, True),
    "append_flat matrix, vector": ("append_flat", (M22, V3), True, True),
    "append_axis": ("append_axis", (M22, M23), True, True),
    "append_axis0": ("append_axis0", (M23, M32.T.copy()), True, True),
    "append_number": ("append_number", (V3, 0.7), True, True),
    "append_list": ("append_list", (V3, 0.7), True, False),
    "inner vectors": ("inner", (V3, V3 + 1.0), True, True),
    "inner matrices": ("inner", (M23, M43), True, True),
    "inner matrix, vector": ("inner", (M43, V3), True, True),
    "inner vector, matrix": ("inner", (V3, M23), True, True),
    "inner number": ("inner", (M23, 0.6), True, True),
    "inner stack": ("inner", (T234, R.normal(size=(3, 4))), True, False),
    "correlate_valid": ("correlate_valid", (V5, V3), False, True),
    "correlate_valid shorter a": ("correlate_valid", (V3, V5), False, True),
    "correlate_same": ("correlate_same", (V5, V2), False, True),
    "correlate_same shorter a": ("correlate_same", (V2, V5), False, True),
    "correlate_full": ("correlate_full", (V4, V3), False, True),
    "correlate_full shorter a": ("correlate_full", (V3, V4), False, True),
    "block_grid": ("block_grid", (M22, M23, 0.7), True, False),
    "block_row": ("block_row", (V2, 0.4), True, False),
    "block_named": ("block_named", (M22, M22 + 1.0), True, False),
    "block_deep": ("block_deep", (R.normal(size=(1, 2, 2)), V2), False, False),   # autograd: sin of a box fails
    "block_twice": ("block_twice", (M22, M23[:, :2].copy()), False, False),
    "trace_offset": ("trace_offset", (R.normal(size=(3, 4)),), True, True),
    "trace_axes": ("trace_axes", (T234.transpose(2, 1, 0).copy(),), False, False),
}


def _tangent(x):
    return R.normal(size=np.shape(x)) if np.ndim(x) else 0.8


@pytest.mark.parametrize("case", CASES)
def test_every_form_against_differences_in_every_mode(case):
    name, args, _, _ = CASES[case]
    f, wrt = F[name], tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt)
    for k in wrt:
        check_jvp(f, *args, wrt=k, tangent=_tangent(args[k]))
    check_hvp(f, *args, wrt=0, v=_tangent(args[0]))


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][2]])
def test_against_autograd(case):
    name, args, _, _ = CASES[case]
    wrt = tuple(range(len(args)))
    ours = s2sad.grad(F[name], wrt=wrt)(*args)
    theirs = autograd.grad(AG[name], wrt)(*args)
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(o, t, rtol=1e-9, atol=1e-12)


def append_v(x, y, axis):
    return np.append(x, y, axis) * 2.0


def inner_v(a, b):
    return np.inner(a, b) * 2.0


def correlate_same_v(a, v):
    return np.correlate(a, v, "same") * 2.0


def correlate_valid_v(a, v):
    return np.correlate(a, v) * 2.0


def block_v(A, B):
    return np.block([[A, B], [B, A]]) * 2.0


@pytest.mark.parametrize("f, args", [(append_v, (M22, M23, 1)), (append_v, (M22, V3, None)),
                                     (inner_v, (M23, M43)), (correlate_same_v, (V2, V5)),
                                     (correlate_valid_v, (V3, V5)), (block_v, (M22, M22 + 0.5))],
                         ids=["append axis", "append flat", "inner", "correlate same", "correlate valid", "block"])
def test_vjp_of_the_array_results(f, args):
    check_vjp(f, *args, wrt=(0, 1), dout=R.normal(size=np.shape(f(*args))))


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][3]])
def test_jit_where_numba_has_the_function(case):
    name, args, _, _ = CASES[case]
    f, wrt = F[name], tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt, jit=True)
    check_jvp(f, *args, wrt=0, tangent=_tangent(args[0]), jit=True)


@pytest.mark.parametrize("case", [c for c in CASES if not CASES[c][3] and c != "append_list"])
def test_jit_where_numba_lacks_the_function_is_a_located_jit_error(case):
    name, args, _, _ = CASES[case]
    with pytest.raises(JitError, match=r"(?s)line \d+.*np\.(block|inner|trace)"):   # (the column when numba knows it)
        s2sad.grad(F[name], wrt=tuple(range(len(args))), jit=True)(*args)


def block_of_blocks(A):
    k = 2
    B = np.block([[A[:k, :k] * 2.0, A[:k, k:]], [A[k:, :k], np.sin(A[k:, k:])]])
    return np.sum(B * np.arange(A.size).reshape(A.shape))


def test_block_of_slices_of_one_matrix():
    """hunt7's block_inverse (tests/analyses/test_ir.py): np.block had no rule and was refused;
    now exact, and a located JitError with jit=True (numba has no np.block)."""
    A = np.random.default_rng(0).normal(size=(4, 4))
    check_grad(block_of_blocks, A)
    check_jvp(block_of_blocks, A, tangent=R.normal(size=A.shape))
    with pytest.raises(JitError, match=r"(?s)line \d+, column \d+.*np.block"):
        s2sad.grad(block_of_blocks, jit=True)(A)


def correlate_mode(a, v, mode):
    return np.sum(np.correlate(a, v, mode))


def test_correlate_with_a_mode_not_written_as_a_constant_is_refused_at_the_line():
    with pytest.raises(s2sad.NoDerivativeError, match=r"(?s)line \d+.*covers `mode` = 'full' or 'same' or 'valid'"):
        s2sad.grad(correlate_mode)(V5, V3, "same")
