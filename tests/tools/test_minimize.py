"""``s2sad.minimize``: descent loops fused with the adjoint by numba (s2sad/tools/optim.py).

Seed numbers: Himmelblau with Adam (lr 1e-3, 20000 steps from (-4, 0)) lands
on (-3.779310, -3.283186) as in the PyTorch tutorial, step for step with
``torch.optim.Adam``; plain gradient descent on x^2 + y^2 from (3, 4) with lr
0.01 for 100 steps gives (0.39785866768425965, 0.5304782235790126).
"""
import re

import numpy as np
import pytest

import s2sad
from s2sad.tools import optim

try:
    from s2sad import minimize
except ImportError:                      # until the package exports it
    from s2sad.tools.optim import minimize

pytest.importorskip("numba")


def himmelblau(p):
    return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2


def bowl(p):
    return p[0] ** 2 + p[1] ** 2


def least_squares(w, a, b):
    r = a @ w - b
    return np.sum(r * r) / len(b)


def scalar_quartic(x):
    return (x - 1.5) ** 4 + x * x


@pytest.fixture(scope="module")
def adam_jit():
    return minimize(himmelblau, np.array([-4.0, 0.0]), method="adam", lr=1e-3, steps=20000, jit=True)


def test_himmelblau_adam_reaches_the_tutorial_minimum(adam_jit):
    np.testing.assert_allclose(adam_jit.x, [-3.779310, -3.283186], atol=1e-4)
    assert adam_jit.losses.shape == (20000,)
    assert adam_jit.losses[0] == pytest.approx(himmelblau(np.array([-4.0, 0.0])))
    assert adam_jit.fun < 1e-10
    assert {"transform", "compile", "run", "total"} <= set(adam_jit.time)


def test_himmelblau_adam_jit_matches_python(adam_jit):
    py = minimize(himmelblau, np.array([-4.0, 0.0]), method="adam", lr=1e-3, steps=20000, jit=False)
    np.testing.assert_allclose(py.x, adam_jit.x, rtol=1e-12)
    np.testing.assert_allclose(py.losses, adam_jit.losses, rtol=1e-9, atol=1e-12)


