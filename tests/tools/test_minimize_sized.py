"""``s2sad.minimize``'s loops for one size of ``x`` (s2sad/tools/descent_sized.py): ``x``, its
gradient and the optimiser state in locals when the adjoint reads ``x`` only as ``x[c]``."""
import ast

import numpy as np
import pytest

from s2sad.tools import descent_sized, optim
from s2sad.tools.optim import minimize

pytest.importorskip("numba")


def himmelblau(p):
    return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2


def gap(p):
    return (p[0] - 1.0) ** 2 + 3.0 * (p[2] + 0.5) ** 2     # p[1] unused: its gradient is 0


def whole(p):
    return np.sum(p * p)                                  # p as an array: no sized loop


def clashing(p, a):
    x_0 = p[0] * a                                        # the loop's own names, as the user's
    g_0 = p[1] - x_0
    m_0 = x_0 * x_0 + g_0 * g_0
    return m_0


def _built(f, args):
    return optim._built_for(f, args, True)


def _into(f, args):
    module = _built(f, args).descent_module_for("adam")
    name = next(n for n in vars(module.module) if n.endswith("_adjoint_into"))
    return next(d for d in ast.parse(open(module.path).read()).body if isinstance(d, ast.FunctionDef) and d.name == name)


def _array_loop(f, method, call):
    """The loop on arrays of ``f``'s descent module, run directly on ``call``."""
    import numba
    disp = _built(f, call[:1]).descent_module_for(method).njit(optim.loop_name(method, True))
    disp.compile(tuple(numba.typeof(a) for a in call))
    return disp(*call)


@pytest.mark.parametrize("f, size", [(himmelblau, 2), (gap, 3), (whole, None)])
def test_size_of_the_adjoint(f, size):
    assert descent_sized.size_of(_into(f, (np.zeros(3),))) == size


def test_himmelblau_adam_runs_the_loop_on_locals_and_lands_where_the_array_loop_does():
    res = minimize(himmelblau, np.array([-4.0, 0.0]), method="adam", lr=1e-3, steps=20000)
    loops = _built(himmelblau, (np.zeros(2),)).descent_loops
    assert any(key[0] == "_s2sad_minimize_adam_n2" for key in loops)
    tree = ast.parse(open(_built(himmelblau, (np.zeros(2),)).descent_module_for("adam").path).read())
    sized = next(d for d in tree.body if isinstance(d, ast.FunctionDef) and d.name == "_s2sad_minimize_adam_n2")
    step = next(s for s in sized.body if isinstance(s, ast.For))
    indexed = {ast.unparse(n) for n in ast.walk(step) if isinstance(n, ast.Subscript)}
    assert indexed == {"losses[k]"}                       # no other array in the step
    assert "_s2sad_g" not in {n.id for n in ast.walk(sized) if isinstance(n, ast.Name)}
    x, losses = _array_loop(himmelblau, "adam", (np.array([-4.0, 0.0]), 1e-3, 20000, 0.9, 0.999, 1e-8, 0.9))
    np.testing.assert_array_equal(res.x, x)               # the same statements: the same iterates
    np.testing.assert_array_equal(res.losses, losses)
    np.testing.assert_allclose(res.x, [-3.779310, -3.283186], atol=1e-4)


@pytest.mark.parametrize("method", ["sgd", "momentum", "adam"])
def test_an_element_the_adjoint_never_writes_keeps_a_zero_gradient(method):
    x0 = np.array([3.0, 7.0, 2.0])
    jt = minimize(gap, x0, method=method, lr=0.05, steps=200)
    py = minimize(gap, x0, method=method, lr=0.05, steps=200, jit=False)
    assert any(key[0] == f"_s2sad_minimize_{method}_n3" for key in _built(gap, (x0,)).descent_loops)
    assert jt.x[1] == 7.0
    np.testing.assert_allclose(jt.x, py.x, rtol=1e-13)
    np.testing.assert_allclose(jt.losses, py.losses, rtol=1e-13)
    np.testing.assert_array_equal(x0, [3.0, 7.0, 2.0])     # the user's array untouched


def floored(p):
    return p[0] ** 2 + (p[1] - 1.0) ** 2 + np.floor(p[2]) * 0.0   # p[2] read, its gradient never written


def test_a_read_element_past_the_written_ones_keeps_a_zero_gradient():
    """The first writes cover b_p[0], b_p[1] (the buffer is zeroed unless it has 2 elements), x has 3."""
    x0 = np.array([3.0, 2.0, 1.5])
    jt = minimize(floored, x0, method="adam", lr=0.05, steps=200)
    py = minimize(floored, x0, method="adam", lr=0.05, steps=200, jit=False)
    assert any(key[0] == "_s2sad_minimize_adam_n3" for key in _built(floored, (x0,)).descent_loops)
    assert jt.x[2] == 1.5
    np.testing.assert_allclose(jt.x, py.x, rtol=1e-13)


