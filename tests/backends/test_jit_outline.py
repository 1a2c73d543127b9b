"""Fused loops' fallback branches as shared functions of the generated module
(s2sad/backends/outline.py). Each case checks the compiled gradient against the pure-Python
one and finite differences, on arguments that take the fused loops and on arguments that
take the fallbacks (shapes that broadcast), and the structure: fallbacks that differ only
in their names call one function; slice updates go through numba_add_into's loops; a module
numba cannot compile with its fallbacks moved is compiled again with them inline."""
import ast

import numpy as np
import pytest

import s2sad
from s2sad.backends import jit_module, outline
from s2sad.testing import check_grad

pytest.importorskip("numba")
pytestmark = pytest.mark.jit


def rhs(x, y):
    return np.concatenate((x[:1], x[1:] * y[:-1]))


def rk4(x, y0, steps):
    h = 2.0 / steps
    y = y0 * 1.0
    for _ in range(steps):
        k1 = rhs(x, y)
        k2 = rhs(x, y + h / 2.0 * k1)
        k3 = rhs(x, y + h / 2.0 * k2)
        k4 = rhs(x, y + h * k3)
        y = y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    return np.sum(y * y)


def scaled(w, b):
    u = w * b + w          # b of shape (n,) or (m, n): the fallback broadcasts
    v = u * b - w
    return np.sum(u * v) + np.sum(v * w * b)


def _fallback_defs(g):
    tree = ast.parse(open(g.built.path).read())
    return [f.name for f in tree.body if isinstance(f, ast.FunctionDef) and f.name.startswith(outline.PREFIX)]


def _same_as_python(f, w, b):
    """grad(f, jit=True) at (w, b): NumPy's (jit=False) values and finite differences; the gradient."""
    g = s2sad.grad(f, wrt=(0, 1), jit=True)
    got = g(w, b)
    want = s2sad.grad(f, wrt=(0, 1))(w, b)
    for a, c in zip(got, want):
        np.testing.assert_allclose(a, c, rtol=1e-12)
    check_grad(f, w, b, wrt=(0, 1), jit=True)
    return g


def _fallback_calls(g):
    text = open(g.built.path).read()
    return sum(text.count(f"{name}(") - 1 for name in _fallback_defs(g))


