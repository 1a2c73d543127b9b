"""Functions written as people in other fields write them (hunt41: hand-written ResNet/neural ODE
blocks, normalising flows, mixture density networks, GP marginal likelihoods, VAE and contrastive
losses, 1-d optimal transport, DTW and soft-DP, HMM/CRF forward passes, root finders, implicit
Euler, CSTRs, batteries, photosynthesis, fisheries, reservoirs, buckling, and the newer calls:
solve_triangular, cho_factor/cho_solve, expm, lfilter, logaddexp.accumulate, multi_dot, i0/i1,
erfcx, polyder/polyint). The whole hunt lives in /work/scratch/hunt41 (harness.py, sets/*.py,
table.md); these are the cases where s2sad was wrong or refused a reasonable form wrongly."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp, check_jvp


def _bump_first(lst, v):                # a helper updating a list's element in place
    lst[0] += v
    return lst[0]


def shared_list_through_helper(x):
    s = x[0] * 2.0                      # the caller's first temporary is a number
    a = x * 1.0
    lst = [a, a]                        # both positions hold `a`: `+=` changes all three
    y = _bump_first(lst, x)
    return np.sum(lst[1] * y) + np.sum(a) * s


def test_aug_write_on_shared_list_element_in_a_helper_is_refused_like_inline():
    """On lead 31f47e3 the helper's `lst[0] += v`, once inlined, kept the name of the element it
    read from before the inliner's renaming (`t1`), which then named the caller's number `t1`:
    the check that another name holds the array was skipped and grad was half the true one
    ([3.2, -2.2, 5.0] for [6.4, -4.4, 10.0]). Written inline the same update is refused."""
    x = np.array([0.3, -0.7, 1.1])
    with pytest.raises(UnsupportedSyntaxError, match=r"`lst\[...\] op= ...` on an array of the list `lst`"):
        s2sad.grad(shared_list_through_helper)(x)
    with pytest.raises(UnsupportedSyntaxError, match=r"line 17"):
        s2sad.jvp(shared_list_through_helper)(x, np.ones(3))


def decaying_steps(x):                  # a closure keeping a mutable counter in a list
    scale = [1.0]

    def step(v):
        scale[0] *= 0.9
        return v * scale[0] + np.cos(v)
    for i in range(4):
        x = step(x)
    return np.sum(x ** 2)


def test_closure_updating_a_list_of_numbers_is_differentiated():
    """On lead 31f47e3 this was refused with "an array of the list `scale` that `v` also holds"
    (the stale element name named the caller's array); `scale` holds numbers only."""
    x = np.array([0.3, 0.5, 0.7])
    check_grad(decaying_steps, x)
    check_jvp(decaying_steps, x, tangent=np.array([1.0, -0.5, 0.2]))
    check_hvp(decaying_steps, x, v=np.array([1.0, -0.5, 0.2]), rtol=1e-4)
    # checkpoint=2: `scale` is loop state, restored from a snapshot before a step runs again
    # (refused until open44: "a checkpointed loop that appends to the list `scale`")
    np.testing.assert_allclose(s2sad.grad(decaying_steps, checkpoint=2)(x), s2sad.grad(decaying_steps)(x),
                               rtol=1e-12)


def slope_energy(c):                    # a polynomial's derivative scaled in place
    d = np.polyder(c)
    d *= 2.0
    return np.sum(c ** 2) + np.polyval(d, 0.5)


def zeroth_derivative(c):
    d = np.polyder(c, 0)                # m=0: NumPy returns c itself
    d *= 2.0
    return np.sum(c ** 2) + np.polyval(d, 0.5)


def test_polyder_result_written_in_place_is_new_unless_m_may_be_zero():
    """On lead 31f47e3 np.polyder and np.polyint were in no alias table (tests/analyses/
    test_alias_views.py failed): any write into their result was refused as possibly sharing
    with `c`. They allocate, except with m=0, where they return the argument itself."""
    c = np.array([1.0, -2.0, 0.5])
    check_grad(slope_energy, c)
    check_jvp(slope_energy, c, tangent=np.array([1.0, 0.5, -1.0]))
    with pytest.raises(UnsupportedSyntaxError, match=r"`c` may share its memory"):
        s2sad.grad(zeroth_derivative)(c)