def test_another_size_runs_the_loop_on_arrays():
    x0 = np.array([-4.0, 0.0, 5.0])                       # himmelblau reads p[0], p[1] only
    jt = minimize(himmelblau, x0, method="adam", lr=1e-2, steps=500)
    py = minimize(himmelblau, x0, method="adam", lr=1e-2, steps=500, jit=False)
    keys = [key[0] for key in _built(himmelblau, (x0,)).descent_loops]
    assert "_s2sad_minimize_adam" in keys
    np.testing.assert_allclose(jt.x, py.x, rtol=1e-12)
    assert jt.x[2] == 5.0


def named_like_the_loop(x_0, g_0):
    return (x_0[0] - g_0) ** 2 + 2.0 * x_0[1] ** 2


@pytest.mark.parametrize("f", [clashing, named_like_the_loop])
def test_the_loops_names_avoid_the_users(f):
    x0, a = np.array([0.5, -1.0]), 1.5
    jt = minimize(f, x0, method="adam", lr=0.01, steps=300, args=(a,))
    py = minimize(f, x0, method="adam", lr=0.01, steps=300, args=(a,), jit=False)
    assert any(key[0] == "_s2sad_minimize_adam_n2" for key in _built(f, (x0, a)).descent_loops)
    np.testing.assert_allclose(jt.x, py.x, rtol=1e-12)
    np.testing.assert_allclose(jt.losses, py.losses, rtol=1e-12)


def test_no_sized_loop_when_the_adjoint_uses_the_array_whole():
    text = open(_built(whole, (np.zeros(2),)).descent_module_for("adam").path).read()
    assert "_n2(" not in text and "def _s2sad_minimize_adam(" in text
    res = minimize(whole, np.array([1.0, -2.0]), method="sgd", lr=0.1, steps=10)
    np.testing.assert_allclose(res.x, np.array([1.0, -2.0]) * 0.8 ** 10, rtol=1e-13)


def bowl(p):
    return p[0] ** 2 + 3.0 * p[1] ** 2


def quartic(x):
    return (x - 1.5) ** 4 + x * x


@pytest.mark.parametrize("f, x0", [(bowl, np.array([3.0, -2.0])), (whole, np.array([3.0, -2.0])), (quartic, 3.0)])
def test_adam_once_both_bias_products_are_zero_matches_powers(f, x0):
    """With betas (0.5, 0.6) both running products fall below 1e-20 within 100 steps; from
    then on the step size and the root are no longer computed: the same values as with powers."""
    b1, b2, lr, x = 0.5, 0.6, 0.01, np.array(x0, dtype=float)
    gradient = {bowl: lambda x: np.array([2.0, 6.0]) * x, whole: lambda x: 2.0 * x,
                quartic: lambda x: 4.0 * (x - 1.5) ** 3 + 2.0 * x}[f]
    m = v = 0.0 * x
    for t in range(1, 301):
        g = gradient(x)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = x - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + 1e-8)
    jt = minimize(f, x0, method="adam", lr=lr, steps=300, betas=(b1, b2))
    py = minimize(f, x0, method="adam", lr=lr, steps=300, betas=(b1, b2), jit=False)
    np.testing.assert_allclose(jt.x, x, rtol=1e-8, atol=1e-9)   # near 0: rounding of another order
    np.testing.assert_allclose(jt.x, py.x, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(jt.losses, py.losses, rtol=1e-12, atol=1e-15)


def test_adam_divides_once_per_element():
    """Adam's second correction is a product by ``unroot`` (one division per step for it, not
    one per element) and the step size multiplies ``m`` before the division (``step * m / d``):
    off the chain from ``v`` to the next ``x`` (s2sad/tools/descent.py). Iterates as torch's
    (tests/tools/test_minimize.py) and as the loop on arrays, which has the same statements."""
    minimize(himmelblau, np.array([-4.0, 0.0]), method="adam", lr=1e-3, steps=10)
    tree = ast.parse(open(_built(himmelblau, (np.zeros(2),)).descent_module_for("adam").path).read())
    for name in ("_s2sad_minimize_adam_n2", "_s2sad_minimize_adam"):
        loop = next(d for d in tree.body if isinstance(d, ast.FunctionDef) and d.name == name)
        step = next(s for s in loop.body if isinstance(s, ast.For))
        divs = [n for n in ast.walk(step) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)]
        per_element = [d for d in divs if isinstance(d.left, ast.BinOp) and isinstance(d.left.op, ast.Mult)]
        assert len(divs) - len(per_element) == 2, name      # lr / (1 - p1), 1 / sqrt(1 - p2)
        assert len(per_element) == (2 if name.endswith("n2") else 1), name
        assert "root" not in {n.id for n in ast.walk(loop) if isinstance(n, ast.Name)}, name
