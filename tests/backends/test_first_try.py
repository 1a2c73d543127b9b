"""jit=True gradients run their adjoint without broadcasting fallbacks first (backends.first_try).

A first call whose shapes match compiles neither the adjoint with its fallbacks nor the shared
fallback functions; a call that needs broadcasting (on the checking path or on the fast path's
driver) switches to the full adjoint and returns what jit=False returns."""
import pathlib

import numpy as np
import pytest

import s2sad
from s2sad.backends import first_try


def _compiled(g):
    """Names of the module functions numba compiled for ``g``."""
    return sorted(n for n, d in g.built.module.dispatchers.items() if d.overloads)


def _same_as_python(g, f, *args):
    got = g(*args)
    want = s2sad.grad(f, wrt=(0, 1))(*args)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def mse_a(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def test_a_first_call_whose_shapes_match_compiles_only_the_adjoint_without_fallbacks():
    g = s2sad.grad(mse_a, wrt=(0, 1), jit=True)
    x = np.linspace(0.0, 1.0, 20)
    _same_as_python(g, mse_a, 2.0, 0.5, x, 3.0 * x + 1.0)
    adjoint = g.built.module.adj_name
    assert _compiled(g) == [first_try.PREFIX + adjoint], _compiled(g)
    assert g.built.raw.trying


def mse_b(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def test_a_call_that_broadcasts_switches_to_the_full_adjoint():
    g = s2sad.grad(mse_b, wrt=(0, 1), jit=True)
    x = np.linspace(0.0, 1.0, 20)
    _same_as_python(g, mse_b, 2.0, 0.5, x, 3.0 * x + 1.0)
    _same_as_python(g, mse_b, 2.0, 0.5, x, np.array([0.25]))      # y broadcast against x
    assert not g.built.raw.trying
    assert g.built.module.adj_name in _compiled(g)
    _same_as_python(g, mse_b, 1.0, -0.5, x, 2.0 * x)                # matching shapes again: the full adjoint


def mse_c(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def test_the_fast_path_driver_recalls_the_checking_path_when_shapes_need_broadcasting():
    g = s2sad.grad(mse_c, wrt=(0, 1), jit=True)
    x = np.linspace(0.0, 1.0, 20)
    for k in range(3):                      # the second call learns the fast path's driver
        _same_as_python(g, mse_c, 2.0 + k, 0.5, x, 3.0 * x + 1.0)
    assert g.fast_signatures
    assert any(n.startswith("_s2sad_try_py_") for n in _compiled(g)), _compiled(g)
    for k in range(3):                      # the same argument types: the fast path first
        _same_as_python(g, mse_c, 2.0, 0.5 + k, x, np.full(1, 0.25 * k))
    assert not g.built.raw.trying
    _same_as_python(g, mse_c, 2.0, 0.5, x, 3.0 * x + 1.0)


def mse_d(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def test_shapes_that_do_not_broadcast_raise_python_s_error():
    g = s2sad.grad(mse_d, wrt=(0, 1), jit=True)
    x = np.linspace(0.0, 1.0, 20)
    with pytest.raises(ValueError, match="broadcast"):
        g(2.0, 0.5, x, np.ones(3))
    _same_as_python(g, mse_d, 2.0, 0.5, x, 3.0 * x + 1.0)


TOTAL = np.zeros(3)


def writes_a_global(w, x):
    TOTAL[:] += 1.0                  # running it twice would count twice: no first try
    r = w * x - 1.0
    return np.sum(r * r)


def test_an_adjoint_that_writes_a_global_has_no_first_try():
    g = s2sad.grad(writes_a_global, wrt=0, jit=True)
    x = np.linspace(0.0, 1.0, 5)
    before = TOTAL.copy()
    g(2.0, x)
    assert g.built.module.try_name is None
    np.testing.assert_array_equal(TOTAL, before + 1.0)


def appends(x, y, L):
    L.append(1.5)
    r = x - y
    return np.sum(r * r)


def test_a_call_passing_a_list_never_runs_twice():
    """numba changes a list argument in place (a reflected list): a first try that raised after
    the append would leave a second 1.5 in it when the full adjoint ran the call again."""
    g = s2sad.grad(appends, wrt=0, jit=True)
    x, kept = np.linspace(0.0, 1.0, 5), [0.5]
    got = g(x, np.array([0.2]), kept)           # y broadcast: the first try would raise
    np.testing.assert_allclose(got, s2sad.grad(appends, wrt=0)(x, np.array([0.2]), [0.5]), rtol=1e-12)
    assert kept.count(1.5) <= 1, kept


def prints(x, y):
    print("one line per call")
    r = x - y
    return np.sum(r * r)


def test_an_adjoint_that_prints_runs_once_per_call(capsys):
    g = s2sad.grad(prints, wrt=0, jit=True)
    g(np.linspace(0.0, 1.0, 5), np.array([0.2]))      # y broadcast: a first try would raise after printing
    assert capsys.readouterr().out.count("one line per call") == 1


def mse_e(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def test_value_and_grad_on_the_fast_path_recalls_too():
    g = s2sad.value_and_grad(mse_e, wrt=(0, 1), jit=True)
    want = s2sad.value_and_grad(mse_e, wrt=(0, 1))
    x = np.linspace(0.0, 1.0, 20)
    for y in [3.0 * x + 1.0] * 3 + [np.array([0.25])] * 2:     # the fast path's driver, then broadcasting
        (v, grads), (v0, grads0) = g(2.0, 0.5, x, y), want(2.0, 0.5, x, y)
        np.testing.assert_allclose(v, v0, rtol=1e-12)
        np.testing.assert_allclose(grads, grads0, rtol=1e-12)
    assert not g.built.raw.trying


def mse_f(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def _decrefs(dispatcher):
    return sum(ir.count("call void @NRT_decref") for ir in dispatcher.inspect_llvm().values())


def test_the_copy_raises_through_a_call_not_a_raise_in_each_fallback():
    """A ``raise`` written in the adjoint releases every array live there, in the machine code of
    each raise (GMM d=10's copy: 840 releases against the adjoint's 306, a quarter slower warm);
    the copy calls numba_first_try.broadcast_needed() instead: no more releases than the adjoint."""
    import ast
    g = s2sad.grad(mse_f, wrt=(0, 1), jit=True)
    x = np.linspace(0.0, 1.0, 20)
    _same_as_python(g, mse_f, 2.0, 0.5, x, 3.0 * x + 1.0)
    module = g.built.module
    copy = next(node for node in ast.parse(pathlib.Path(module.path).read_text()).body
                if isinstance(node, ast.FunctionDef) and node.name == module.try_name)
    assert not any(isinstance(node, ast.Raise) for node in ast.walk(copy))
    assert any(isinstance(node, ast.Call) and getattr(node.func, "id", "") == first_try.NEED_NAME
               for node in ast.walk(copy))
    _same_as_python(g, mse_f, 2.0, 0.5, x, np.array([0.25]))      # broadcasting: the adjoint runs
    assert not g.built.raw.trying
    assert _decrefs(module.njit(module.try_name)) <= _decrefs(module.njit(module.adj_name))


def shrinking(p, t):
    """de Casteljau: the arrays of the loop get shorter at every pass."""
    for r in range(3):
        p = (1.0 - t) * p[:-1] + t * p[1:]
    return p[0] * p[0]


def binomial(p, n):
    """A binomial tree's backward induction: ``V`` loses one element a step."""
    u = np.exp(p[0] * np.sqrt(1.0 / n))
    q = (1.0 - 1.0 / u) / (u - 1.0 / u)
    V = np.maximum(p[1] * u ** np.arange(n + 1) * (1.0 / u) ** (n - np.arange(n + 1)) - 1.0, 0.0)
    for i in range(n):
        V = 0.99 * (q * V[1:] + (1.0 - q) * V[:-1])
    return V[0]


@pytest.mark.parametrize("f, args", [(shrinking, (np.array([0.0, 1.0, 3.0, 2.0]), 0.3)),
                                     (binomial, (np.array([0.25, 1.05]), 12))])
def test_a_loop_whose_arrays_shrink_needs_no_second_compile(f, args):
    """A fused loop writes ``z = E`` into ``z``'s old array only while it has ``E``'s shape; when the
    arrays shrink the statement runs as written, which is not broadcasting: the copy runs it too
    (it already compiles it for the first pass), so the first call never compiles the adjoint with
    its fallbacks beside the copy."""
    g = s2sad.grad(f, jit=True)
    got = g(*args)
    np.testing.assert_allclose(got, s2sad.grad(f)(*args), rtol=1e-12, atol=1e-14)
    s2sad.testing.check_grad(f, *args)
    assert g.built.raw.trying
    compiled = _compiled(g)
    assert first_try.PREFIX + g.built.module.adj_name in compiled and g.built.module.adj_name not in compiled, \
        compiled