def test_himmelblau_adam_matches_torch_step_for_step(adam_jit):
    torch = pytest.importorskip("torch")
    p = torch.tensor([-4.0, 0.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=1e-3)
    losses = []
    for _ in range(20000):
        opt.zero_grad()
        loss = (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2
        loss.backward()
        opt.step()
        losses.append(loss.item())
    np.testing.assert_allclose(adam_jit.losses, losses, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(adam_jit.x, p.detach().numpy(), rtol=1e-12)
    # step for step: the first few iterates agree too
    r10 = minimize(himmelblau, np.array([-4.0, 0.0]), method="adam", lr=1e-3, steps=10)
    p = torch.tensor([-4.0, 0.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=1e-3)
    for _ in range(10):
        opt.zero_grad()
        ((p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2).backward()
        opt.step()
    np.testing.assert_allclose(r10.x, p.detach().numpy(), rtol=1e-14)


@pytest.mark.parametrize("jit", [True, False])
def test_sgd_seed_numbers(jit):
    res = minimize(bowl, np.array([3.0, 4.0]), method="sgd", lr=0.01, steps=100, jit=jit)
    np.testing.assert_allclose(res.x, [0.39785866768425965, 0.5304782235790126], rtol=1e-12)
    assert res.losses[0] == 25.0 and len(res.losses) == 100


def test_momentum_matches_torch_sgd():
    torch = pytest.importorskip("torch")
    res = minimize(himmelblau, np.array([1.0, 1.0]), method="momentum", lr=1e-3, steps=200,
                   momentum=0.9)
    p = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1e-3, momentum=0.9)
    for _ in range(200):
        opt.zero_grad()
        ((p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2).backward()
        opt.step()
    np.testing.assert_allclose(res.x, p.detach().numpy(), rtol=1e-12)
    py = minimize(himmelblau, np.array([1.0, 1.0]), method="momentum", lr=1e-3, steps=200, jit=False)
    np.testing.assert_allclose(py.x, res.x, rtol=1e-12)


def test_extra_args_and_least_squares():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(20, 3))
    w_true = np.array([1.0, -2.0, 0.5])
    b = a @ w_true
    res = minimize(least_squares, np.zeros(3), method="adam", lr=0.05, steps=2000, args=(a, b))
    np.testing.assert_allclose(res.x, w_true, atol=1e-4)
    py = minimize(least_squares, np.zeros(3), method="adam", lr=0.05, steps=50, args=(a, b), jit=False)
    jt = minimize(least_squares, np.zeros(3), method="adam", lr=0.05, steps=50, args=(a, b), jit=True)
    np.testing.assert_allclose(py.x, jt.x, rtol=1e-10)


def test_scalar_parameter():
    res = minimize(scalar_quartic, 0.0, method="sgd", lr=0.01, steps=500)
    assert isinstance(res.x, float)
    grad = s2sad.grad(scalar_quartic)
    assert abs(grad(res.x)) < 1e-3


def test_x0_not_modified():
    x0 = np.array([3.0, 4.0])
    minimize(bowl, x0, method="adam", lr=0.1, steps=10)
    minimize(bowl, x0, method="adam", lr=0.1, steps=10, jit=False)
    np.testing.assert_array_equal(x0, [3.0, 4.0])


def test_progress_bar_on_long_python_runs(monkeypatch, capsys):
    monkeypatch.setattr(optim, "_PROGRESS_AFTER", 0.0)
    minimize(bowl, np.array([3.0, 4.0]), method="sgd", lr=0.01, steps=200, jit=False)
    err = capsys.readouterr().err
    assert "s2sad.minimize [" in err and "200/200" in err


def test_no_progress_bar_on_short_runs(capsys):
    minimize(bowl, np.array([3.0, 4.0]), method="sgd", lr=0.01, steps=200, jit=False)
    assert capsys.readouterr().err == ""


def test_bad_method():
    with pytest.raises(s2sad.S2sadError, match="method"):
        minimize(bowl, np.array([3.0, 4.0]), method="lbfgs")


def test_non_scalar_loss():
    with pytest.raises(s2sad.NonScalarOutputError, match="scalar"):
        minimize(lambda_free_vector, np.array([3.0, 4.0]), method="sgd")


def lambda_free_vector(p):
    return p * 2.0


# --- the compiled loop: the adjoint inlined, the gradient buffer written in place ---------------
def two_of_three(p, a):
    return np.sum((p[1] * a - p[0]) ** 2)          # p[2] unused: its gradient is 0


def twice_first(p):
    return p[0] * p[0] + 3.0 * p[0] + np.sin(p[1])


def scaled(p, a):
    return np.sum(p * p) * a                        # a scalar loss for a scalar a only


def _module_text(f, args, method, array=True):
    from s2sad.tools.optim import _built_for
    return open(_built_for(f, args, True).descent_module_for(method, array).path).read()


def _function_text(text, name):
    return text.split(f"def {name}(")[1].split("\ndef ")[0]


def test_descent_loop_inlines_the_adjoint():
    a = np.linspace(-1.0, 1.0, 7)
    jt = minimize(two_of_three, np.array([0.5, 2.0, 7.0]), method="adam", lr=0.05, steps=300, args=(a,))
    py = minimize(two_of_three, np.array([0.5, 2.0, 7.0]), method="adam", lr=0.05, steps=300, args=(a,),
                  jit=False)
    np.testing.assert_allclose(jt.x, py.x, rtol=1e-12)
    np.testing.assert_allclose(jt.losses, py.losses, rtol=1e-12)
    assert jt.x[2] == 7.0                           # a zero gradient: the buffer was zeroed
    for method in ("sgd", "momentum", "adam"):
        loop = _function_text(_module_text(two_of_three, (np.zeros(3), a), method), f"_s2sad_minimize_{method}")
        assert "_adjoint_into(" not in loop and "_s2sad_g.fill(0.0)" in loop
        text = _module_text(two_of_three, (np.zeros(3), a), method, array=False)
        scalar = _function_text(text, f"_s2sad_minimize_{method}_scalar")
        assert "two_of_three_adjoint(" not in scalar


def test_first_updates_of_the_gradient_buffer_are_assignments():
    text = _module_text(twice_first, (np.zeros(2),), "sgd")
    into = _function_text(text, "twice_first_adjoint_into")
    assert "if _s2sad_g.shape[0] != 2:\n        _s2sad_g.fill(0.0)" in into
    assert "b_p[0] = " in into and "b_p[1] = " in into
    for x0 in (np.array([1.0, 0.5]), np.array([1.0, 0.5, -2.0])):   # covered, then not: zeroed
        jt = minimize(twice_first, x0, method="sgd", lr=0.1, steps=50)
        py = minimize(twice_first, x0, method="sgd", lr=0.1, steps=50, jit=False)
        np.testing.assert_allclose(jt.x, py.x, rtol=1e-13)
        assert jt.x[len(x0) - 1] == x0[-1] or len(x0) == 2
    np.testing.assert_allclose(minimize(twice_first, np.array([1.0, 0.5]), method="sgd", lr=0.1, steps=200).x[0],
                               -1.5, atol=1e-6)


def test_adam_bias_corrections_past_the_subnormal_range_match_powers():
    # 0.9 ** t is below 1e-20 after 437 steps: the running product stops there, 1 - p1 is 1.0 either way
    x, m, v = np.array([3.0, -2.0]), np.zeros(2), np.zeros(2)
    for t in range(1, 901):
        g = 2.0 * x
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        x = x - 0.01 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    res = minimize(bowl, np.array([3.0, -2.0]), method="adam", lr=0.01, steps=900)
    np.testing.assert_allclose(res.x, x, rtol=1e-11)


def test_warm_minimize_still_checks_new_argument_types():
    res = minimize(scaled, np.array([1.0, 2.0]), method="sgd", lr=0.1, steps=5, args=(2.0,))
    again = minimize(scaled, np.array([1.0, 2.0]), method="sgd", lr=0.1, steps=5, args=(2.0,))
    np.testing.assert_array_equal(res.x, again.x)
    assert again.time["cache"] == "in memory"
    with pytest.raises(s2sad.NonScalarOutputError, match="scalar"):
        minimize(scaled, np.array([1.0, 2.0]), method="sgd", lr=0.1, steps=5, args=(np.ones(2),))


def shifted(x, shift=1.0):
    return np.sum((x - shift) ** 2)


def test_a_warm_minimize_reuses_the_function_its_gradient_settled(monkeypatch):
    """Each call resolved ``f`` again (two ``inspect.signature``: half of minimize's own time per
    call); a warm call now reuses the gradient's, defaults still read as they are now."""
    from s2sad import targets
    first = minimize(shifted, np.zeros(2), method="sgd", lr=0.1, steps=3, jit=False)
    monkeypatch.setattr(targets, "resolve", lambda *a, **k: pytest.fail("f resolved again"))
    again = minimize(shifted, np.zeros(2), method="sgd", lr=0.1, steps=3, jit=False)
    np.testing.assert_array_equal(first.x, again.x)
    monkeypatch.setattr(shifted, "__defaults__", (3.0,))
    moved = minimize(shifted, np.zeros(2), method="sgd", lr=0.1, steps=3, jit=False)
    np.testing.assert_allclose(moved.x, 3.0 * first.x)      # x_k = shift * (1 - 0.8 ** k)


def test_type_key_separates_what_numba_types_apart():
    from s2sad.tools.optim import type_key
    a = np.zeros((3, 2))
    keys = [type_key((v,)) for v in (1.0, 1, 2 ** 63, a, a.T, a[:, 0], a.astype(np.float32), a.reshape(6),
                                      np.float32(1.0))]
    assert len(set(keys)) == len(keys)
    ro = a.copy()
    ro.flags.writeable = False
    assert type_key((ro,)) != type_key((a,)) and type_key((a.copy(),)) == type_key((a,))


def test_an_adjoint_with_several_returns_is_called_not_inlined():
    import ast

    from s2sad.tools.descent import inlinable
    fdef = ast.parse("def f(x, _s2sad_g):\n    if x[0] > 0:\n        return 1.0\n    return 2.0\n").body[0]
    assert not inlinable(fdef, (), True)
    ok = ast.parse("def f(x, _s2sad_g):\n    y = x[0]\n    return y\n").body[0]
    assert inlinable(ok, (), True) and not inlinable(ok, ("y",), True)


def mean_squares(p, x, y):
    r = p[0] * x + p[1] - y
    return np.mean(r * r)


def test_the_step_of_a_mean_of_squares_is_one_loop_without_a_seed_array():
    x = np.linspace(0.0, 1.0, 9)
    y = 3.0 * x + 1.0
    jt = minimize(mean_squares, np.zeros(2), method="sgd", lr=0.1, steps=400, args=(x, y))
    py = minimize(mean_squares, np.zeros(2), method="sgd", lr=0.1, steps=400, args=(x, y), jit=False)
    np.testing.assert_allclose(jt.x, py.x, rtol=1e-12)
    np.testing.assert_allclose(jt.losses, py.losses, rtol=1e-12)
    loop = _function_text(_module_text(mean_squares, (np.zeros(2), x, y), "sgd"), "_s2sad_minimize_sgd")
    head, step = loop.split("for k in range(steps):")
    fused, fallback = step.split("\n        else:\n", 1)
    # the seed of np.mean is a float of the fused loop, r * r and r are never arrays there
    assert "np.full(" not in fused and "np.empty(" not in fused and "_seed" not in head
    assert fused.count("for _i0 in range(") == 1 and len(re.findall(r"_acc\d* \+= ", fused)) == 3
    assert "np.full(" in fallback                # the statements as they were, for other shapes


def _seeded(code, kinds, adjoints=None):
    import ast

    from s2sad.backends.seeds import hoist_seeds
    stmts = ast.parse(code).body
    prelude, out = hoist_seeds(stmts, (kinds, adjoints or {"b_t": "t"}), set())
    return prelude, ast.unparse(out)


def test_a_seed_that_could_be_written_is_created_at_every_step():
    read = "dout = 1.0\nb_t = np.full(t.shape, (dout + 0.0) / t.size)\nb_r = b_t * r\ns = b_t[0] + 1.0\n"
    prelude, text = _seeded(read, {"t": 1, "r": 1})
    assert len(prelude) == 1 and "b_t = b_t_seed" in text
    for write in ("b_t += r", "u = b_t", "b_t[0] = 2.0", "u = unbroadcast(b_t, r)", "u = b_t[1:]"):
        prelude, text = _seeded(read + write + "\n", {"t": 1, "r": 1})
        assert prelude == [] and "b_t = np.full(" in text, write
    safe = read.replace("/ t.size", "/ max(t.size, 1)")          # the jit stage's mean seed (empty t: no / 0)
    prelude, text = _seeded(safe, {"t": 1, "r": 1})
    assert len(prelude) == 1 and "b_t = b_t_seed" in text
    prelude, _ = _seeded("dout = 1.0\nb_t = np.full(t.shape, k / t.size)\nb_r = b_t * r\n", {"t": 1, "r": 1})
    assert prelude == []                            # k may change from step to step
    prelude, _ = _seeded("dout = 1.0\nb_t = np.full(t.shape, dout)\n", {"t": 2}, {"b_t": "t"})
    assert len(prelude[0].value.args[0].elts) == 2     # np.empty((0, 0)): the rank of t
