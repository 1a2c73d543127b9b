"""NumPy calls read as other NumPy calls that have rules (frontend/numpy_forms.py): np.ptp, the
ufunc methods np.add/multiply/maximum/minimum.reduce and np.add/multiply.accumulate, np.select of
lists written in the call, np.sum/np.mean with where=, scipy.linalg.cholesky (lower and upper),
np.linalg.cond (p None, 2, -2). Each was refused (NoDerivativeError) before; checked against finite
differences of the function as written (so the value read instead is checked too) and autograd, in
reverse and forward mode, jit=False and jit=True (one compiled function per mode), and second order.
Forms not covered keep a located refusal."""
import autograd.numpy as anp
import numpy as np
import pytest
import scipy.linalg

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_grad, check_hvp, check_jvp

R = np.random.default_rng(2222)
X = R.uniform(0.5, 1.5, size=(3, 4))
B = R.normal(size=(3, 3))
MASK = np.array([True, False, True, True])
TX, TB = R.normal(size=(3, 4)), R.normal(size=(3, 3))


def forms(x, b):
    a = b @ b.T + 3.0 * np.eye(3)
    return np.sum(np.ptp(x, axis=0) ** 2) + np.ptp(x) + np.sum(np.ptp(x, 1, keepdims=True) * x) \
        + np.sum(np.add.reduce(x) ** 2) + np.sum(np.add.reduce(x, axis=1, keepdims=True) * x) \
        + np.sum(np.multiply.reduce(x, 1)) + np.sum(np.maximum.reduce(x, axis=0) * x[0]) \
        + np.minimum.reduce(np.ravel(x)) + np.sum(np.add.accumulate(x) ** 2) \
        + np.sum(np.multiply.accumulate(x, axis=1) * x) \
        + np.sum(np.select([x > 1.2, x < 0.8], [x ** 2, np.sin(x)], default=np.cos(x))) \
        + np.sum(np.select((x > 1.0,), (x * 3.0,))) \
        + np.sum(x ** 2, where=MASK) + np.sum(np.mean(x * x[0], axis=1, where=MASK) ** 2) \
        + np.mean(np.exp(x), where=x > 1.0) \
        + np.sum(scipy.linalg.cholesky(a, lower=True) * b) + np.sum(scipy.linalg.cholesky(a) * b) \
        + np.linalg.cond(a) + np.linalg.cond(b @ a, 2) + np.linalg.cond(a, -2)


def forms_autograd(x, b):
    a = b @ b.T + 3.0 * anp.eye(3)

    def ptp(v, axis=None, keepdims=False):
        return anp.max(v, axis=axis, keepdims=keepdims) - anp.min(v, axis=axis, keepdims=keepdims)

    def cond(m, p=2):
        s = anp.sqrt(anp.linalg.eigh(m.T @ m)[0])
        return s[-1] / s[0] if p == 2 else s[0] / s[-1]
    masked = anp.where(MASK, x * x[0], 0.0)
    return anp.sum(ptp(x, axis=0) ** 2) + ptp(x) + anp.sum(ptp(x, 1, keepdims=True) * x) \
        + anp.sum(anp.sum(x, axis=0) ** 2) + anp.sum(anp.sum(x, axis=1, keepdims=True) * x) \
        + anp.sum(anp.prod(x, 1)) + anp.sum(anp.max(x, axis=0) * x[0]) \
        + anp.min(x) + anp.sum(anp.cumsum(x, axis=0) ** 2) \
        + anp.sum(anp.stack([anp.prod(x[:, :k + 1], axis=1) for k in range(4)], axis=1) * x) \
        + anp.sum(anp.where(x > 1.2, x ** 2, anp.where(x < 0.8, anp.sin(x), anp.cos(x)))) \
        + anp.sum(anp.where(x > 1.0, x * 3.0, 0)) \
        + anp.sum(anp.where(MASK, x ** 2, 0.0)) + anp.sum((anp.sum(masked, axis=1) / MASK.sum()) ** 2) \
        + anp.sum(anp.where(x > 1.0, anp.exp(x), 0.0)) / anp.sum(x > 1.0) \
        + anp.sum(anp.linalg.cholesky(a) * b) + anp.sum(anp.linalg.cholesky(a).T * b) \
        + cond(a) + cond(b @ a) + cond(a, -2)


def test_reverse():
    check_grad(forms, X, B, wrt=(0, 1), reference=forms_autograd)


def test_forward():
    check_jvp(forms, X, B, tangent=(TX, TB), wrt=(0, 1))
    value, _ = s2sad.jvp(forms, wrt=(0, 1))(X, B, (TX, TB))
    assert value == pytest.approx(forms(X, B), rel=1e-12)


def test_second_order():
    check_hvp(forms, X, B, v=(TX, TB), wrt=(0, 1))


def forms_jit(x, mask):     # one of each form the compiled code sees (np.multiply.accumulate's cumprod gradient: +25 s)
    return np.sum(np.ptp(x, axis=0) ** 2) + np.sum(np.add.reduce(x, axis=1, keepdims=True) * x) \
        + np.sum(np.add.accumulate(x, axis=1) * x) + np.sum(np.select([x > 1.2], [x ** 2], default=np.cos(x))) \
        + np.sum(np.mean(x * x[0], axis=1, where=mask) ** 2)


# scipy.linalg.cholesky and np.linalg.cond compile as np.linalg.cholesky (of a transposed matrix) and
# np.linalg.svd(compute_uv=False), whose compiled rules tests/rules/test_rules_linalg_stats.py checks:
# compiling them here again cost ~60 s of a loaded machine (checked once, by hand, when added).


@pytest.mark.jit
def test_reverse_jit():
    compiled = check_grad(forms_jit, X, MASK, jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(forms_jit)(X, MASK), rtol=1e-10, atol=1e-12)


@pytest.mark.jit
def test_forward_jit():
    check_jvp(forms_jit, X, MASK, tangent=TX, jit=True)


def select_of_named_lists(x):
    conds, choices = [x > 1.0], [x * 2.0]
    return np.sum(np.select(conds, choices))


def sums_between_indices(x):    # (np.add.reduceat until stop 54 gave it a rule: tests/rules/test_lifts54.py)
    return np.sum(np.multiply.reduceat(x, [0, 2], axis=1))


def cholesky_of_a_flag(b, lower):
    return np.sum(scipy.linalg.cholesky(b @ b.T + 3.0 * np.eye(3), lower=lower))


def cond_in_the_1_norm(b):
    return np.linalg.cond(b, 1)


@pytest.mark.parametrize("f, args", [
    (select_of_named_lists, (X,)), (sums_between_indices, (X,)), (cholesky_of_a_flag, (B, True)), (cond_in_the_1_norm, (B,)),
])
def test_forms_not_covered_are_refused_at_their_line(f, args):
    with pytest.raises(NoDerivativeError, match=r"line \d+, column \d+"):
        s2sad.grad(f)(*args)


def constants_only(x):
    c = np.add.reduce(np.arange(6.0).reshape(2, 3), axis=None) + np.ptp(np.arange(3.0))
    return np.sum(x) * c


def test_a_form_of_constants_is_a_constant():
    np.testing.assert_allclose(s2sad.grad(constants_only)(X), np.full((3, 4), 17.0))
