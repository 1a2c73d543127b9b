"""``jit=True``: numba-compiled adjoints (s2sad/backends/jit.py, s2sad/backends/numba_helpers/numba_runtime.py).

Representative corpus functions run in both modes: the compiled gradient must
match the pure-Python one (to rounding) and central finite differences. The
rest checks the numba dispatcher usable from the user's own ``@numba.njit``
code, the on-disk cache (a second process loads instead of compiling), the
timings, and that numba failures become ``JitError`` messages in the user's
terms. Compiled code is cached in ``~/.cache/s2sad`` (or ``$S2SAD_CACHE_DIR``),
so only the first run of this file pays numba's compile time (about a minute).
"""
import inspect
import math
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_vjp

numba = pytest.importorskip("numba")

from s2sad.backends.jit import JitBuilt, JitError, compiled_for
from tests.corpus import test_corpus_arrays as corpus_arrays
from tests.corpus import test_corpus_basic as corpus_basic
from tests.corpus import test_corpus_control as corpus_control

pytestmark = pytest.mark.jit

PICK = {
    corpus_basic: ["add", "div", "pow_var", "polynomial", "np_tanh", "np_maximum", "builtin_abs",
                   "sigmoid", "gaussian", "math_mix", "three_args_wrt_0_2", "default_param_omitted",
                   "none_default", "module_constants"],
    corpus_control: ["if_elif_else_2", "cond_expr_true", "while_data_dependent_8_trips", "while_break",
                     "for_range_start_stop_step", "nested_loops", "newton_sqrt", "taylor_exp",
                     "recurrence_unpack", "loop_over_rows", "while_norm_array", "rnn", "call_helper",
                     "helper_in_loop", "loop_tape_array", "running_max",
                     "list_append_then_array"],     # numba's np.array(list) rewrite: see numba_runtime.array
    corpus_arrays: ["sum_of_squares", "broadcast_col_row", "max_axis", "keepdims_softmax",
                    "logsumexp", "dot_2d_1d", "matmul_op_2d_2d", "least_squares", "logistic_loss",
                    "mlp", "norm_of_difference", "clip_func", "where_two_arrays", "write_2d",
                    "cumulative_sum", "reshape_minus_one", "three_d", "fancy_write",
                    "sum_negative_and_tuple_axis", "prod_axis"],
}


def _located(msg, line, name):
    """The JitError names the user's file, line (with its column when known exactly) and function."""
    return re.search(rf'File "{re.escape(__file__)}", line {line}(, column \d+)?, in {name}:', msg) is not None


def _cases():
    out = []
    for module, ids in PICK.items():
        by_id = {c.id: c for c in module.CASES}
        for i in ids:
            if i in by_id:
                out.append(by_id[i])
    return out


CASES = _cases()


def _copy(args):
    return [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]


def _tuple(r):
    return r if isinstance(r, tuple) else (r,)


