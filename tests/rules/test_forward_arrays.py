"""Forward mode of the array rules (issue 11): every case of ``test_rules_arrays.CASES`` is
differentiated with ``s2sad.jvp`` along a random tangent of all its differentiated arguments
at once, and checked against central finite differences along that tangent. The compiled
mode runs on a smoke function; forms the reverse rules refuse are refused here too."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp, check_jvp
from s2sad.backends.jit import JitError
from rules.test_rules_arrays import (CASES, INTERP_X, M23, M43, SQ, T234, V3, XP, einsum_variable, jit_blocks,
                                    pad_uncovered)


def _tangent(args, wrt, seed):
    rng = np.random.default_rng(seed)
    pos = wrt if isinstance(wrt, tuple) else (wrt,)
    vs = tuple(rng.normal(size=np.shape(args[p])) if np.ndim(args[p]) else float(rng.normal()) for p in pos)
    return vs if isinstance(wrt, tuple) else vs[0]


@pytest.mark.parametrize("f, args, wrt", [c[:3] for c in CASES], ids=[c[0].__name__ for c in CASES])
def test_rule_forward_mode(f, args, wrt):
    check_jvp(f, *args, tangent=_tangent(args, wrt, 5), wrt=wrt, rtol=1e-5, atol=1e-6)


def forward_smoke(a, b, s, S):
    y = np.sum(np.concatenate([a, b]) ** 2) + np.sum(np.hstack([a, s]) ** 3) + np.sum(np.cumprod(b) * a[0])
    y = y + np.sum(np.pad(b, (1, 2), constant_values=s) ** 2 * np.arange(7.0))
    y = y + np.sum(np.interp(INTERP_X * s, XP, a, a[0], None) ** 2) + np.sum(np.interp(0.3, b[1:], a) ** 2)
    sign, logdet = np.linalg.slogdet(S)
    return y + sign * logdet


@pytest.mark.jit
def test_forward_jit_smoke():
    args = (V3, np.array([0.5, -1.2, 0.0, 2.0]), 0.7, SQ)
    check_jvp(forward_smoke, *args, tangent=_tangent(args, (0, 1, 2, 3), 6), wrt=(0, 1, 2, 3), jit=True)


@pytest.mark.jit
def test_forward_and_second_order_jit_blocks(request):
    """tril/triu/diagonal/kron compiled forward, and forward over their compiled reverse helpers."""
    if not request.config.getoption("--jit-all"):
        pytest.skip("two numba compiles of a minute or more; run with --jit-all")
    args = (V3, M43, T234, M23[:, :2].copy())
    v = _tangent(args, (0, 1, 2, 3), 8)
    check_jvp(jit_blocks, *args, tangent=v, wrt=(0, 1, 2, 3), jit=True)
    check_hvp(jit_blocks, *args, v=v, wrt=(0, 1, 2, 3), jit=True, rtol=1e-4, atol=1e-5)


def forward_einsum(A):
    return np.einsum("ij,ij", A, A)


@pytest.mark.jit
def test_forward_jit_einsum_compiles():    # numba has no einsum: s2sad's loops (numba_rules_einsum.py)
    check_jvp(forward_einsum, M23, tangent=np.ones((2, 3)), jit=True)


@pytest.mark.parametrize("f, args", [(pad_uncovered, (V3,)), (einsum_variable, (M23, "ij,ij"))],
                         ids=["pad_uncovered", "einsum_variable"])
def test_forms_the_reverse_rules_refuse_are_refused_forward(f, args):
    with pytest.raises(s2sad.NoDerivativeError, match="covers"):
        s2sad.jvp(f)(*args, np.ones(np.shape(args[0])))


# ---- second order (hvp: forward over the reverse helpers) ----------------------------------
HVP_OK = {"concatenate", "concatenate_axis1", "concatenate_flat", "stacks", "hstack_number", "vstack_ranks",
          "atleast", "tile", "repeat", "repeat_counts", "pad", "pad_axes", "flips", "roll", "diag", "diff",
          "squeeze", "median", "diagonal", "diagonal_forms", "triangles", "triangles_of_a_vector",
          "triangles_stacked", "kron", "kron_stacked", "kron_first_fewer", "kron_number", "erf_math",
          "erf_scipy", "add_at", "add_at_rows", "set_repeated", "set_repeated_constant", "add_repeated",
          "newaxis", "pick", "joined_twice", "joined_in_loop", "cross", "cross_axes",
          "cumprod", "cumprod_axes", "interp", "interp_bounds", "trapezoid", "trapezoid_dx", "trapezoid_axes"}
HVP_CASES = [c[:3] for c in CASES if c[0].__name__ in HVP_OK]


@pytest.mark.parametrize("f, args, wrt", HVP_CASES, ids=[c[0].__name__ for c in HVP_CASES])
def test_rule_second_order(f, args, wrt):
    check_hvp(f, *args, v=_tangent(args, wrt, 7), wrt=wrt, rtol=1e-4, atol=1e-5)


def covariances(m):          # cov_grad: its forward rule is in tangents_adjoint_linalg.py
    return np.sum(np.cov(m) ** 2)


def vander_columns(x):       # vander_slope: its forward rule is vander_curvature
    return np.sum(np.vander(x, 3) ** 2)


@pytest.mark.parametrize("f, args, wrt", [(covariances, (M23,), 0), (vander_columns, (V3,), 0)],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_second_order_through_helpers_once_without_a_forward_rule(f, args, wrt):
    """Refused while cov_grad and vander_slope had no forward rule; now differentiated."""
    check_hvp(f, *args, v=_tangent(args, wrt, 7), wrt=wrt, rtol=1e-4, atol=1e-5)
