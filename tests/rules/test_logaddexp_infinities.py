"""``np.logaddexp``'s share ``exp(x - z)`` where both operands are -inf (log-space dynamic
programming starts from -inf): it is NaN there, and a NaN share times a zero gradient or
tangent made the whole result NaN in forward mode (and NaN adjoints in reverse mode)."""
import numpy as np
import pytest

from s2sad.rules.runtime import logaddexp_share
from s2sad.testing import check_grad, check_hvp, check_jvp


def log_space_dp(logp):
    """The forward algorithm of a left-to-right chain in log space, from -inf."""
    T, S = logp.shape
    a = np.full(S, -np.inf)
    a[0] = logp[0, 0]
    for t in range(1, T):
        new = np.full(S, -np.inf)
        for s in range(S):
            cand = a[s]
            if s > 0:
                cand = np.logaddexp(cand, a[s - 1])
            new[s] = cand + logp[t, s]
        a = new
    return a[-1] + np.logaddexp2(a[-2], a[-1])


LOGP = np.log(np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.3, 0.3, 0.4], [0.5, 0.25, 0.25]]))


def test_share_of_equal_infinities_is_a_half_and_elsewhere_exp_x_minus_z():
    x = np.array([-np.inf, np.inf, 1.0, -3.0, 700.0])
    y = np.array([-np.inf, np.inf, 1.0, 2.0, -700.0])
    with np.errstate(invalid="ignore"):
        expected = np.where(x == y, 0.5, np.exp(x - np.logaddexp(x, y)))
    assert np.allclose(logaddexp_share(x, y), expected, rtol=1e-15, atol=0)
    assert logaddexp_share(-np.inf, -np.inf) == 0.5 and type(logaddexp_share(1.0, 2.0)) is float


@pytest.mark.parametrize("jit", [False, True])
def test_dynamic_programming_from_minus_infinity(jit):
    g = check_grad(log_space_dp, LOGP, jit=jit)
    assert np.all(np.isfinite(g))


def test_forward_and_second_order_from_minus_infinity():
    v = np.random.default_rng(0).standard_normal(LOGP.shape)
    _, tangent = check_jvp(log_space_dp, LOGP, tangent=v)
    assert np.isfinite(tangent)
    assert np.all(np.isfinite(check_hvp(log_space_dp, LOGP, v=v)))
