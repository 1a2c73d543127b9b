"""Functions written as people in other fields write them (hunt42: hand-written transformer blocks,
batchnorm, convolutions and pooling, RNN/GRU cells, graph networks, Kalman filters, GLMs, survival,
Monte Carlo Greeks, trusses, Crank-Nicolson, shallow water, adaptive RK45, Lennard-Jones,
quaternions, bundle adjustment, TV denoising, and the API situations of issue 8). The whole hunt
lives in /work/scratch/hunt42 (harness.py, sets/*.py, table.md); these are the cases where s2sad
was wrong, raised an internal error, or never finished."""
import functools
import math

import numpy as np

import s2sad
from s2sad import pipeline
from s2sad.testing import check_grad, check_hvp, check_jvp

T, D, H = 5, 4, 2
_rng = np.random.default_rng(42)
WQ, WK, WV, WO = (_rng.standard_normal((D, D)) * 0.5 for _ in range(4))
W1 = _rng.standard_normal((D, 8)) * 0.3
W2 = _rng.standard_normal((8, D)) * 0.3
X0 = _rng.standard_normal((T, D))


def _layernorm(x, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps)


def _softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def _gelu(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def _heads(x):
    dh = D // H
    q = (x @ WQ).reshape(T, H, dh).transpose(1, 0, 2)
    k = (x @ WK).reshape(T, H, dh).transpose(1, 0, 2)
    v = (x @ WV).reshape(T, H, dh).transpose(1, 0, 2)
    a = _softmax(q @ k.transpose(0, 2, 1) / math.sqrt(dh))
    return (a @ v).transpose(1, 0, 2).reshape(T, D) @ WO


def transformer_block(x):
    h = x + _heads(_layernorm(x))
    f = _gelu(_layernorm(h) @ W1) @ W2
    return np.sum((h + f) ** 2)


def test_transformer_block_gradient_is_built():
    """On main f5e5dbc the shape analysis never finished on this pre-LN block (hours): each
    statement's shape term named the previous one once per axis, so the terms doubled at every
    reshape/transpose/@ and hashing them was exponential."""
    check_grad(transformer_block, X0.copy())
    check_jvp(transformer_block, X0.copy(), tangent=np.cos(X0))
    check_hvp(transformer_block, X0.copy(), v=np.cos(X0))


def reshape_chain(x):
    a = x.reshape(4, 6)
    a = np.sin(a).reshape(4, 6) + a
    a = np.sin(a).reshape(4, 6) + a
    a = np.sin(a).reshape(4, 6) + a
    a = np.sin(a).reshape(4, 6) + a
    a = np.sin(a).reshape(4, 6) + a
    return np.sum(a ** 2)


def _largest_term(f, monkeypatch):
    """The length of the repr of the largest shape term the analysis gives a name of ``f``."""
    seen = []
    real = pipeline.stable_shapes
    monkeypatch.setattr(pipeline, "stable_shapes", lambda *a, **k: seen.append(real(*a, **k)) or seen[-1])
    pipeline.build(f, ["x"], stop_after="reverse", param_kinds={"x": 1})
    return max(len(repr(t)) for t in seen[0].terms.values())


def test_shape_terms_stay_as_small_as_the_code(monkeypatch):
    """The terms of a chain of reshapes grew geometrically on main f5e5dbc (here 5 statements: the
    largest term's repr was 4.3 million characters, 10 statements never finished); equal terms
    now share one key (98 characters)."""
    assert _largest_term(reshape_chain, monkeypatch) < 2000
    check_grad(reshape_chain, np.linspace(-1, 1, 24))


def damped(x):
    return x * np.sin(x) + np.exp(-x)


def test_grad_of_grad_of_a_zero_d_array():
    """grad(grad(f)) of a 0-d array refused on main f5e5dbc ("the inner gradient has shape (),
    not a scalar") although grad(f) of it is the derivative; now the second derivative, as for
    a float, in both jit modes, and the argument is left alone."""
    x = np.array(0.7)
    want = 2 * math.cos(0.7) - 0.7 * math.sin(0.7) + math.exp(-0.7)
    for jit in (False, True):
        assert np.isclose(s2sad.grad(s2sad.grad(damped), jit=jit)(x), want, rtol=1e-12)
    value, second = s2sad.value_and_grad(s2sad.grad(damped))(x)
    assert np.isclose(value, s2sad.grad(damped)(0.7)) and np.isclose(second, want)
    assert x.shape == () and x == 0.7


def _logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


def _doubled(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return 2.0 * fn(*args, **kwargs)
    return wrapper


@_logged
def decorated_energy(x, scale=2.0):
    return np.sum(np.sin(x) * scale)


@_doubled
def doubled_energy(x):
    return np.sum(np.sin(x))


def uses_decorated(x):
    return decorated_energy(x) ** 2 + decorated_energy(x[::-1], scale=0.5)


def uses_doubled(x):
    return doubled_energy(x) ** 2


def test_call_of_a_pass_through_decorator_inside_the_function():
    """A helper under a logging decorator (`functools.wraps`, `*args, **kwargs` passed through)
    was refused when called inside the differentiated function ("cannot differentiate *args")
    on main f5e5dbc, while grad of the helper itself went through the wrapper. Now the call is
    the wrapped function's, in every mode. A wrapper that changes the value, refused until stop 53,
    is read under the wrapped function's signature (wrapper_shims.py): its doubling is kept."""
    x = np.array([0.3, 1.2, -0.5])
    for jit in (False, True):
        check_grad(uses_decorated, x, jit=jit)
        check_grad(uses_doubled, x, jit=jit)
    check_jvp(uses_decorated, x, tangent=np.cos(x))
    check_hvp(uses_decorated, x, v=np.cos(x))
    np.testing.assert_allclose(s2sad.grad(uses_doubled)(x), 8.0 * np.sum(np.sin(x)) * np.cos(x), rtol=1e-12)


def _block(h):
    m = h.mean(axis=-1, keepdims=True)
    v = ((h - m) ** 2).mean(axis=-1, keepdims=True)
    return h + 0.1 * np.tanh((h - m) / np.sqrt(v + 1e-5) @ WQ).reshape(T, D).T.reshape(T, D)


def norm_chain(x):
    h = x.reshape(T, D)
    h = _block(h)
    h = _block(h)
    h = _block(h)
    h = _block(h)
    h = _block(h)
    h = _block(h)
    return np.sum(h ** 2)


def test_shape_terms_of_names_of_unknown_rank_stay_small(monkeypatch):
    """Residual layer-norm blocks: `h` is read by three operands of the next `h`, and the
    temporaries of `.reshape(T, D)` have no rank the analysis knows, so their terms are not
    `dims` shapes; each block multiplied the size of the term (17,280 characters after six
    blocks on 79dd7d6; 40 blocks took minutes). Every composite term is now a key."""
    assert _largest_term(norm_chain, monkeypatch) < 2000
    check_grad(norm_chain, np.linspace(-1, 1, T * D))