@pytest.mark.parametrize("f, args, wrt", CASES)
def test_jit_matches_python_and_finite_differences(f, args, wrt):
    jitted = check_grad(f, *_copy(args), wrt=wrt, jit=True)
    plain = s2sad.grad(f, wrt=wrt)(*_copy(args))
    for a, b in zip(_tuple(jitted), _tuple(plain)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
        assert type(a) is type(b)


def test_the_pick_list_is_found():
    assert len(CASES) >= 40


# ------------------------------------------------------------- API surface
def x2y2(x, y):
    return x ** 2 + y ** 2


def himmelblau(p):
    return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2


def test_source_unchanged_and_timings():
    g = s2sad.grad(x2y2, wrt=(0, 1), jit=True)
    plain = s2sad.grad(x2y2, wrt=(0, 1))
    assert g(2.0, 3.0) == plain(2.0, 3.0) == (4.0, 6.0)
    # jit=True shows the code numba compiles: the jit stage's output
    from s2sad.pipeline import build
    assert g.source == build(x2y2, ["x", "y"], stop_after="jit", param_kinds={"x": 0, "y": 0})
    assert "x * x" in g.source and "x ** 2" in plain.source
    assert isinstance(g.built, JitBuilt)
    t = g.built.timings
    assert {"transform", "codegen", "first_call", "cache"} <= set(t)
    assert t["cache"] in ("compiled", "loaded from disk")
    assert os.path.exists(g.built.path)


def test_first_call_writes_no_descent_loop():
    """A gradient's first call builds and emits only the adjoint and its drivers; the descent
    loops (5% of the ODE row's first call) are written when minimize asks, and they run."""
    def quad(p, a):
        return np.sum((p - a) ** 2)

    a = np.array([1.0, -2.0, 0.5])
    g = s2sad.grad(quad, jit=True)
    np.testing.assert_allclose(g(np.zeros(3), a), -2.0 * a)
    with open(g.built.path) as fh:
        assert "_s2sad_minimize_" not in fh.read()
    res = s2sad.minimize(quad, np.zeros(3), method="sgd", lr=0.1, steps=200, args=(a,), jit=True)
    np.testing.assert_allclose(res.x, a, rtol=1e-8)
    from s2sad.tools.optim import _built_for
    with open(_built_for(quad, (np.zeros(3), a), True).descent_module_for("sgd").path) as fh:
        assert "def _s2sad_minimize_sgd(" in fh.read()


def test_value_and_grad_and_vjp_jit():
    value, dp = s2sad.value_and_grad(himmelblau, jit=True)(np.array([1.0, 2.0]))
    assert value == pytest.approx(68.0) and np.allclose(dp, [-36.0, -32.0])
    m43, m34 = corpus_arrays.M43, corpus_arrays.M34
    dout = np.random.default_rng(7).normal(size=(3, 3))
    check_vjp(corpus_arrays.linear_layer, m43, m34, dout=dout, wrt=(0, 1), jit=True)


def test_compiled_dispatcher_inside_users_njit_loop():
    gc = compiled_for(s2sad.grad(x2y2, wrt=(0, 1), jit=True))

    @numba.njit
    def descend(x, y):
        for _ in range(100):
            dx, dy = gc(x, y)
            x, y = x - 0.01 * dx, y - 0.01 * dy
        return x, y

    np.testing.assert_allclose(descend(3.0, 4.0), [0.39785866768425965, 0.5304782235790126], rtol=1e-12)


def test_compiled_property_and_modes():
    g = s2sad.grad(himmelblau, jit=True)
    gc = g.compiled if hasattr(type(g), "compiled") else compiled_for(g)
    np.testing.assert_allclose(gc(np.array([1.0, 2.0])), [-36.0, -32.0])
    vg = compiled_for(s2sad.value_and_grad(himmelblau))
    value, dp = vg(np.array([1.0, 2.0]))
    assert value == 68.0 and np.allclose(dp, [-36.0, -32.0])
    vj = compiled_for(s2sad.vjp(himmelblau))
    np.testing.assert_allclose(vj(np.array([1.0, 2.0]), 2.0), [-72.0, -64.0])


# ------------------------------------------------------------- lists built with append
def list_of_rows(state, w):
    """An LSTM-like pattern: a list of arrays, elements replaced in a loop, read by index."""
    rows = []
    for k in range(state.shape[0]):
        rows.append(state[k] * 1.0)
    total = 0.0
    for t in range(3):
        for k in range(len(rows)):
            rows[k] = np.tanh(rows[k] * w + 0.1 * t)
        total = total + np.sum(rows[0] * rows[len(rows) - 1])
    stacked = np.array(rows)
    return total + np.sum(stacked ** 2)


def test_list_of_arrays_tape():
    state = np.random.default_rng(1).normal(size=(3, 4))
    jitted = check_grad(list_of_rows, state, 0.7, wrt=(0, 1), jit=True)
    plain = s2sad.grad(list_of_rows, wrt=(0, 1))(state, 0.7)
    for a, b in zip(jitted, plain):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def stack_list(x):
    parts = []
    for i in range(3):
        parts.append(x * (i + 1.0))
    s = np.stack(parts)
    return np.sum(s * s)


def sum_list(x):
    parts = []
    for i in range(3):
        parts.append(np.sin(x * i))
    return np.sum(sum(parts))


def scalar_list(x):
    vals = []
    for i in range(4):
        vals.append(x ** i)
    return vals[1] * vals[3] + np.sum(np.array(vals))


@pytest.mark.parametrize("f, arg", [(stack_list, np.array([0.3, -0.7, 1.1])),
                                    (sum_list, np.array([0.3, -0.7, 1.1])), (scalar_list, 0.7)])
def test_list_helpers(f, arg):
    jitted = check_grad(f, arg, jit=True)
    np.testing.assert_allclose(jitted, s2sad.grad(f)(arg), rtol=1e-10, atol=1e-12)


def test_every_runtime_helper_has_a_numba_version():
    import types

    import s2sad.backends.numba_helpers.numba_runtime as nr
    from s2sad.rules import runtime
    public = {name for name, obj in vars(runtime).items() if isinstance(obj, types.FunctionType)
              and obj.__module__ == runtime.__name__ and not name.startswith("_")}
    assert public - nr.COVERED == set(), "add these to s2sad/backends/numba_helpers/numba_runtime.py"


# ------------------------------------------------------------- errors
def changes_type(x, v):
    h = 0.0
    for _ in range(3):
        h = h * x + v
    return np.sum(h)


def test_variable_changing_type_is_a_jit_error():
    with pytest.raises(JitError) as info:
        s2sad.grad(changes_type, jit=True)(0.5, np.ones(3))
    msg = str(info.value)
    assert "variable `h`" in msg and "float64" in msg and "array(float64, 1d" in msg
    assert "h = h * x + v" in msg            # the user's line
    line = changes_type.__code__.co_firstlineno + 3
    assert _located(msg, line, "changes_type")    # located in the user's file
    assert "jit=False" in msg and "line" in msg
    assert isinstance(info.value, s2sad.S2sadError)
    assert isinstance(info.value.__cause__, numba.core.errors.NumbaError)
    assert "\x1b[" not in msg and "During:" not in msg


class _Settings:
    scale = 3.0


SETTINGS = _Settings()


def uses_python_object(x):
    y = x * SETTINGS.scale
    return y * y


def uses_python_object_whole(x):
    y = x * getattr(SETTINGS, "scale", 1.0)   # with a default: the object itself reaches the call
    return y * y


def sort_rows(A):
    return A * np.sum(np.cross(A[:3, :3], A[:3, 1:], axisa=0, axisb=0))   # numba's np.cross takes no axisa=
                                     # (np.sort(A, axis=1), np.var(A, ddof=1), linspace(endpoint=) compile now)


def uses_sort_rows(A):
    B = A * 2.0
    return np.sum(sort_rows(B) * np.arange(4.0))


def test_jit_error_in_a_helper_names_the_helper_line():
    with pytest.raises(JitError) as info:
        s2sad.grad(uses_sort_rows, jit=True)(np.ones((3, 4)) + np.arange(4.0))
    line = sort_rows.__code__.co_firstlineno + 1
    assert _located(str(info.value), line, "sort_rows")   # (matched by its names)


def test_unsupported_object_is_a_jit_error():
    """An object read whole reaches numba, which cannot take it; a number read through one of
    its attributes is a value of its own (scopes._DataPaths), which compiles."""
    with pytest.raises(JitError, match=r"(?s)generated adjoint, line \d+:.*from your code:.*SETTINGS.*jit=False"):
        s2sad.grad(uses_python_object_whole, jit=True)(0.5)
    assert s2sad.grad(uses_python_object_whole)(0.5) == pytest.approx(9.0)
    assert s2sad.grad(uses_python_object, jit=True)(0.5) == pytest.approx(9.0)


def rows_of_a_nested_list(a, b):
    M = [[a, b], [b * b, a - b]]
    total = 0.0
    for row in M:
        for v in row:
            total += v * v
    return total


def test_jit_error_in_the_reverse_sweep_names_the_users_file_and_line():
    """A compile failure in a block of the reverse sweep (a loop variable that is a list in one
    place and an array in another) names the user's line the block differentiates."""
    with pytest.raises(JitError) as info:
        s2sad.grad(rows_of_a_nested_list, wrt=(0, 1), jit=True)(0.7, -0.4)
    msg, (lines, first) = str(info.value), inspect.getsourcelines(rows_of_a_nested_list)
    k = next(i for i, line in enumerate(lines) if "for v in row" in line)
    assert _located(msg, first + k, "rows_of_a_nested_list"), msg


def dropout_from_a_generator(x, W):
    rng = np.random.RandomState(0)
    mask = (rng.random_sample(W.shape[0]) > 0.3).astype(float)
    h = np.maximum(W @ x, 0.0) * mask
    return np.sum(h * h)


def test_jit_error_in_the_forward_sweep_names_the_line_assigning_its_variable():
    """A forward-sweep line with no adjoint (so no comment in the adjoint) is the user's one line
    assigning its variable, not a later line sharing most names with it (fresh set 18: it named
    `h = ... * mask`, 'probably'). Since stop 49 the generator's line stays its own (a draw's
    generator is not moved into its one use), and numba's refusal of `RandomState` names it (of
    `default_rng` before stop 56, which now compiles)."""
    x, W = np.array([0.3, -0.2]), np.arange(6.0).reshape(3, 2) / 5 - 0.4
    with pytest.raises(JitError) as info:
        s2sad.grad(dropout_from_a_generator, jit=True)(x, W)
    msg, (lines, first) = str(info.value), inspect.getsourcelines(dropout_from_a_generator)
    k = next(i for i, line in enumerate(lines) if "rng = " in line)
    assert _located(msg, first + k, "dropout_from_a_generator"), msg
    assert "probably" not in msg and "RandomState" in msg


def coin_in_a_condition(x):
    y = np.sum(x ** 2)
    if np.random.RandomState(0).random_sample() > 0.5:
        return y
    return y * 2.0


def test_jit_error_in_a_condition_names_the_line_holding_its_expression():
    """A temporary (``c1 = <the condition>``) is located at the one user line whose text holds
    the expression, not at a line guessed from shared names."""
    with pytest.raises(JitError) as info:
        s2sad.grad(coin_in_a_condition, jit=True)(np.ones(3))
    msg, (lines, first) = str(info.value), inspect.getsourcelines(coin_in_a_condition)
    k = next(i for i, line in enumerate(lines) if "if np.random" in line)
    assert _located(msg, first + k, "coin_in_a_condition"), msg
    assert "probably" not in msg


def ternary_of_two_types(x):
    y = x.copy()
    y[::2] += y[1::2] if len(y) % 2 == 0 else y[1::2].sum()
    return np.sum(y ** 2)


def test_jit_error_on_a_taped_temporary_names_the_line_reading_it():
    """numba named a temporary (``t2``) at its tape line, which has no comment and no user
    name (fresh set 26: the JitError named no line of the user's at all)."""
    with pytest.raises(JitError) as info:
        s2sad.grad(ternary_of_two_types, jit=True)(np.arange(1.0, 7.0))
    msg, (lines, first) = str(info.value), inspect.getsourcelines(ternary_of_two_types)
    k = next(i for i, line in enumerate(lines) if "y[::2] +=" in line)
    assert _located(msg, first + k, "ternary_of_two_types"), msg


def ellipsis_write(x):
    out = np.zeros(x.shape)
    out[...] = x ** 2
    return np.sum(out)


def ellipsis_write_left_unlowered(x):
    out = np.zeros(x.shape)
    out[...] = x ** 2
    return np.sum(out)


def test_an_ellipsis_write_compiles():
    """The adjoint reads ``b_out[...]``, which numba cannot lower: the jit stage reads it as
    ``b_out`` (numba_lower._WholeReads)."""
    check_grad(ellipsis_write, np.arange(6.0).reshape(2, 3), jit=True)


def test_jit_error_without_a_line_in_numbas_message_is_located_from_its_lowering_frames(monkeypatch):
    """numba's NotImplementedError for a lowering it lacks (``b_out[...]``, left as it is here)
    names no line; the JitError named none of the user's either (fresh set 30)."""
    from s2sad.backends import numba_lower
    monkeypatch.setattr(numba_lower._WholeReads, "visit_Subscript", lambda self, node: node)
    with pytest.raises(JitError) as info:
        s2sad.grad(ellipsis_write_left_unlowered, jit=True)(np.ones((2, 3)))
    msg, (lines, first) = str(info.value), inspect.getsourcelines(ellipsis_write_left_unlowered)
    k = next(i for i, line in enumerate(lines) if "out[...] =" in line)
    assert _located(msg, first + k, "ellipsis_write_left_unlowered"), msg


def frobenius(B):
    return np.linalg.norm(B[:, :2], 'fro') + np.linalg.norm(B, ord="fro")


def nuclear(B):
    return np.linalg.norm(B, "nuc")


def out_of_range(x):
    return x[5] * 2.0


def test_frobenius_norm_of_a_matrix_compiles():
    """numba has no string `ord`: 'fro' of a matrix is lowered to the default norm
    (fuzz campaign 400000, seed 405000)."""
    B = np.arange(6.0).reshape(3, 2) + 1.0
    expected = s2sad.grad(frobenius)(B)
    assert np.allclose(s2sad.grad(frobenius, jit=True)(B), expected, rtol=1e-12, atol=0)
    assert np.allclose(expected, B / np.linalg.norm(B) * 2, rtol=1e-12)


def test_nuclear_norm_compiles():
    """numba's NumPy has no nuclear norm (its compiled code raised ValueError, reported as a
    JitError); s2sad's numba version computes it (backends/numba_helpers/numba_rules_norms.py)."""
    B = np.arange(6.0).reshape(3, 2) + 1.0
    np.testing.assert_allclose(s2sad.grad(nuclear, jit=True)(B), s2sad.grad(nuclear)(B), rtol=1e-10, atol=1e-12)


def numpy_windows(x):
    n = x.shape[0]
    return np.sum(x * np.hanning(n)) + np.sum(x ** 2 * np.hamming(n)) + np.sum(x * np.blackman(n))


def test_numpy_window_functions_compile():
    """NumPy's np.hanning/np.hamming/np.blackman (inlined from NumPy's source) return
    `np.array([], dtype=values.dtype)` for M < 1: numba cannot type the empty list, so the whole
    adjoint was a JitError (hunt10, /work/scratch/user/fns73.py numpy_windows); it is lowered to
    np.empty(0, dtype=...)."""
    x = np.linspace(-1.0, 2.0, 6)
    expected = np.hanning(6) + 2 * x * np.hamming(6) + np.blackman(6)
    np.testing.assert_allclose(s2sad.grad(numpy_windows, jit=True)(x), expected, rtol=1e-12, atol=1e-14)
    check_grad(numpy_windows, x)


def mask_of_a_matrix(X):
    pos = X[X > 0]
    return np.sum(np.log1p(pos)) + X[X < 0].sum() ** 2


def mask_write_of_a_matrix(X):
    Y = X.copy()
    for j in range(1, Y.shape[1]):
        Y[:, j] += Y[:, j - 1] * 0.5
    Y[Y < 0] *= 0.1
    Y[Y > 1.0] = 1.0
    return np.sum(Y ** 2)


def test_masks_of_two_or_more_dimensions_compile():
    """numba indexes only with 1-d boolean masks: `X[X > 0]` and `Y[Y < 0] *= 0.1` of a matrix were a
    JitError (hunt10, /work/scratch/user/fns77.py mask_read_2d, aug_assign_views); they go through
    mask_get/mask_set (and add_at, last_write_grad) of numba_rules_index, in NumPy's C order."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(3, 4))
    for f, arg in ((mask_of_a_matrix, X), (mask_write_of_a_matrix, X), (mask_write_of_a_matrix, np.asfortranarray(X)),
                   (mask_of_a_matrix, rng.normal(size=(2, 3, 2)))):
        expected = s2sad.grad(f)(arg)
        np.testing.assert_allclose(s2sad.grad(f, jit=True)(arg), expected, rtol=1e-12, atol=1e-14)
        check_grad(f, arg, jit=True)


def test_run_time_errors_python_raises_too_pass_through():
    with pytest.raises(IndexError):
        s2sad.grad(out_of_range, jit=True)(np.ones(3))


# ------------------------------------------------------------- disk cache
_SCRIPT = """
import json, sys
sys.path.insert(0, {dir!r})
import numpy as np, s2sad
from cached_mod import f
g = s2sad.grad(f, wrt=(0, 1), jit=True)
r = g(np.arange(3.0), 0.5)
print(json.dumps({{"cache": g.built.timings["cache"], "dx": list(r[0]), "dy": r[1]}}))
"""


def test_second_process_loads_from_disk(tmp_path):
    (tmp_path / "cached_mod.py").write_text(textwrap.dedent("""
        import numpy as np
        def f(x, w):
            h = 0.0
            for i in range(len(x)):
                h = np.tanh(w * h + x[i])
            m = np.outer(x, x) + x
            return h * h + np.sum(np.max(m, axis=1) ** 2) + np.sum(np.mean(m, axis=0, keepdims=True) * m)
    """))
    env = dict(os.environ, S2SAD_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("NUMBA_OPT", None)   # numba's default level, as users run it (tests/conftest.py lowers it:
    outs = []                    # unoptimised code can hold addresses numba's cache refuses to save)
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", _SCRIPT.format(dir=str(tmp_path))], env=env,
                              check=False, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout.strip().splitlines()[-1])
    import json
    first, second = (json.loads(o) for o in outs)
    assert first["cache"] == "compiled" and second["cache"] == "loaded from disk"
    assert first["dx"] == second["dx"] and first["dy"] == second["dy"]
    assert any(p.suffix == ".py" for p in (tmp_path / "cache").iterdir())


# ------------------------------------------------------------- helpers, one by one
_R = np.random.default_rng(3)
M34, M33, V3, V4 = _R.normal(size=(3, 4)), _R.normal(size=(3, 3)) + 3 * np.eye(3), _R.normal(size=3), _R.normal(size=4)
T234 = _R.normal(size=(2, 3, 4))
TIES = np.array([[1.0, 3.0, 3.0, 0.5], [2.0, 2.0, -1.0, 2.0], [0.0, 0.0, 0.0, 0.0]])

# (helper name, call text with a0, a1, ... for the arrays, the arrays)
HELPER_CALLS = [
    ("zeros_like", "zeros_like(a0)", [2.5]),
    ("zeros_like", "zeros_like(a0)", [M34]),
    ("unbroadcast", "unbroadcast(a0, a1)", [M34, M34[:1]]),
    ("unbroadcast", "unbroadcast(a0, a1)", [M34, M34[:, :1]]),
    ("unbroadcast", "unbroadcast(a0, a1)", [T234, M34]),
    ("unbroadcast", "unbroadcast(a0, a1)", [T234, V4[None, :]]),
    ("unbroadcast", "unbroadcast(a0, 2.0)", [M34]),
    ("unbroadcast", "unbroadcast(1.5, a0)", [M34]),
    ("sum_grad", "sum_grad(a0, a1, 1, False)", [V3, M34]),
    ("sum_grad", "sum_grad(a0, a1, -2, False)", [V4, M34]),
    ("sum_grad", "sum_grad(2.0, a0, None, False)", [M34]),
    ("sum_grad", "sum_grad(a0, a1, 1, True)", [V3[:, None], M34]),
    ("sum_grad", "sum_grad(a0, a1, (0, 2), False)", [V3, T234]),
    ("mean_grad", "mean_grad(a0, a1, -1, False)", [V3, M34]),
    ("mean_grad", "mean_grad(2.0, a0, None, False)", [T234]),
    ("prod_grad", "prod_grad(1.5, np.prod(a0), a0, None, False)", [M34]),
    ("prod_grad", "prod_grad(a0, np.prod(a1, axis=0), a1, 0, False)", [V4, np.where(M34 > 0.5, 0.0, M34)]),
    ("extreme_grad", "extreme_grad(2.0, np.max(a0), a0, None, False)", [TIES]),
    ("extreme_grad", "extreme_grad(2.0, np.max(a0), a0.T, None, False)", [TIES]),   # strided, ties
    ("extreme_grad", "extreme_grad(-3.0, np.min(a0), a0, None, False)", [V4]),
    ("extreme_grad", "extreme_grad(1.5, np.nan, a0, None, False)", [V4]),   # no hit: NumPy's nan
    ("extreme_grad", "extreme_grad(a0, np.max(a1, axis=1), a1, 1, False)", [V3, TIES]),
    ("extreme_grad", "extreme_grad(a0, np.min(a1, axis=0), a1, 0, False)", [V4, TIES]),
    ("var_grad", "var_grad(1.5, a0, None, 0, False)", [M34]),
    ("var_grad", "var_grad(a0, a1, 0, 1, False)", [V4, M34]),
    ("norm_grad", "norm_grad(1.5, np.linalg.norm(a0), a0, None, None, False)", [M34]),
    ("norm_grad", "norm_grad(a0, np.sqrt(np.sum(a1 * a1, axis=1)), a1, None, 1, False)", [V3, M34]),
    ("dot_grad_left", "dot_grad_left(a0, a1, a2)", [V3, M34, V4]),
    ("dot_grad_right", "dot_grad_right(a0, a1, a2)", [V3, M34, V4]),
    ("dot_grad_left", "dot_grad_left(a0, a1, a2)", [V4, V3, M34]),
    ("dot_grad_right", "dot_grad_right(a0, a1, a2)", [V4, V3, M34]),
    ("dot_grad_left", "dot_grad_left(a0, a1, a2)", [M33, M34.T.copy(), M34[:, :3].copy()]),
    ("dot_grad_right", "dot_grad_right(a0, a1, a2)", [M33, M34[:3, :3].T.copy(), M33]),
    ("dot_grad_left", "dot_grad_left(1.5, a0, a1)", [V4, V4]),
    ("dot_grad_right", "dot_grad_right(a0, 2.0, a1)", [V4, V4]),
    ("outer_grad_left", "outer_grad_left(a0, a1, a2)", [M34, V3, V4]),
    ("outer_grad_right", "outer_grad_right(a0, a1, a2)", [M34, V3, V4]),
    ("transpose_grad", "transpose_grad(a0)", [M34]),
    ("transpose_grad", "transpose_grad(a0, (1, 2, 0))", [T234.transpose(1, 2, 0).copy()]),
    ("reshape_grad", "reshape_grad(a0, a1)", [V4.repeat(3), M34]),
    ("clip_mask", "clip_mask(a0, -0.5, 0.5)", [M34]),
    ("clip_mask", "clip_mask(a0, None, 0.5)", [M34]),
    ("clip_mask", "clip_mask(0.3, -1.0, None)", []),
    ("cumsum_grad", "cumsum_grad(a0, a1)", [V4, V4]),
    ("cumsum_grad", "cumsum_grad(a0, a1, None)", [M34.ravel().copy(), M34]),
    ("trace_grad", "trace_grad(1.5, a0)", [M34]),
    ("solve_grad_a", "solve_grad_a(a0, a1, np.linalg.solve(a1, a2))", [V3, M33, V3]),
    ("safe_log", "safe_log(a0)", [M34]),
    ("safe_log", "safe_log(-2.0)", []),
]


def _helper_module():
    """All wrappers in one generated file, so numba can cache them on disk (cache=True)."""
    import hashlib
    import importlib.util

    import s2sad.backends.numba_helpers.numba_runtime as nr
    from s2sad.backends.jit import cache_dir

    names = sorted({c[0] for c in HELPER_CALLS})
    with open(nr.__file__, "rb") as fh:             # numba's cache does not see changes there
        stamp = hashlib.sha1(fh.read()).hexdigest()
    lines = [f"# numba_runtime {stamp}", "import numpy as np", "import s2sad.backends.numba_helpers.numba_runtime  # noqa: F401",
             f"from s2sad.rules.runtime import {', '.join(names)}", ""]
    for i, (_, call, arrays) in enumerate(HELPER_CALLS):
        lines += [f"def w{i}({', '.join(f'a{k}' for k in range(len(arrays)))}):", f"    return {call}", ""]
    text = "\n".join(lines)
    path = os.path.join(cache_dir(), f"test_helpers_{hashlib.sha1(text.encode()).hexdigest()[:12]}.py")
    if not os.path.exists(path):
        tmp = f"{path}.{os.getpid()}.tmp"      # processes writing it at once (pytest-xdist) each own one
        with open(tmp, "w") as fh:
            fh.write(text)
        os.replace(tmp, path)
    spec = importlib.util.spec_from_file_location("s2sad_test_helpers", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # numba's cache loader imports it by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def helper_module():
    return _helper_module()


@pytest.mark.parametrize("index", range(len(HELPER_CALLS)),
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(HELPER_CALLS)])
def test_numba_helper_matches_python(index, helper_module):
    arrays = HELPER_CALLS[index][2]
    wrapper = getattr(helper_module, f"w{index}")
    expected = wrapper(*[np.copy(a) for a in arrays])          # the plain-NumPy helpers
    got = numba.njit(cache=True)(wrapper)(*[np.copy(a) for a in arrays])
    assert np.shape(got) == np.shape(expected)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)


def test_add_at_counts_repeated_indices():
    from s2sad.rules.runtime import add_at

    @numba.njit
    def scatter(b, idx, g):
        add_at(b, idx, g)
        return b

    idx = np.array([0, 2, 2, 1])
    got = scatter(np.zeros(4), idx, np.array([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_array_equal(got, [1.0, 4.0, 5.0, 0.0])


def builtin_dtype_keywords(x):
    grid = np.arange(len(x), dtype=float)
    eye = np.eye(len(x), dtype=float)
    return np.sum(x * grid) + x @ eye @ x


def test_builtin_dtype_keyword_compiles():
    """`np.arange(n, dtype=float)`, `np.eye(n, dtype=float)`: numba takes no builtin type as a
    dtype there, so the jit lowering writes np.float64 (the same in NumPy); was a JitError (hunt5)."""
    x = np.array([0.3, -1.2, 0.8])
    g = check_grad(builtin_dtype_keywords, x, jit=True)
    np.testing.assert_allclose(g, np.arange(3.0) + 2 * x, rtol=1e-12)


def prod_of_a_list(x):
    return math.fsum([v * v for v in x]) + math.prod([1 + 0.1 * v for v in x])


def test_math_prod_of_a_list_compiles():
    """numba's `prod_grad` of a list returned a number, so indexing its gradient per element
    did not compile (a JitError naming no line of the user's, hunt5)."""
    x = np.array([0.3, -0.5, 0.2, 0.9])
    g = check_grad(prod_of_a_list, x, jit=True)
    np.testing.assert_allclose(g, s2sad.grad(prod_of_a_list)(x), rtol=1e-12)


def _columns_crossed(x):
    m = np.reshape(x[:3] * x[1:], (3, 1)) * np.ones((3, 3))
    return np.sum(np.cross(m, m[::-1], axisa=0, axisb=0) * x[:3])


@pytest.mark.jit
@pytest.mark.parametrize("f, call, keyword", [(_columns_crossed, "np.cross", "axisa")])
def test_a_keyword_numba_lacks_is_a_jit_error_at_the_calls_line_and_column(f, call, keyword):
    """Before: the JitError named the line but no column, and said only "no implementation of the
    call"; now the column of the call, a caret under it, and which keyword to write without."""
    lines, first = inspect.getsourcelines(f)
    k = next(i for i, ln in enumerate(lines) if call + "(" in ln)
    col = lines[k].index(call + "(") + 1
    x = np.array([0.3, -0.7, 1.2, 0.5])
    with pytest.raises(JitError) as info:
        s2sad.grad(f, jit=True)(x)
    msg = str(info.value)
    assert f'File "{__file__}", line {first + k}, column {col}, in {f.__name__}:' in msg, msg
    assert re.search(rf"numba's `{re.escape(call)}` does not take `{keyword}=`", msg), msg
    quoted = next(ln for ln in msg.splitlines() if ln.strip().startswith("from your code:"))
    caret = msg.splitlines()[msg.splitlines().index(quoted) + 1]
    assert caret.strip() == "^" and quoted[len(caret) - 1:].startswith(call), msg
    check_grad(f, x)     # jit=False runs it


_PAIRS = np.array([[0, 2], [1, 3]])


def _take_by_a_matrix(x):
    y = x * 2.0
    return np.sum(np.take(y, _PAIRS, axis=0) ** 2)


@pytest.mark.jit
def test_a_jit_error_raised_by_a_reverse_sweep_helper_points_at_the_users_call():
    """The failing generated line calls s2sad's `take_grad`, which the user never wrote: the
    column is that of the `np.take` s2sad's own message names."""
    lines, first = inspect.getsourcelines(_take_by_a_matrix)
    k = next(i for i, ln in enumerate(lines) if "np.take(" in ln)
    with pytest.raises(JitError) as info:
        s2sad.grad(_take_by_a_matrix, jit=True)(np.array([0.3, -0.7, 1.2, 0.5]))
    msg = str(info.value)
    assert f"line {first + k}, column {lines[k].index('np.take(') + 1}, in _take_by_a_matrix:" in msg, msg


def formatted_label(x, k):
    label = f"step {k}: {x[0]:.3f}"
    if len(label) > 3:
        return x[0] * k + np.sum(x)
    return np.sum(x)


def test_an_f_string_numba_cannot_compile_is_located_at_the_line_that_wrote_it():
    """numba's UnsupportedBytecodeError says `Raised from <file> (N)`, not `File ..., line N`; and
    copy propagation moved the f-string into the `if` test: the JitError still names the user's
    line, found by the string's text (hunt7, fns51 fstring_label: it named no line)."""
    with pytest.raises(JitError) as info:
        s2sad.grad(formatted_label, jit=True)(np.array([0.5, 1.0]), 2.0)
    first = inspect.getsourcelines(formatted_label)[1]
    assert _located(str(info.value), first + 1, "formatted_label"), str(info.value)


_COLUMNS = np.array([[0.6, -0.24, -0.88], [0.1, 0.2, 0.3]])


def inactive_var_ddof(dt, c):
    G = _COLUMNS * 1.0
    q = np.sqrt(G[:, 1] ** 2 + 1.0)
    return (G[:, -1] / (np.linalg.norm(G[:, -1]) + 0.001)).var(ddof=True) + np.mean(q)


def test_a_jit_error_in_an_adjoint_with_no_comments_names_the_users_line():
    """Nothing depends on the inputs, so the adjoint carries no `# <line>` comments and copy
    propagation inlined three of the user's lines into the one numba fails on (fuzz seed 2100011
    named none): the statement it was made from is named, with the column of `.var(`, which
    numba refuses for a bool `ddof` (backends/jit_lines: before, a guess by shared names; an
    integer ddof compiles now)."""
    with pytest.raises(JitError) as info:
        s2sad.grad(inactive_var_ddof, wrt=(0, 1), jit=True)(0.5, 0.3)
    lines, first = inspect.getsourcelines(inactive_var_ddof)
    k = next(i for i, ln in enumerate(lines) if ".var(ddof=True)" in ln)
    msg = str(info.value)
    col = lines[k].index(".var(") + 2
    assert f'  File "{__file__}", line {first + k}, column {col}, in inactive_var_ddof:' in msg, msg
    assert "generated adjoint, line" in msg and "ddof=True) + np.mean" in msg, msg   # the whole statement
