"""The numba backend's stages and call path (s2sad/backends/, backends/inplace.py, tape recompute).

Each compiled function here is checked against finite differences and the pure-Python
adjoint; the rest checks what the stages promise: the fast call path returns what the
checking path returns (fresh, shaped gradients; other argument types fall back), every
compile failure is a JitError while run-time errors pass through, long compiles say so,
adjoints update arrays in place, reductions of products do not materialise them,
and the descent loop of minimize writes the gradient into its own buffer.
"""
import re

import numpy as np
import pytest

import s2sad
from s2sad.pipeline import build
from s2sad.testing import check_grad
from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

numba = pytest.importorskip("numba")

from s2sad.backends import jit as jitmod  # noqa: E402
from s2sad.backends.errors import JitError  # noqa: E402

pytestmark = pytest.mark.jit


def loss(w, x, y):
    r = w * x - y
    return np.sum(r * r) + np.mean(np.exp(-x) * w)


def doubling(a):
    b = a * 2.0
    while np.linalg.norm(b) < 100.0:
        b = b * 2.0
    return np.sum(b * b)


def rows_in_loop(q, x):
    total = 0.0
    for i in range(x.shape[0]):
        d = x[i] - q
        acc = np.zeros(q.shape[0])
        for r in range(q.shape[1]):
            z = q[:, r] * d[:, r]
            acc = acc + z * z
        total = total + np.sum(acc)
    return total


def identity(x):
    return x


def divide(x, y):
    return x / y


R = np.random.default_rng(11)
X, Y, Q, XS = R.normal(size=5), R.normal(size=5), R.normal(size=(3, 2)), R.normal(size=(4, 3, 2))


def test_fast_path_returns_what_the_checking_path_returns():
    g = s2sad.grad(loss, wrt=(0, 1), jit=True)
    first = g(0.7, X, Y)                       # checking path
    assert not g.fast_signatures
    g(0.7, X, Y)                               # checking path, then learned
    assert g.fast_signatures
    second = g(0.7, X, Y)                      # numba's C dispatch
    plain = s2sad.grad(loss, wrt=(0, 1))(0.7, X, Y)
    for a, b, c in zip(first, second, plain):
        np.testing.assert_allclose(a, c, rtol=1e-12)
        np.testing.assert_array_equal(a, b)
        assert type(a) is type(b) is type(c)
    assert second[1] is not first[1] and not np.shares_memory(second[1], X)
    second[1][:] = 0.0                          # the caller owns what it gets
    np.testing.assert_array_equal(g(0.7, X, Y)[1], first[1])


def test_other_argument_types_take_the_checking_path():
    g = s2sad.grad(loss, wrt=(0, 1), jit=True)
    g(0.7, X, Y)
    g(0.7, X, Y)
    learned = list(g.fast_signatures)
    for _ in range(2):               # an int where a float is differentiated: converted, never learned
        dw, dx = g(1, X[:3], Y[:3])
    pw, px = s2sad.grad(loss, wrt=(0, 1))(1, X[:3], Y[:3])
    assert dw == pytest.approx(pw) and np.allclose(dx, px)
    assert g.fast_signatures == learned
    X2, Y2 = X[:4].reshape(2, 2), Y[:4].reshape(2, 2)
    for _ in range(2):               # 2-d arrays: another adjoint, learned in turn
        dw, dx = g(0.7, X2, Y2)
    pw, px = s2sad.grad(loss, wrt=(0, 1))(0.7, X2, Y2)
    assert dw == pytest.approx(pw) and np.allclose(dx, px) and dx.shape == (2, 2)
    assert len(g.fast_signatures) == len(learned) + 1
    with pytest.raises(s2sad.S2sadError, match="missing"):     # the checking path's errors
        g(0.7, X)


def test_vjp_never_returns_the_callers_dout():
    h = s2sad.vjp(identity, jit=True)
    dout = np.arange(3.0)
    for _ in range(3):
        got = h(np.ones(3), dout)
        np.testing.assert_array_equal(got, dout)
        assert not np.shares_memory(got, dout)


def test_in_place_adjoint_in_a_data_dependent_loop():
    text = build(doubling, ["a"], stop_after="jit", param_kinds={"a": 1})
    assert "b_b *= 2.0" in text                 # not b_b = b_b * 2.0: no allocation per trip
    check_grad(doubling, np.array([0.3, -0.2, 0.5]), jit=True)


def logsumexp_rows(a):
    s = 0.0
    for i in range(a.shape[0]):
        v = a[i]
        mx = np.max(v)
        s = s + mx + np.log(np.sum(np.exp(v - mx)))
    return s


