"""Second order and Jacobians: ``hvp`` (forward over reverse) on every scalar function
of the gradient corpus against central differences of the gradient (``check_hvp``),
``hessian``, ``jacobian`` in both directions, ``grad(grad(f))``, ``has_aux``;
against autograd where it has the function."""
import inspect

import autograd
import autograd.numpy as anp

import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError, NonScalarOutputError, S2sadError, UnsupportedSyntaxError
from s2sad.testing import check_hvp, check_jvp, numeric_grad
from test_forward import CORPUS, PYTHON_ONLY, directions, doubling, polar, rnn


# second derivatives s2sad refuses (at run time) rather than guess
HVP_REFUSED = {"det_of_singular": "the adjugate's derivative at a singular matrix"}


@pytest.mark.parametrize("f, args, wrt", CORPUS)
def test_hvp_corpus(f, args, wrt, corpus_jit, request):
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
    v = directions(f, args, wrt, len(request.node.name))
    if f.__name__ in HVP_REFUSED:
        with pytest.raises(NoDerivativeError, match="singular"):
            s2sad.hvp(f, wrt=wrt, jit=corpus_jit and f not in PYTHON_ONLY)(*args, v)
        return
    check_hvp(f, *args, v=v, wrt=wrt, jit=corpus_jit and f not in PYTHON_ONLY, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- functions
def cubic(x):
    return np.sum(x ** 3) + x[0] * x[1]


def cubic_ag(x):
    return anp.sum(x ** 3) + x[0] * x[1]


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def rosenbrock_ag(x):
    return anp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def logistic(w, x, y):
    z = x @ w
    return np.mean(np.log1p(np.exp(-y * z))) + 0.1 * np.sum(w * w)


def logistic_ag(w, x, y):
    z = anp.dot(x, w)
    return anp.mean(anp.log1p(anp.exp(-y * z))) + 0.1 * anp.sum(w * w)


def mixed(x, y):
    return x * x * y + np.exp(x * y)


def cube_sin(x):
    return x ** 3 * np.sin(x)


def cube_sin_ag(x):
    return x ** 3 * anp.sin(x)


def rnn_sum(w, x):
    return rnn(w, x) ** 2


def test_hvp_against_autograd():
    rng = np.random.default_rng(0)
    x, v = rng.normal(size=6), rng.normal(size=6)
    check_hvp(rosenbrock, x, v=v, reference=rosenbrock_ag)
    w, X, y = rng.normal(size=3), rng.normal(size=(8, 3)), np.sign(rng.normal(size=8))
    check_hvp(logistic, w, X, y, v=rng.normal(size=3), reference=logistic_ag)
    check_hvp(rnn_sum, 0.5, x, v=1.0)
    check_hvp(rnn_sum, 0.5, x, v=(0.3, v), wrt=(0, 1))


def test_hvp_code_is_forward_over_the_adjoint():
    h = s2sad.hvp(rnn, wrt=(0, 1))
    h(0.5, np.ones(4), (1.0, np.ones(4)))
    src = h.source
    assert "tape_h.pop()" in src and "tape_t_h.pop()" in src            # the tape and its tangent
    assert "# h = np.tanh(w * h + x[i])" in src                          # the user's line, above its block
    assert "t_b_w" in src and "t_b_x" in src


def test_hvp_value_gradient_and_product_in_one_sweep():
    x, v = np.array([0.3, -0.2, 0.5]), np.array([1.0, 0.0, -1.0])
    value, grad, hv = s2sad.hvp(rosenbrock).grad_and_hvp(x, v)
    assert value == pytest.approx(rosenbrock(x))
    np.testing.assert_allclose(grad, autograd.grad(rosenbrock_ag)(x), rtol=1e-12)
    np.testing.assert_allclose(hv, autograd.hessian(rosenbrock_ag)(x) @ v, rtol=1e-12)


def test_hessian_shapes_and_values():
    x = np.array([1.0, 2.0, 3.0])
    H = s2sad.hessian(cubic)(x)
    np.testing.assert_allclose(H, autograd.hessian(cubic_ag)(x), rtol=1e-12)
    assert s2sad.hessian(cube_sin)(0.7) == pytest.approx(autograd.grad(autograd.grad(cube_sin_ag))(0.7))
    m = np.array([[0.5, -1.0], [2.0, 0.3]])
    Hm = s2sad.hessian(lambda_free_matrix)(m)
    assert Hm.shape == (2, 2, 2, 2)
    np.testing.assert_allclose(Hm.reshape(4, 4), Hm.reshape(4, 4).T, atol=1e-12)
    (hxx, hxy), (hyx, hyy) = s2sad.hessian(mixed, wrt=(0, 1))(0.3, 0.5)
    assert hxy == pytest.approx(hyx) == pytest.approx(2 * 0.3 + np.exp(0.15) * (1 + 0.15))
    assert hxx == pytest.approx(2 * 0.5 + 0.25 * np.exp(0.15))


def lambda_free_matrix(m):
    return np.sum(np.tanh(m @ m))


def test_jacobian_both_directions():
    rng = np.random.default_rng(1)
    x, W = rng.normal(size=3), rng.normal(size=(2, 3))

    def layer_ag(x, W):
        return anp.tanh(anp.dot(W, x))
    want = autograd.jacobian(layer_ag)(x, W)
    for mode in ("fwd", "rev", None):
        jac = s2sad.jacobian(layer, mode=mode)
        np.testing.assert_allclose(jac(x, W), want, rtol=1e-12)
    np.testing.assert_allclose(s2sad.jacobian(layer, wrt=1)(x, W), autograd.jacobian(layer_ag, 1)(x, W),
                               rtol=1e-12)
    jx, jw = s2sad.jacobian(layer, wrt=(0, 1), mode="rev")(x, W)
    assert jx.shape == (2, 3) and jw.shape == (2, 2, 3)
    for mode in ("fwd", "rev"):       # a tuple output: one Jacobian per output
        assert s2sad.jacobian(polar, wrt=0, mode=mode)(3.0, 4.0) == pytest.approx((0.6, -4.0 / 25.0))


def layer(x, W):
    return np.tanh(W @ x)


def test_jacobian_default_picks_fewer_sweeps():
    jac = s2sad.jacobian(rosenbrock)          # 1 output, 5 inputs: reverse
    jac(np.ones(5))
    assert jac._last.mode == "vjp"
    jac = s2sad.jacobian(doubling)            # 3 outputs, 3 inputs: forward
    jac(np.array([0.1, 0.2, 0.3]))
    assert jac._last.mode == "jvp"
    with pytest.raises(S2sadError, match="mode"):
        s2sad.jacobian(rosenbrock, mode="sideways")


def test_grad_of_grad():
    assert s2sad.grad(s2sad.grad(cube_sin))(0.7) == pytest.approx(
        autograd.grad(autograd.grad(cube_sin_ag))(0.7), rel=1e-12)
    value, second = s2sad.value_and_grad(s2sad.grad(cube_sin))(0.7)
    assert value == pytest.approx(autograd.grad(cube_sin_ag)(0.7), rel=1e-12)
    assert s2sad.grad(s2sad.grad(mixed, wrt=0), wrt=1)(0.3, 0.5) == pytest.approx(
        2 * 0.3 + np.exp(0.15) * (1 + 0.15), rel=1e-12)
    x = np.array([0.1, -0.4])
    np.testing.assert_allclose(s2sad.grad(s2sad.grad(rnn, wrt=0), wrt=1)(0.5, x),
                               s2sad.hessian(rnn, wrt=(0, 1))(0.5, x)[0][1], rtol=1e-12)
    assert s2sad.grad(s2sad.grad(newton_sqrt))(2.0) == pytest.approx(-0.25 * 2.0 ** -1.5, rel=1e-9)


def newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12 * a:
        x = 0.5 * (x + a / x)
    return x


def test_grad_of_grad_refusals():
    with pytest.raises(NonScalarOutputError, match="hessian"):
        s2sad.grad(s2sad.grad(cubic))(np.ones(3))
    with pytest.raises(S2sadError):
        s2sad.grad(s2sad.grad(s2sad.grad(cube_sin)))(0.7)
    with pytest.raises(S2sadError, match="grad"):
        s2sad.vjp(s2sad.grad(cube_sin))(0.7, 1.0)
    with pytest.raises(S2sadError):
        s2sad.hvp(s2sad.grad(cube_sin))
    with pytest.raises(NonScalarOutputError):
        s2sad.hvp(polar)(1.0, 2.0, 1.0)
    with pytest.raises(NonScalarOutputError):
        s2sad.hvp(layer)(np.ones(3), np.ones((2, 3)), np.ones(3))


def uses_softsign2(x):
    return softsign2(x) * x


def softsign2(x):
    return x / (1.0 + np.abs(x))


def test_hvp_refusal_points_at_the_adjoint():
    @s2sad.adjoint(softsign2)
    def _(y, x):
        d[x] = d[y] / (1.0 + np.abs(x)) ** 2

    s2sad.grad(uses_softsign2)(0.5)
    with pytest.raises(NoDerivativeError, match=r"(?s)tangent\(softsign2\).*adjoint s2sad generated"):
        s2sad.hvp(uses_softsign2)(0.5, 1.0)


def repeated_fancy_write(x):
    y = np.zeros(4)
    y[[0, 2, 2]] = x * x      # a repeated index: the adjoint calls s2sad's last_write_grad
    return np.sum(y * y)


def test_hvp_refusal_for_an_own_helper_does_not_ask_the_user_for_a_rule(monkeypatch):
    """A helper of s2sad's run-time with no forward rule is s2sad's gap: the refusal says so and
    names what works (a difference of gradients), never `@s2sad.tangent(last_write_grad)`."""
    from s2sad.rules import forward_registry, registry, runtime
    monkeypatch.delitem(forward_registry._RULES, registry._key(runtime.last_write_grad), raising=False)
    x = np.array([0.3, -0.7, 1.1])
    with pytest.raises(NoDerivativeError) as info:
        s2sad.hvp(repeated_fancy_write)(x, np.ones(3))
    msg = str(info.value)
    assert "last_write_grad" in msg and "s2sad's own run-time helpers" in msg and "s2sad.grad(f)" in msg
    assert "@s2sad.tangent" not in msg and "nondifferentiable(" not in msg
    line = inspect.getsourcelines(repeated_fancy_write)[1] + 2     # the refusal names the user's line too
    assert f'generated for File "{__file__}", line {line}, column 5' in msg and "y[[0, 2, 2]] = x * x" in msg
    g = s2sad.grad(repeated_fancy_write)            # the advice works: the gradient is right
    np.testing.assert_allclose(g(x), numeric_grad(repeated_fancy_write, (x,), 0), rtol=1e-6)


def loss_and_prediction(w, x, y):
    pred = np.tanh(x @ w)
    return np.mean((pred - y) ** 2), pred


def test_has_aux():
    rng = np.random.default_rng(2)
    w, x, y = rng.normal(size=3), rng.normal(size=(5, 3)), rng.normal(size=5)
    g, aux = s2sad.grad(loss_and_prediction, has_aux=True)(w, x, y)
    np.testing.assert_allclose(aux, np.tanh(x @ w))
    plain = s2sad.vjp(loss_and_prediction)(w, x, y, (1.0, np.zeros(5)))
    np.testing.assert_allclose(g, plain, rtol=1e-12)
    (value, aux2), g2 = s2sad.value_and_grad(loss_and_prediction, has_aux=True)(w, x, y)
    assert value == pytest.approx(loss_and_prediction(w, x, y)[0]) and np.array_equal(aux2, aux)
    np.testing.assert_array_equal(g2, g)
    with pytest.raises(S2sadError, match="pair"):
        s2sad.grad(rnn, has_aux=True)(0.5, np.ones(2))


def loss_and_metrics(w):
    d = {"h": 0.0, "w2": w * w}
    for i in range(3):
        d["h"] = np.tanh(w * d["h"] + 1.0)
    return d["h"] ** 2, d


def test_has_aux_dict():
    """A dict as the auxiliary output whose entry ``h`` the reverse sweep restores from its tape:
    the return gave the restored value (``{'h': 0.0}``), not the one the forward sweep computed."""
    g, aux = s2sad.grad(loss_and_metrics, has_aux=True)(0.5)
    assert aux == loss_and_metrics(0.5)[1]
    assert g == pytest.approx(numeric_grad(lambda w: loss_and_metrics(w)[0], [0.5], 0), rel=1e-6)
    (value, aux2), g2 = s2sad.value_and_grad(loss_and_metrics, has_aux=True)(0.5)
    assert value == pytest.approx(loss_and_metrics(0.5)[0]) and aux2 == aux and g2 == g
    with pytest.raises(UnsupportedSyntaxError, match=r'(?s)line \d+, column 5, in loss_and_metrics.*'
                       r'returning a dict with jit=True.*as a tuple'):
        s2sad.grad(loss_and_metrics, has_aux=True, jit=True)(0.5)


@pytest.mark.jit
def test_second_order_jit():
    x = np.array([0.3, -0.2, 0.5, 0.1])
    np.testing.assert_allclose(s2sad.hvp(rosenbrock, jit=True)(x, np.ones(4)),
                               s2sad.hvp(rosenbrock)(x, np.ones(4)), rtol=1e-12)
    np.testing.assert_allclose(s2sad.hessian(rosenbrock, jit=True)(x), autograd.hessian(rosenbrock_ag)(x),
                               rtol=1e-10)
    check_hvp(rnn_sum, 0.5, x, v=(0.3, x), wrt=(0, 1), jit=True)
    assert s2sad.grad(s2sad.grad(cube_sin), jit=True)(0.7) == pytest.approx(
        autograd.grad(autograd.grad(cube_sin_ag))(0.7), rel=1e-12)
    g, aux = s2sad.grad(loss_and_prediction, has_aux=True, jit=True)(x[:3], np.ones((2, 3)), np.ones(2))
    assert aux.shape == (2,) and g.shape == (3,)
    check_jvp(doubling, np.array([0.3, -0.1, 0.2]), tangent=np.ones(3), jit=True)


def loss_and_stats(w, x):
    pred = np.tanh(x @ w)
    stats = {"mean": np.mean(pred), "pred": pred}
    stats["first"] = pred[0]
    return np.sum(pred ** 2), stats


def test_has_aux_returning_a_dict():
    """A dict aux comes back as the dict Python returns (it used to reach the generated code as
    an undefined name: NameError); under jit=True it is refused with the line."""
    rng = np.random.default_rng(3)
    w, x = rng.normal(size=3), rng.normal(size=(4, 3))
    g, stats = s2sad.grad(loss_and_stats, has_aux=True)(w, x)
    expect = loss_and_stats(w, x)[1]
    assert sorted(stats) == sorted(expect)
    for k in expect:
        np.testing.assert_allclose(stats[k], expect[k], rtol=1e-14)
    np.testing.assert_allclose(g, autograd.grad(lambda w_: anp.sum(anp.tanh(x @ w_) ** 2))(w), rtol=1e-12)
    with pytest.raises(UnsupportedSyntaxError, match=r'(?s)File ".*test_higher.py", line \d+.*tuple'):
        s2sad.grad(loss_and_stats, has_aux=True, jit=True)(w, x)


def test_grad_of_grad_of_a_lambda():
    """The second-order function's generated name came from ``<lambda>`` (a SyntaxError from
    s2sad's own generated code)."""
    cube = lambda x: x ** 3 * np.sin(x)   # noqa: E731
    assert s2sad.grad(s2sad.grad(cube))(0.7) == pytest.approx(
        autograd.grad(autograd.grad(lambda x: x ** 3 * anp.sin(x)))(0.7), rel=1e-12)
    np.testing.assert_allclose(s2sad.hessian(lambda v: np.sum(v ** 3))(np.array([1.0, 2.0])),
                               np.diag([6.0, 12.0]), rtol=1e-14)


def squared_as_1_element_array(x):
    return np.array([x * x])


def test_grad_of_a_one_element_array_output_is_refused():
    """grad needs a scalar output; a (1,)-shaped one used to fail inside the adjoint
    (TypeError: 'float' object is not subscriptable). vjp takes it."""
    for jit in (False, True):
        for mode in (s2sad.grad, s2sad.value_and_grad):
            with pytest.raises(NonScalarOutputError, match=r"shape \(1,\)"):
                mode(squared_as_1_element_array, jit=jit)(2.0)
    assert s2sad.vjp(squared_as_1_element_array)(2.0, np.ones(1)) == pytest.approx(4.0)


WEIGHTS = {"a": 1.5, "b": -0.5}


def loop_over_global_dict_items(x):
    s = 0.0
    for k, w in WEIGHTS.items():
        s = s * 0.5 + w * np.sin(x) * x
    return s


@pytest.mark.parametrize("make", [lambda f: s2sad.hvp(f), lambda f: (lambda x, v: s2sad.grad(s2sad.grad(f))(x) * v)],
                         ids=["hvp", "grad_grad"])
def test_second_order_of_a_loop_over_a_global_dicts_items(make):
    """The adjoint takes the global dict as a parameter, and `.items()` of a parameter was refused
    as 'a method on a value being differentiated' (it is not differentiated)."""
    h = make(loop_over_global_dict_items)(0.7, 1.0)
    assert np.isclose(h, numeric_grad(s2sad.grad(loop_over_global_dict_items), [0.7], 0), rtol=1e-6)


def scaled_square(x, a):
    return a * x * x


@pytest.mark.parametrize("jit", [False, True])
def test_grad_of_grad_of_an_array_output_is_refused(jit):
    """grad(grad(f)) of an f returning an array gave the second derivative of its sum (the adjoint
    run with the head gradient 1.0), where grad(f) itself refuses."""
    inner = s2sad.grad(scaled_square, jit=jit)
    a = np.array([1.0, 2.0])
    for outer in (s2sad.grad(inner), s2sad.value_and_grad(inner), s2sad.grad(inner, wrt=1)):
        with pytest.raises(NonScalarOutputError, match=r"shape \(2,\).*grad\(scaled_square\)\) needs a scalar"):
            outer(0.7, a)