def _unread_results(path):
    """Names the adjoint's fallback calls bind that it never reads (their values, built and
    returned for nothing, cost numba code at every call)."""
    tree = ast.parse(open(path).read())
    adjoint = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name.endswith("_adjoint"))
    read = {n.id for n in ast.walk(adjoint) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound = {n.id for s in ast.walk(adjoint) if isinstance(s, ast.Assign) and isinstance(s.value, ast.Call)
             and isinstance(s.value.func, ast.Name) and s.value.func.id.startswith(outline.PREFIX)
             for t in s.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return bound - read


def test_fallbacks_differing_only_in_names_share_one_function():
    x, y0 = np.linspace(0.5, 1.5, 6), np.linspace(0.0, 0.3, 6)
    g = s2sad.grad(rk4, wrt=(0, 1), jit=True)
    got = g(x, y0, 5)
    want = s2sad.grad(rk4, wrt=(0, 1))(x, y0, 5)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    check_grad(rk4, x, y0, 5, wrt=(0, 1), jit=True)
    defs, calls = _fallback_defs(g), _fallback_calls(g)
    assert defs, "the fused loops' fallbacks were moved into functions"
    assert outline.ADD_INTO in g.built.module.source, "b_x[1:] += ... by numba_add_into's loops"
    assert calls > len(defs), (defs, calls)      # the RK4 stages' fallbacks are one function each kind
    assert not _unread_results(g.built.path), "the joined tuple t5 of t5 = a, b * c is not returned"


@pytest.mark.parametrize("shape_b", [(4,), (3, 4)], ids=["same shapes: the fused loops", "broadcast: the fallbacks"])
def test_outlined_fallbacks_compute_what_the_statements_compute(shape_b):
    rng = np.random.default_rng(3)
    w, b = rng.normal(size=4), rng.normal(size=shape_b)
    g = _same_as_python(scaled, w, b)
    assert _fallback_defs(g)


def test_a_module_that_fails_with_outlined_fallbacks_compiles_them_inline(monkeypatch):
    """The safety net: a moved fallback numba cannot compile (here one that reads an unknown
    name) makes the adjoint compile again with its fallbacks inline, which succeeds."""
    real = outline.fallbacks

    def broken(fdef):
        helpers = real(fdef)
        bad = ast.parse(f"def {outline.PREFIX}broken():\n    return undefined_name_c15\n").body[0]
        fdef.body.insert(0, ast.parse(f"{outline.PREFIX}broken()").body[0])
        return helpers + [bad]
    monkeypatch.setattr(jit_module.outline, "fallbacks", broken)
    jit_module.clear_memory_cache()
    w, b = np.linspace(0.1, 0.9, 5), np.linspace(-1.0, 1.0, 5)

    def scaled_again(w, b):      # a function of its own: nothing cached from the tests above
        return scaled(w, b) * 2.0
    g = s2sad.grad(scaled_again, wrt=(0, 1), jit=True)
    got = g(w, b)
    want = s2sad.grad(scaled_again, wrt=(0, 1))(w, b)
    for a, c in zip(got, want):
        np.testing.assert_allclose(a, c, rtol=1e-12)
    assert g.built.inline and not outline.rewritten(g.built.module.source)


def looped(w, b):
    s = 0.0
    for i in range(3):
        u = w * b + i          # in a loop: written into u's array after the first pass (primal_inplace)
        s = s + np.sum(u * u)
    return s


def _first_passes(path):
    """For the adjoint and its first-try copy: the ``else`` of each ``if _s2sad_has_.. and ..``, and
    how many statements of the function bind ``u``."""
    found = []
    for f in ast.parse(open(path).read()).body:
        if not (isinstance(f, ast.FunctionDef) and f.name.endswith("looped_adjoint")):
            continue
        for node in ast.walk(f):
            if isinstance(node, ast.If) and isinstance(node.test, ast.BoolOp) \
                    and getattr(node.test.values[0], "id", "").startswith("_s2sad_has_"):
                binds = [n for n in ast.walk(f) if isinstance(n, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "u" for t in n.targets)]
                found.append((f.name, [ast.unparse(x) for x in node.orelse], len(binds)))
    return found


@pytest.mark.parametrize("shape_b", [(4,), (3, 4)], ids=["same shapes: the loop", "broadcast: the fallback"])
def test_the_first_pass_is_the_fallback_written_once(shape_b):
    """``if has_u and <same shapes>: <loop>`` / ``else: u = E``: the first pass and the passes that
    broadcast run the one ``else`` (a shared function), also in the first-try copy, which keeps it
    (the first pass needs it): E is written once a function (stop 53 wrote it twice)."""
    w, b = np.linspace(0.1, 0.9, 4), np.linspace(-1.0, 1.0, 12)[:int(np.prod(shape_b))].reshape(shape_b)
    g = _same_as_python(looped, w, b)
    passes = _first_passes(g.built.path)
    assert sorted(name.startswith("_s2sad_try_") for name, _, _ in passes) == [False, True], passes
    for _, orelse, binds in passes:
        assert len(orelse) == 1 and orelse[0].startswith(f"u = {outline.PREFIX}") and binds == 2, passes


def test_no_helper_is_compiled_twice_for_the_same_types(tmp_path, monkeypatch):
    """numba keys an overload's implementation by the flags of the function calling it: fallbacks
    compiled with other flags than the adjoint's compiled every helper they share with it again.

    Compiled into empty cache directories: CI keeps its home between runs, and an adjoint a
    previous run left in the disk cache is loaded with nothing compiled to listen to."""
    from numba.core import config as numba_config
    from numba.core import event

    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s2sad"))
    monkeypatch.setattr(numba_config, "CACHE_DIR", str(tmp_path / "numba"))

    compiled = []

    class Listener(event.Listener):
        def on_start(self, ev):
            pass

        def on_end(self, ev):
            disp = (ev.data or {}).get("dispatcher")
            compiled.append((getattr(getattr(disp, "py_func", None), "__qualname__", None), str(ev.data.get("args"))))

    def broadcast_twice(w, b):      # a function of its own: nothing compiled for it yet
        u = w * b + w
        v = u * b - w
        return np.sum(u * v) + np.sum(v * w * b) + np.sum(w * w)

    g = s2sad.grad(broadcast_twice, wrt=(0, 1), jit=True)
    w, b = np.linspace(0.1, 0.9, 4), np.linspace(-1.0, 1.0, 12).reshape(3, 4)
    with event.install_listener("numba:compile", Listener()):
        got = g(w, b)
    want = s2sad.grad(broadcast_twice, wrt=(0, 1))(w, b)
    for a, c in zip(got, want):
        np.testing.assert_allclose(a, c, rtol=1e-12)
    assert _fallback_defs(g) and compiled
    twice = [k for k in set(compiled) if compiled.count(k) > 1]
    assert not twice, twice
