"""Run every script in examples/ (fast mode) and check the numbers the seed tutorials print.

Skips only when matplotlib is missing; an s2sad failure is a test failure.
"""
import importlib.util
import pathlib

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_example(name, out_dir, monkeypatch):
    """Import examples/<name>.py under a private name, point its output at out_dir, run main(fast=True)."""
    spec = importlib.util.spec_from_file_location(f"s2sad_example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if hasattr(module, "OUT"):
        monkeypatch.setattr(module, "OUT", str(out_dir))
    return module.main(fast=True)


def assert_png(path, out_dir):
    path = pathlib.Path(path)
    assert path.parent == pathlib.Path(out_dir)
    assert path.is_file() and path.stat().st_size > 10_000
    assert path.read_bytes()[:8] == PNG_MAGIC


def test_computation_graph(tmp_path, monkeypatch):
    r = run_example("computation_graph", tmp_path, monkeypatch)
    assert r["grad_by_hand"] == (4, 6)
    assert r["grad_s2sad"] == pytest.approx((4.0, 6.0), abs=1e-12)
    assert r["grad_numeric"] == pytest.approx((4.0, 6.0), abs=1e-6)
    # The tutorial's printout, to the last digit, with both gradients.
    assert r["descent_by_hand"] == [0.39785866768425965, 0.5304782235790126]
    assert r["descent_s2sad"] == pytest.approx([0.39785866768425965, 0.5304782235790126], rel=1e-13)
    assert isinstance(r["source"], str) and "def " in r["source"]


def test_linear_regression(tmp_path, monkeypatch):
    r = run_example("linear_regression", tmp_path, monkeypatch)
    assert r["w"] == pytest.approx(3.0, abs=0.1)
    assert r["b"] == pytest.approx(1.0, abs=0.1)
    assert len(r["losses"]) == 3000
    assert r["losses"][-1] < 0.01 < r["losses"][0]
    assert np.all(np.diff(r["losses"]) <= 1e-12)          # lr = 0.01 is small: loss never rises
    if "w_minimize" in r:                                  # s2sad.minimize runs the same descent
        assert r["w_minimize"] == pytest.approx(r["w"], rel=1e-9)
        assert r["b_minimize"] == pytest.approx(r["b"], rel=1e-9)
        assert len(r["losses_minimize"]) == 3000
    assert_png(r["png"], tmp_path)


def test_sigmoid_network(tmp_path, monkeypatch):
    r = run_example("sigmoid_network", tmp_path, monkeypatch)
    assert r["loss"] == pytest.approx(0.49987437659875394, rel=1e-10)   # the seed's "0.4999"
    # Reference values from torch.autograd (float64) on the same network.
    np.testing.assert_allclose(r["dW1"], [[1.2243265216e-04], [7.8006367107e-05]], rtol=1e-8)
    np.testing.assert_allclose(r["dW2"], [[-7.8433184723e-06, -9.4498200199e-06],
                                          [9.5753812230e-05, 1.1536651164e-04]], rtol=1e-8)
    np.testing.assert_allclose(r["W1_new"], [[0.9998775673], [1.9999219936]], rtol=1e-9)
    np.testing.assert_allclose(r["W2_new"], [[3.0000078433, 4.0000094498],
                                             [4.9999042462, 5.9998846335]], rtol=1e-9)
    assert r["loss_after_step"] == pytest.approx(0.4998743328872585, rel=1e-10)
    norms = r["layer_grad_norms"]
    assert len(norms) == 10 and np.all(norms > 0)
    assert norms[-1] / norms[0] > 1e3                     # the gradient vanishes towards the input
    assert_png(r["png"], tmp_path)


def test_softmax_cross_entropy(tmp_path, monkeypatch):
    r = run_example("softmax_cross_entropy", tmp_path, monkeypatch)
    np.testing.assert_allclose(r["grad"], r["p_minus_y"], rtol=1e-10, atol=1e-12)
    p = r["p"]
    np.testing.assert_allclose(r["softmax_jacobian"], np.diag(p) - np.outer(p, p), atol=1e-12)
    for name, err in r["activation_errors"].items():
        assert err < 1e-12, name
    assert_png(r["png"], tmp_path)


def test_himmelblau_adam(tmp_path, monkeypatch):
    r = run_example("himmelblau_adam", tmp_path, monkeypatch)
    # The seed: 20000 Adam steps (lr = 1e-3) from (-4, 0) end at (-3.779310, -3.283186).
    np.testing.assert_allclose(r["x_final"], [-3.779310, -3.283186], atol=1e-5)
    # Each of the four starting points reaches its own minimum.
    minima = np.array([[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]])
    np.testing.assert_allclose(r["finals"], minima, atol=1e-5)
    assert_png(r["png"], tmp_path)


def test_mxnet_control_flow(tmp_path, monkeypatch):
    r = run_example("mxnet_control_flow", tmp_path, monkeypatch)
    branches = set()
    for inp, c, grad in r["control_flow"].values():
        np.testing.assert_allclose(grad, c / inp, rtol=1e-12)   # MXNet's check: a.grad == c / a
        branches.add(bool(np.sum(c) > 0))
    assert branches == {True, False}                             # both if-branches were exercised
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(r["grad_plain"], 4 * x)
    np.testing.assert_allclose(r["grad_head"], [[40.0, 8.0], [1.2, 0.16]], rtol=1e-12)
    for got in (r["torch_vjp"], r["torch_grad"]):
        np.testing.assert_allclose(got[0], [7.0, 8.0, 9.0])
        np.testing.assert_allclose(got[1], [7.0, 8.0, 9.0])


def test_newton_hvp(tmp_path, monkeypatch):
    r = run_example("newton_hvp", tmp_path, monkeypatch)
    newton, gd = r["newton_norms"], r["gd_norms"]
    assert newton[-1] < 1e-8 and gd[-1] < 1e-8              # both reach the tolerance
    assert len(newton) <= 12 and len(gd) > 50 * len(newton)  # Newton: a few steps; descent: many
    assert r["hv_products"] > 0
    assert r["trust_ncg"].success and r["hessp_calls"] > 0
    assert r["loss"](r["w_newton"]) == pytest.approx(r["loss"](r["w_gd"]), rel=1e-10)
    np.testing.assert_allclose(r["w_newton"], r["trust_ncg"].x, rtol=1e-6, atol=1e-8)
    assert_png(r["png"], tmp_path)