def test_the_gradient_of_a_reduction_is_added_in_place():
    """``b_v = b_v + extreme_grad(...)``: the helper's result has ``v``'s rank (was unknown, so a
    new array per point of GMM's logsumexp); ties split the gradient as in Python."""
    text = build(logsumexp_rows, ["a"], stop_after="jit", param_kinds={"a": 2})
    assert "b_v = b_v + extreme_grad(" not in text      # added in place: by += or, since backends/adds.py, into b_v
    assert "b_v += extreme_grad(" in text or "_extreme_grad_add(b_v, " in text
    _same_as_python(logsumexp_rows, R.normal(size=(4, 5)), wrt=0)
    _same_as_python(logsumexp_rows, np.array([[1.0, 3.0, 3.0], [0.0, 0.0, 0.0]]), wrt=0)


def test_loops_for_updates_and_reductions():
    text = build(loss, ["w", "x"], stop_after="jit", param_kinds={"w": 0, "x": 1, "y": 1})
    assert "for _i0 in range(" in text          # np.sum(r * r) never materialises r * r
    check_grad(loss, 0.7, X, Y, wrt=(0, 1), jit=True)


def broadcast_sum(a, b):
    return np.sum(a * b) + np.sum(np.exp(a - b))


def test_fused_loops_keep_numpy_broadcasting():
    a, b = R.normal(size=(3, 1)), R.normal(size=(1, 4))
    jitted = check_grad(broadcast_sum, a, b, wrt=(0, 1), jit=True)
    plain = s2sad.grad(broadcast_sum, wrt=(0, 1))(a, b)
    for u, v in zip(jitted, plain):
        np.testing.assert_allclose(u, v, rtol=1e-12)


def test_views_of_unchanged_arrays_are_recomputed_not_taped():
    text = s2sad.grad(rows_in_loop, wrt=(0,)).build_for((2, 3)).source
    views = re.findall(r"^ +(\w+) = q\[:, r\]$", text, re.M)
    assert len(views) == 2 and views[0] == views[1]      # taken again in the reverse sweep...
    assert f".append({views[0]})" not in text            # ...never saved
    for jit in (False, True):
        check_grad(rows_in_loop, Q, XS, jit=jit)


def test_compile_failures_are_jit_errors_and_run_time_errors_pass_through(monkeypatch):
    g = s2sad.grad(divide, wrt=(0, 1), jit=True)
    with pytest.raises(ZeroDivisionError):
        g(1.0, 0.0)                              # raised by the compiled code, as in Python
    h = s2sad.grad(divide, wrt=(0, 1), jit=True)
    jb = h.build_for((1, 1))
    disp = jb.dispatcher

    def internal_failure(*args, **kws):
        raise AssertionError("numba internal failure")
    monkeypatch.setattr(disp, "_compile_for_args", internal_failure)
    with pytest.raises(JitError, match="(?s)numba could not compile.*AssertionError.*jit=False"):
        jb.function(X, Y + 3.0, 1.0)


def test_a_long_first_call_says_what_it_is_doing(monkeypatch, capsys):
    monkeypatch.setattr(jitmod, "NOTICE_AFTER", 0.0)
    with jitmod.CompileNotice("the adjoint of `f`"):
        import time
        time.sleep(0.05)
    err = capsys.readouterr().err
    assert "s2sad: numba is compiling the adjoint of `f`" in err and "compiled the adjoint of `f` in" in err


def test_numbas_performance_warnings_about_generated_lines_are_silenced_while_compiling():
    import warnings
    from numba.core.errors import NumbaPerformanceWarning
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with jitmod.CompileNotice("the adjoint of `f`"):
            warnings.warn("'@' is faster on contiguous arrays", NumbaPerformanceWarning)
            warnings.warn("kept", UserWarning)
        warnings.warn("after", NumbaPerformanceWarning)
    assert [str(w.message) for w in seen] == ["kept", "after"]


def two_layers(W1, W2, x):
    h = x
    for W in [W1, W2]:
        h = np.tanh(W @ h)
    return np.sum(h)


def test_list_of_arrays_of_different_shapes_is_refused_not_garbage():
    W1, W2 = R.normal(size=(4, 3)), R.normal(size=(2, 4))
    with pytest.raises(JitError, match="different shapes"):
        s2sad.grad(two_layers, wrt=(0, 1), jit=True)(W1, W2, R.normal(size=3))


def packed(p, a):
    return np.sum((p[0] * a + p[1]) ** 2)


