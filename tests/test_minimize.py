"""``s2sad.minimize``: descent loops fused with the adjoint by numba (s2sad/tools/optim.py).

Seed numbers: Himmelblau with Adam (lr 1e-3, 20000 steps from (-4, 0)) lands
on (-3.779310, -3.283186) as in the PyTorch tutorial, step for step with
``torch.optim.Adam``; plain gradient descent on x^2 + y^2 from (3, 4) with lr
0.01 for 100 steps gives (0.39785866768425965, 0.5304782235790126).
"""
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
