"""Functions written as people in other fields write them (hunt46: orbital mechanics, optics,
chemical kinetics, epidemiology, pharmacokinetics, traffic and hydrology, robot kinematics,
cloth/SPH/rigid bodies, image processing, recommenders, ranking and contrastive losses, flows,
VAEs, GPs, optimal transport, attention; and the same at extreme inputs). The whole hunt lives in
/work/scratch/hunt46 (harness.py, sets/*.py, table.md); these are the cases where s2sad was
wrong or raised an internal error."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError


def gaussian_beam_waist(w0):
    """Gaussian beam through lenses by its complex q parameter (optics, ABCD law)."""
    lam = 0.5e-3
    q = complex(0.0, 1.0) * (np.pi * w0 ** 2 / lam)
    for d, f in [(10.0, 50.0), (20.0, 30.0), (5.0, 0.0)]:
        q = q + d
        if f != 0.0:
            q = q / (1 - q / f)
    return np.sqrt(-lam / (np.pi * (1 / q).imag))


def imag_of_a_literal_product(w):
    return (1 / (1j * w)).imag


def sign_of_a_complex_value(w):
    return np.sign(w + 1j).real      # w / sqrt(w**2 + 1)


@pytest.mark.parametrize("f", [gaussian_beam_waist, imag_of_a_literal_product, sign_of_a_complex_value])
@pytest.mark.parametrize("mode", ["grad", "jvp", "hvp", "grad_jit"])
def test_the_imaginary_part_of_a_differentiated_complex_value_is_refused(f, mode):
    # np.imag (and .imag) is declared constant, true of real numbers only: activity stopped there,
    # the complex value upstream never met an active name, and the gradient was 0.0 (the beam
    # waist's is 0.362; imag(1/(1j w)) = -1/w has the slope 1/w**2)
    with pytest.raises(UnsupportedSyntaxError, match=r"line \d+.*\n.*\n.*\n.*imaginary part or the sign"):
        if mode == "grad":
            s2sad.grad(f)(0.2)
        elif mode == "jvp":
            s2sad.jvp(f)(0.2, 1.0)
        elif mode == "hvp":
            s2sad.hvp(f)(0.2, 1.0)
        else:
            s2sad.grad(f, jit=True)(0.2)       # refused before anything is compiled


def imag_of_a_real_value_and_a_constant_complex(x):
    z = np.array([1.0 + 2.0j, 0.5 - 1j])
    return np.sum(np.imag(x) + x * z.imag + np.sign(z.real) * x)


def test_the_imaginary_part_of_real_or_constant_values_is_still_differentiated():
    x = np.array([0.3, -1.2])
    assert np.allclose(s2sad.grad(imag_of_a_real_value_and_a_constant_complex)(x), [3.0, 0.0])



def sign_of_the_real_part_of_a_complex_matrix(x):
    Y = np.array([[1.0 - 2.0j, -0.5 + 1.0j], [-0.5 + 1.0j, 1.0 - 2.0j]])
    return np.sum(np.sign(Y.real @ x) * x ** 2)


def test_the_sign_of_a_real_part_is_still_differentiated():
    # np.sign of `.real` of a complex constant times x is real: piecewise constant, no refusal
    x = np.array([0.3, -1.2])
    g = s2sad.grad(sign_of_the_real_part_of_a_complex_matrix)(x)
    assert np.allclose(g, np.sign(np.array([[1.0, -0.5], [-0.5, 1.0]]) @ x) * 2 * x)


Y_BUS = np.array([[1.0 - 2.0j, -0.5 + 1.0j], [-0.5 + 1.0j, 1.0 - 2.0j]])


def injections_from_the_real_part_of_a_global(th):
    return np.sum((Y_BUS.real @ th) ** 2 + np.sign(Y_BUS.imag @ th) * th)


def test_the_real_part_of_a_complex_global_is_a_real_constant():
    # refused on main ("combines a complex number"): the seed test walked into `Y_BUS.real` and
    # found the complex global's name; a local complex matrix was differentiated
    th = np.array([0.1, -0.2])
    G = Y_BUS.real
    g = s2sad.grad(injections_from_the_real_part_of_a_global)(th)
    assert np.allclose(g, 2 * G.T @ (G @ th) + np.sign(Y_BUS.imag @ th))


def logistic_nll_by_xlog1py(w):
    """Logistic regression's likelihood as scipy.special writes it (xlogy/xlog1py): xlog1py had
    no rule and was refused; it is now read as scipy_stats_forms' xlog1py form."""
    from scipy import special
    X = np.array([[0.3, -1.2], [1.1, 0.4], [-0.6, 0.9]])
    y = np.array([1.0, 0.0, 1.0])
    p = special.expit(X @ w)
    return -np.sum(special.xlogy(y, p) + special.xlog1py(1 - y, -p))


def xlog1py_both_sides_of_one_half(v):
    from scipy import special
    return np.sum(special.xlog1py(v[:3], v[3:]))


@pytest.mark.parametrize("f, x", [
    (logistic_nll_by_xlog1py, np.array([0.3, -0.5])),
    (xlog1py_both_sides_of_one_half, np.array([0.0, 2.0, 1.5, -0.7, 0.4, -0.9])),
    (xlog1py_both_sides_of_one_half, np.array([0.5, 2.0, 1.5, -0.7, 0.4, -0.9]))])
def test_xlog1py_is_differentiated(f, x):
    from s2sad.testing import check_grad, check_hvp, check_jvp
    value, _ = s2sad.value_and_grad(f)(x)
    assert value == f(x)
    check_grad(f, x)
    check_jvp(f, x, tangent=np.linspace(-0.3, 0.4, x.size))
    if x[0] != 0.0:     # xlogy's mixed second derivative at x == 0 is a rule finding (reported)
        check_hvp(f, x, v=np.linspace(-0.3, 0.4, x.size))
