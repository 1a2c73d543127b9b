"""A gradient of a lambda (``s2sad.grad(lambda x: ...)``) called inside a differentiated
function: its reverse rule is generated as ``def grad_<name>``, and a lambda's name is
``<lambda>``, so the rule's source did not parse and the caller's gradient was a
BuildFailedError (``SyntaxError: expected '('``). Checked against central differences and
autograd (under jit the call stays a JitError, as for a named function)."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

dcube = s2sad.grad(lambda x: x ** 3 * np.sin(x))
dsum = s2sad.grad(lambda v, w: np.sum(np.exp(w * v)), wrt=0)


def uses_scalar_lambda_grad(x):
    return dcube(x) * x


def uses_vector_lambda_grad(v, w):
    return np.sum(dsum(v, w) ** 2)


def test_grad_of_a_scalar_lambda_gradient():
    g = check_grad(uses_scalar_lambda_grad, 0.7)
    ref = autograd.grad(lambda x: autograd.grad(lambda t: t ** 3 * anp.sin(t))(x) * x)(0.7)
    np.testing.assert_allclose(g, ref, rtol=1e-10)


@pytest.mark.parametrize("wrt", [0, 1])
def test_grad_of_a_vector_lambda_gradient_both_parameters(wrt):
    v, w = np.array([0.3, -0.5, 0.9]), 1.3
    g = check_grad(uses_vector_lambda_grad, v, w, wrt=wrt)
    ag = lambda v, w: anp.sum(autograd.grad(lambda a, b: anp.sum(anp.exp(b * a)))(v, w) ** 2)  # noqa: E731
    np.testing.assert_allclose(g, autograd.grad(ag, wrt)(v, w), rtol=1e-10)


@pytest.mark.jit
def test_grad_of_a_lambda_gradient_under_jit_is_refused_not_internal():
    # numba cannot call an s2sad gradient object: refused as for a named function's gradient
    with pytest.raises(s2sad.JitError, match="dcube"):
        s2sad.grad(uses_scalar_lambda_grad, jit=True)(0.7)
