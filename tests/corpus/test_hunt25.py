"""Functions written as people in other fields write them (hunt25: acoustics, seismology,
electrochemistry, polymers, plasma pushers, stiff kinetics, ballistics, spectroscopy, finite
elements and SIMP, Kalman and particle filters, Sinkhorn, supply chains, opinion dynamics,
attention blocks, flows, variational inference, contrastive and distillation losses), in numerically
careful, alias-heavy, helper-heavy and defensive habits. The whole hunt lives in /work/scratch/hunt25
(harness.py, set_*.py, README.md); these are the cases where s2sad was wrong or crashed."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def sqrt_above_threshold(x):          # soft-threshold energy: entries below 0.5 contribute nothing
    return np.sum(np.sqrt(np.maximum(x - 0.5, 0.0)))


def arcsin_of_clipped(x):             # the habit of clipping into the domain before arcsin
    return np.sum(np.arcsin(np.clip(x, -1.0, 1.0)))


def sqrt_of_builtin_max(x):
    return np.sqrt(max(x[0] - x[1], 0.0)) + x[1] ** 2


@pytest.mark.parametrize("f, x", [(sqrt_above_threshold, np.array([0.2, 1.0, 2.0])),
                                  (arcsin_of_clipped, np.array([1.5, 0.3, -2.0])),
                                  (sqrt_of_builtin_max, np.array([0.1, 0.4]))])
def test_an_argument_a_maximum_or_clip_does_not_select_gets_zero_not_nan(f, x):
    """NaN on main 0586487 where the derivative is 0: the rule of np.maximum / np.clip / max
    multiplied the incoming gradient (inf: sqrt' or arcsin' at the bound) by a 0/1 mask, and
    0 * inf is NaN. The rules now select."""
    g = check_grad(f, x)
    assert np.all(np.isfinite(g))


def test_a_clipped_sqrt_compiled():
    check_grad(sqrt_above_threshold, np.array([0.2, 1.0, 2.0]), jit=True)


def floor_of_cube_root(x):            # the cube root's tangent is inf at 0, where the floor is picked
    return np.sum(np.maximum(np.cbrt(x), 0.5)) + np.clip(np.cbrt(x[0]), 0.25, 2.0)


def test_a_tangent_a_maximum_or_clip_does_not_select_is_dropped_not_nan():
    """NaN on main 0586487 in forward mode (inf * 0 in np.maximum's and np.clip's tangents)."""
    x = np.array([0.0, 1.0, 8.0])
    _, t = check_jvp(floor_of_cube_root, x, tangent=np.ones(3))
    assert np.isfinite(t)


def impedance_magnitude(x):
    z = (1 + 2j) * x
    return np.sum(np.abs(z))


def safe_ratio_into_zeros(x):
    c = np.cumsum(x)
    # out=np.zeros_like(x) is read as the double where since scipy26 (frontend/ufunc_out.py); a fresh
    # array given a dtype stays refused (NumPy may refuse the cast)
    return np.sum(np.divide(x, c, out=np.ones_like(x, dtype=float), where=c != 0))


@pytest.mark.parametrize("f, quoted", [(impedance_magnitude, "a complex number"),
                                       (safe_ratio_into_zeros, "`np.ones_like(x, dtype=float)`")])
def test_a_refusal_quotes_what_the_user_wrote_not_a_temporary(f, quoted):
    """On main 0586487 both quoted a temporary of s2sad's (`t1`) that the user never wrote."""
    with pytest.raises(s2sad.errors.UnsupportedSyntaxError, match=r"line \d+") as e:
        s2sad.grad(f)(np.array([0.5, 1.0]))
    assert quoted in str(e.value) and "`t1`" not in str(e.value)
