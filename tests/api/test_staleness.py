"""A gradient sees what the primal would see at call time (s2sad/scopes.py).

Globals and closure variables are read at each call (also under numba, also arrays
modified in place); a redefined helper, a rebound module or builtin, a global whose
type or rank changed, or a newly registered rule makes the adjoint be rebuilt first --
through ``g(...)``, ``g.adjoint``, ``g.source``, ``g.compiled``, ``minimize`` and a fresh
``s2sad.grad(f)``. Each case is checked against finite differences of the function
as it is at that moment.
"""
import importlib.util
import itertools
import sys
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.errors import StaleAdjointError
from s2sad.testing import check_grad, numeric_grad

_count = itertools.count()
JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


def module(tmp_path, text):
    """Import ``text`` as a fresh module (a notebook cell, or a file the user edits)."""
    name = f"stale_mod_{next(_count)}"
    path = tmp_path / f"{name}.py"
    path.write_text("import numpy as np\n\n" + textwrap.dedent(text))
    spec = importlib.util.spec_from_file_location(name, path)
    mod = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def agrees(g, f, *args, wrt=0):
    """``g(*args)`` equals central differences of ``f`` now."""
    got = g(*args)
    want = numeric_grad(f, list(args), wrt)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)
    return got


@pytest.mark.parametrize("jit", JIT)
def test_global_scalar_and_array_are_read_at_call_time(tmp_path, jit):
    m = module(tmp_path, """
        LAM = 2.0
        W = np.array([1.0, 2.0, 3.0])
        def f(x):
            return LAM * np.sum(W * x * x)
    """)
    g, x = s2sad.grad(m.f, jit=jit), np.array([0.5, -1.0, 2.0])
    first = agrees(g, m.f, x)
    m.LAM = 5.0
    assert np.allclose(agrees(g, m.f, x), first * 2.5)
    m.W[0] = 10.0                                   # modified in place: same object
    agrees(g, m.f, x)
    m.W = np.array([3.0, 2.0, 1.0])                 # rebound, same rank
    agrees(g, m.f, x)
    m.W = np.ones((2, 3))                           # rebound to another rank: rebuilt
    agrees(g, lambda v: m.f(v), x)
    m.LAM = np.array(3.0)                           # float -> 0-d array: rebuilt
    agrees(g, m.f, x)
    m.LAM = 4                                       # float -> int: rebuilt
    agrees(g, m.f, x)


@pytest.mark.parametrize("jit", JIT)
def test_globals_read_by_helpers_whose_result_is_not_differentiated(tmp_path, jit):
    """Such a helper used to be called, not inlined, and under jit numba froze the globals it
    reads when it compiled it (fuzz campaign 500000, seed 509000): now it is inlined under jit."""
    m = module(tmp_path, """
        C = np.array([[0.31, 0.16], [0.87, 0.4]])
        LAM = 2.0
        def make():
            k = np.array([1.0, 2.0])
            def inner(v):
                return np.sum(v * k)
            return inner, k
        inner, K = make()
        def rhs(b):
            return C[1][-1] + np.mean(b) * LAM
        def f(t):
            return t * rhs(C[:, 1]) + inner(C[0]) * t * t
    """)
    g = s2sad.value_and_grad(m.f, jit=jit)
    assert g(0.7)[0] == pytest.approx(m.f(0.7))
    m.C[...] = np.array([[-0.76, -0.64], [0.11, -0.54]])
    m.LAM = 3.0
    m.K[...] = [5.0, 6.0]
    value, grad = g(0.7)
    assert value == pytest.approx(m.f(0.7), rel=1e-12)
    assert grad == pytest.approx(numeric_grad(m.f, [0.7], 0), rel=1e-6)


@pytest.mark.parametrize("jit", JIT)
def test_closure_variable_changes_are_seen(jit):
    def make(scale):
        def f(x):
            return scale * x * x
        def set_scale(s):
            nonlocal scale
            scale = s
        return f, set_scale
    f, set_scale = make(2.0)
    g = s2sad.grad(f, jit=jit)
    assert g(3.0) == pytest.approx(12.0)
    set_scale(-1.0)
    assert g(3.0) == pytest.approx(-6.0)


def test_redefined_helper_is_inlined_again(tmp_path):
    m = module(tmp_path, """
        def helper(x):
            return x * x
        def f(x):
            return helper(x) + 1.0
    """)
    g, adj = s2sad.grad(m.f), None
    assert g(3.0) == pytest.approx(6.0)
    adj = g.adjoint
    old_source = g.source
    m.helper = module(tmp_path, "def helper(x):\n    return x * x * x\n").helper   # notebook re-run
    assert g(3.0) == pytest.approx(27.0)
    assert adj(3.0)[1] == pytest.approx(27.0)
    assert g.source != old_source and "x * x * x" in g.source
    assert s2sad.grad(m.f)(3.0) == pytest.approx(27.0)    # a fresh grad does not reuse the stale build


