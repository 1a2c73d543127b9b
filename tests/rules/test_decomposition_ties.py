"""The one tie rule of the decompositions (s2sad/rules/ties.py, numba twin backends/numba_helpers/numba_ties.py):
eigenvalues / singular values within ties.TIE (1e-7) of each other relative to the largest count as
tied, and a value (or R's diagonal entry) that small as zero, for eigh, eigvalsh, svd, svdvals and qr,
in reverse and forward mode, jit=False and jit=True.

Below the threshold the vectors' derivative (and that of one of two tied values) is ~1/gap sized with
a relative error ~eps/gap that float64 finite differences cannot confirm; it is refused with the line.
Comfortably above, the gradients match finite differences; a symmetric use of tied values (their
sum) is still differentiated at any gap."""
import numpy as np
import pytest

import s2sad
from s2sad.rules.ties import TIE
from s2sad.testing import check_grad, check_jvp

R = np.random.default_rng(0)
Q = np.linalg.qr(R.normal(size=(4, 4)))[0]
C = R.normal(size=4)
T = R.normal(size=(4, 4))
T = T + T.T


def spectrum(rel_gap):
    """A symmetric positive matrix with eigenvalues (= singular values) 1, 1 + 4 rel_gap, 2.5, 4:
    its two smallest are rel_gap apart relative to the largest."""
    a = (Q * np.array([1.0, 1.0 + 4.0 * rel_gap, 2.5, 4.0])) @ Q.T
    return np.tril(a) + np.tril(a, -1).T


def eigh_vector(a):
    return np.sum(np.linalg.eigh(a)[1][:, 0] * C) ** 2


def eigh_values_unevenly(a):
    w = np.linalg.eigh(a)[0]
    return w[0] + 2.0 * w[1]


def eigvalsh_unevenly(a):
    w = np.linalg.eigvalsh(a)
    return w[0] * 3.0 - w[1]


def svd_vector(a):
    u = np.linalg.svd(a)[0]
    return np.sum(u[:, 3] * C) ** 2


def svdvals_unevenly(a):
    s = np.linalg.svd(a, compute_uv=False)
    return s[2] + 2.0 * s[3]


def eigvalsh_tied_sum(a):
    w = np.linalg.eigvalsh(a)
    return (w[0] + w[1]) * 2.0 + w[3]


def eigvalsh_sum_of_squares(a):        # adjoints 2 w_i: apart by 2 gap, a symmetric use all the same
    return np.sum(np.linalg.eigvalsh(a) ** 2)


def svdvals_sum_of_squares(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 2) * 0.5


def svdvals_tied_sum(a):
    s = np.linalg.svd(a, compute_uv=False)
    return np.sum(s[2:]) * 3.0 + s[0] ** 2


UNEVEN = [eigh_vector, eigh_values_unevenly, eigvalsh_unevenly, svd_vector, svdvals_unevenly]
COMPILED = {eigvalsh_unevenly, svdvals_unevenly, eigvalsh_tied_sum, svdvals_tied_sum, eigvalsh_sum_of_squares,
            svdvals_sum_of_squares}   # jit=True compiles these (eigh's pair and svd's triple: JitError)
BELOW, ABOVE = 0.5 * TIE, 1e-3     # 5e-8 was differentiated when the threshold was 1e-9


def _modes(fs):
    return [pytest.param(f, jit, id=f"{f.__name__}-{'jit' if jit else 'python'}", marks=[pytest.mark.jit] * jit)
            for f in fs for jit in (False, True) if not jit or f in COMPILED]


def test_the_measured_threshold():
    assert TIE == 1e-7
    w = np.linalg.eigvalsh(spectrum(BELOW))
    assert TIE * 1e-2 < (w[1] - w[0]) / w[-1] < TIE


@pytest.mark.parametrize("f, jit", _modes(UNEVEN))
def test_a_near_tie_used_unevenly_is_refused_in_reverse_mode(f, jit):
    with pytest.raises(s2sad.NoDerivativeError, match="repeated") as err:
        s2sad.grad(f, jit=jit)(spectrum(BELOW))
    assert "line" in str(err.value)


@pytest.mark.parametrize("f, jit", _modes(UNEVEN))
def test_a_near_tie_is_refused_in_forward_mode(f, jit):
    with pytest.raises(s2sad.NoDerivativeError, match="repeated") as err:
        s2sad.jvp(f, jit=jit)(spectrum(BELOW), T)
    assert "line" in str(err.value)


@pytest.mark.parametrize("f, jit", _modes(UNEVEN))
def test_a_comfortable_gap_matches_finite_differences(f, jit):
    check_grad(f, spectrum(ABOVE), jit=jit, rtol=1e-5)
    check_jvp(f, spectrum(ABOVE), tangent=T, jit=jit, rtol=1e-5)


@pytest.mark.parametrize("f, jit", _modes([eigvalsh_tied_sum, svdvals_tied_sum, eigvalsh_sum_of_squares,
                                          svdvals_sum_of_squares]))
@pytest.mark.parametrize("gap", [0.0, BELOW, ABOVE])
def test_tied_values_used_alike_are_differentiated_in_reverse_mode(f, jit, gap):
    check_grad(f, spectrum(gap), jit=jit)


def test_tied_singular_values_have_no_tangent():
    # at an exact tie the two values swap order along T: diag(U^T T V) would be a wrong tangent
    with pytest.raises(s2sad.NoDerivativeError, match="repeated"):
        s2sad.jvp(svdvals_unevenly)(spectrum(0.0), T)


def qr_sum(a):
    q, r = np.linalg.qr(a)
    return np.sum(q * T[:, :3]) + np.sum(r ** 2)


def nearly_dependent(rel):
    """A 4x3 matrix whose third column is the sum of the others plus ``rel`` times a unit vector
    orthogonal to them: |R[2, 2]| = rel (the others are ~1)."""
    a = R.normal(size=(4, 3)) / 2.0
    q = np.linalg.qr(a)[0]
    z = np.linalg.qr(np.column_stack([q, R.normal(size=4)]))[0][:, 3]
    a[:, 2] = a[:, 0] + a[:, 1] + rel * z
    return a


def test_qr_with_a_nearly_zero_diagonal_is_refused():     # (jit=True does not compile QR's pair)
    a = nearly_dependent(BELOW)
    d = np.abs(np.diag(np.linalg.qr(a)[1]))
    assert TIE * 1e-2 < d.min() / d.max() < TIE
    with pytest.raises(s2sad.NoDerivativeError, match="rank-deficient"):
        s2sad.grad(qr_sum)(a)
    with pytest.raises(s2sad.NoDerivativeError, match="rank-deficient"):
        s2sad.jvp(qr_sum)(a, T[:, :3])
    check_grad(qr_sum, nearly_dependent(0.3))