def test_minimize_descends_into_its_own_gradient_buffer():
    a = R.normal(size=6)
    res = s2sad.minimize(packed, np.array([1.0, 0.5]), method="adam", lr=0.05, steps=300, args=(a,))
    py = s2sad.minimize(packed, np.array([1.0, 0.5]), method="adam", lr=0.05, steps=300, args=(a,), jit=False)
    np.testing.assert_allclose(res.x, py.x, rtol=1e-12)
    np.testing.assert_allclose(res.losses, py.losses, rtol=1e-12)
    from s2sad.tools.optim import _built_for
    text = open(_built_for(packed, (np.zeros(2), a), True).descent_module_for("adam").path).read()
    into = text.split("def packed_adjoint_into")[1].split("\ndef ")[0]
    assert "= _s2sad_g\n" in into and "zeros_like" not in into


HELPERS = '''
import numpy as np
def squash(z):
    return 1.0 / (1.0 + np.exp(-z))
def doubled(z):
    return 2.0 * z
def layer(W, x):
    return np.sum(squash(W @ x))
'''


def test_helper_calling_gradient_runs_its_guard_on_the_fast_path(tmp_path, monkeypatch):
    import importlib
    (tmp_path / "layer_mod.py").write_text(HELPERS)
    monkeypatch.syspath_prepend(str(tmp_path))
    mod = importlib.import_module("layer_mod")
    g = s2sad.grad(mod.layer, jit=True)
    W, x = R.normal(size=(2, 3)), R.normal(size=3)
    for _ in range(3):
        got = g(W, x)
    assert g.fast_signatures and g._built_now().checked_live    # learned: its driver runs the guard
    np.testing.assert_allclose(got, s2sad.grad(mod.layer)(W, x), rtol=1e-12)
    monkeypatch.setattr(mod, "squash", mod.doubled)          # the helper changes: never the stale adjoint
    np.testing.assert_allclose(g(W, x), 2.0 * np.outer(np.ones(2), x), rtol=1e-12)
    assert not g.fast_signatures        # the stale driver answered through the checking path, then was dropped
    for _ in range(2):
        np.testing.assert_allclose(g(W, x), 2.0 * np.outer(np.ones(2), x), rtol=1e-12)
    assert g.fast_signatures            # learned again, for the new adjoint


def test_helper_calling_gradient_with_new_argument_types_after_learning_takes_the_checking_path(
        tmp_path, monkeypatch):
    # learned drivers sit in the gradient's own C dispatcher: a miss must reach the checking path
    import importlib
    (tmp_path / "layer_mod2.py").write_text(HELPERS)
    monkeypatch.syspath_prepend(str(tmp_path))
    mod = importlib.import_module("layer_mod2")
    g, py = s2sad.grad(mod.layer, jit=True), s2sad.grad(mod.layer)
    W, x = R.normal(size=(2, 3)), R.normal(size=3)
    for _ in range(3):
        g(W, x)
    assert g.fast_signatures
    X = R.normal(size=(3, 2))                                 # another rank: not learned
    np.testing.assert_allclose(g(W, X), py(W, X), rtol=1e-12)
    W32 = W.astype(np.float32)                                # converted by the checking path
    np.testing.assert_allclose(g(W32, x), py(W32, x), rtol=1e-6)
    np.testing.assert_allclose(g(W, x=x), py(W, x), rtol=1e-12)   # folded keyword: the learned driver
    with pytest.raises(TypeError):
        g(W, x, x)
    with pytest.raises(TypeError):
        py(W, x, x)



def joined(x, y, steps):
    kept = [x[0] * 2.0, x[-1]]
    kept.append(x[1])                               # appended to: stays a list
    for _ in range(steps):                          # an Euler step of y' = (x0, x1 y0, ...)
        y = y + 0.1 * np.concatenate([x[:1], x[1:] * y[:-1]])
    return np.sum(y * y) + np.sum(np.array(kept))


def test_lists_only_joined_become_tuples_for_numba():
    text = build(joined, ["x", "y"], stop_after="jit", param_kinds={"x": 1, "y": 1, "steps": 0})
    joined_name = re.search(r"\n\s*(\w+) = \(?t\w*, t\w* \* t\w*\)?\n", text)    # a tuple, not [...]
    assert joined_name and f"np.concatenate({joined_name.group(1)})" in text, text
    assert re.search(r"kept = \[", text)
    x, y = np.array([0.3, -1.2, 0.8, 2.0, -0.5]), np.array([0.1, 0.2, -0.3, 0.4, 0.5])
    jitted = check_grad(joined, x, y, 3, wrt=(0, 1), jit=True)
    for u, v in zip(jitted, s2sad.grad(joined, wrt=(0, 1))(x, y, 3)):
        np.testing.assert_allclose(u, v, rtol=1e-12)