def test_helper_reached_through_a_module_attribute(tmp_path):
    helpers = module(tmp_path, """
        K = 2.0
        def act(x):
            return np.tanh(x)
    """)
    m = module(tmp_path, "def f(x):\n    return np.sum(helpers.act(x) * helpers.K)\n")
    m.helpers = helpers
    g, x = s2sad.grad(m.f), np.array([0.1, 0.7])
    agrees(g, m.f, x)
    helpers.act = module(tmp_path, "def act(x):\n    return np.sin(x)\n").act
    agrees(g, m.f, x)
    helpers.K = 7.0
    agrees(g, m.f, x)
    m.helpers = module(tmp_path, "K = -1.0\ndef act(x):\n    return x * x\n")   # the module rebound
    agrees(g, m.f, x)


def test_value_and_grad_and_vjp_see_changes_too(tmp_path):
    m = module(tmp_path, "C = 1.0\ndef f(x):\n    return C * x\n")
    vg, h = s2sad.value_and_grad(m.f), s2sad.vjp(m.f)
    assert vg(2.0) == (2.0, 1.0) and np.allclose(h(np.ones(2), np.ones(2)), 1.0)
    m.C = 3.0
    assert vg(2.0) == (6.0, 3.0) and np.allclose(h(np.ones(2), np.ones(2)), 3.0)


def test_shadowing_a_builtin_after_the_build(tmp_path):
    m = module(tmp_path, """
        def f(x):
            return abs(x) * 2.0
    """)
    g = s2sad.grad(m.f)
    assert g(-1.5) == -2.0
    m.abs = module(tmp_path, "def abs(v):\n    return v * v\n").abs     # the primal now calls this
    assert g(-1.5) == pytest.approx(-6.0) == numeric_grad(m.f, [-1.5], 0)


def test_a_new_rule_is_used_by_existing_gradients(tmp_path):
    m = module(tmp_path, """
        def soft(x):
            return np.log1p(np.exp(x))
        def f(x):
            return soft(x) * 2.0
    """)
    g = s2sad.grad(m.f)
    assert g(0.0) == pytest.approx(1.0)

    @s2sad.adjoint(m.soft)
    def soft_rule(y, x):
        d[x] = d[y] * 0.25  # noqa: F821   (a deliberately different rule: it must be the one used)
    assert g(0.0) == pytest.approx(0.5)


@pytest.mark.parametrize("jit", JIT)
def test_data_reached_through_a_module_attribute(tmp_path, jit):
    consts = module(tmp_path, "RATE = 0.5\nTABLE = np.array([1.0, 2.0])\n")
    m = module(tmp_path, "def f(x):\n    return np.sum(consts.TABLE * x) * consts.RATE\n")
    m.consts = consts
    g = s2sad.grad(m.f, jit=jit)
    assert np.allclose(g(np.ones(2)), [0.5, 1.0])
    consts.RATE = 2.0
    consts.TABLE[1] = 10.0
    assert np.allclose(g(np.ones(2)), [2.0, 20.0])


@pytest.mark.jit
def test_compiled_driver_and_minimize_use_current_values(tmp_path):
    m = module(tmp_path, """
        TARGET = np.array([1.0, -2.0])
        def loss(x):
            return np.sum((x - TARGET) ** 2)
    """)
    g = s2sad.grad(m.loss, jit=True)
    x = np.zeros(2)
    assert np.allclose(g.compiled(x), [-2.0, 4.0])
    m.TARGET[0] = 3.0
    assert np.allclose(g.compiled(x), [-6.0, 4.0])
    res = s2sad.minimize(m.loss, np.zeros(2), method="sgd", lr=0.25, steps=50, jit=True)
    assert np.allclose(res.x, m.TARGET, atol=1e-6)
    m.TARGET = np.array([5.0, 5.0])
    res = s2sad.minimize(m.loss, np.zeros(2), method="sgd", lr=0.25, steps=50, jit=True)
    assert np.allclose(res.x, [5.0, 5.0], atol=1e-6)


@pytest.mark.jit
def test_compiled_driver_of_a_python_gradient_and_export_use_current_values(tmp_path):
    from s2sad.backends.export import export_source
    m = module(tmp_path, "K = 2.0\ndef f(x):\n    return K * x * x\n")
    g = s2sad.grad(m.f)
    assert g(1.0) == 4.0
    m.K = 5.0
    assert g.compiled(1.0) == 10.0
    assert "K = 5.0" in export_source(m.f)


def test_minimize_python_uses_current_values(tmp_path):
    m = module(tmp_path, "T = 1.0\ndef loss(x):\n    return (x - T) ** 2\n")
    assert s2sad.minimize(m.loss, 0.0, method="sgd", lr=0.25, steps=60, jit=False).x == pytest.approx(1.0)
    m.T = -4.0
    assert s2sad.minimize(m.loss, 0.0, method="sgd", lr=0.25, steps=60, jit=False).x == pytest.approx(-4.0)


def test_the_pipeline_level_function_refuses_when_stale(tmp_path):
    from s2sad.pipeline import build
    m = module(tmp_path, "def h(x):\n    return x * x\ndef f(x):\n    return h(x)\n")
    built = build(m.f, ["x"])
    assert built.function(2.0)[1] == 4.0
    m.h = module(tmp_path, "def h(x):\n    return 3.0 * x\n").h
    with pytest.raises(StaleAdjointError):
        built.function(2.0)


def test_the_same_value_in_two_modules_is_two_parameters(tmp_path):
    a = module(tmp_path, "S = 2.0\ndef part(x):\n    return S * x\n")
    m = module(tmp_path, "S = 2.0\ndef f(x):\n    return part(x) * S\n")
    m.part, a.S, m.S = a.part, 2.0, 2.0
    g = s2sad.grad(m.f)
    assert g(1.0) == 4.0
    a.S = 3.0
    assert g(1.0) == 6.0
    m.S = 5.0
    assert g(1.0) == 15.0


def test_generated_source_shows_the_globals_it_reads(tmp_path):
    m = module(tmp_path, "LAM = 0.1\ndef f(w):\n    return np.sum(w * w) * LAM\n")
    g = s2sad.grad(m.f)
    g(np.ones(2))
    assert g.source.splitlines()[0] == "def f_adjoint(w, LAM, dout=1.0):"
    check_grad(m.f, np.array([0.3, -0.2]))


def test_static_adjoints_and_rule_watchers(tmp_path):
    """``guard.static``: nothing but library code and builtins (a call path without Python may
    skip the guard); registering a rule tells every watcher to forget what it learned."""
    from s2sad.pipeline import build
    from s2sad.rules import registry
    m = module(tmp_path, """
        C = 2.0
        def helper(x):
            return x * x
        def plain(x):
            return np.sum(np.exp(x)) + len(x)
        def reads_global(x):
            return np.sum(x) * C
        def inlines(x):
            return np.sum(helper(x))
    """)
    assert build(m.plain, ["x"]).guard.static
    assert not build(m.reads_global, ["x"]).guard.static
    assert not build(m.inlines, ["x"]).guard.static

    class Learner:
        forgotten = 0

        def forget(self):
            self.forgotten += 1
    learner = Learner()
    registry.watch(learner)
    s2sad.nondifferentiable(m.helper)
    assert learner.forgotten == 1


@pytest.mark.parametrize("jit", JIT)
def test_helper_patched_to_a_lambda(tmp_path, jit):
    """A module attribute patched to a lambda (``mod.helper = lambda u: ...``) was inlined with
    the locals named ``<lambda>_u``: a SyntaxError from the generated code (both modes)."""
    m = module(tmp_path, "def helper(u):\n    return u * u\ndef f(x):\n    return helper(x) * 3.0\n")
    g = s2sad.grad(m.f, jit=jit)
    agrees(g, m.f, 0.7)
    m.helper = lambda u: u * u * u
    agrees(g, m.f, 0.7)
    assert "<lambda>" not in g.source


@pytest.mark.parametrize("jit", JIT)
def test_code_replaced_in_place_as_autoreload_does_is_seen(tmp_path, jit):
    """IPython's %autoreload keeps each function object and replaces its ``__code__`` (and
    ``__defaults__``): the names still refer to the same objects, so the guard compares the code
    too. Before: the helper's and (jit=False) the function's old derivative, silently."""
    m = module(tmp_path, """
        def helper(x, c=2.0):
            return c * x * x
        def f(x):
            return np.sum(helper(x))
        def g(x):
            return np.sum(x * 2.0)
    """)
    new = module(tmp_path, """
        def helper(x, c=2.0):
            return c * x * x * x
        def g(x):
            return np.sum(x * 5.0)
    """)
    x = np.array([0.3, 0.9])
    grad_f, grad_g = s2sad.grad(m.f, jit=jit), s2sad.grad(m.g, jit=jit)
    agrees(grad_f, m.f, x)
    m.helper.__code__ = new.helper.__code__
    agrees(grad_f, m.f, x)
    m.helper.__defaults__ = (3.0,)
    agrees(grad_f, m.f, x)
    agrees(grad_g, m.g, x)
    m.g.__code__ = new.g.__code__
    if jit:      # the C path of a function reading no globals runs no check (README): forget it
        grad_g.forget()
    agrees(grad_g, m.g, x)
